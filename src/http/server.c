/* server.c — the libmicrohttpd adapter: buffers each request body under its cap, builds a
 * struct request, dispatches it and sends the struct response. One arena per request,
 * freed in the completion callback. Answers on the final call of the access handler (not
 * the first), which keeps keep-alive connections alive. */
#include "http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "core/utf8.h"
#include "core/banned.h"

struct conn_state {
    arena *a;
    buf body;
    size_t limit;
    bool too_big;
};

static bool starts_with(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static size_t body_limit(const char *url, const char *ctype)
{
    if (starts_with(url, "/api/v1/files") || starts_with(ctype, "multipart/form-data"))
        return HTTP_MAX_UPLOAD;
    return HTTP_MAX_BODY;
}

struct args_ctx {
    struct request *req;
    bool bad;
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    struct args_ctx *ac = cls;
    struct request *req = ac->req;
    if (req->nquery >= HTTP_MAX_QUERY_ARGS) {
        ac->bad = true;
        return MHD_NO;
    }
    if (!utf8_valid(key, strlen(key)) || (value && !utf8_valid(value, strlen(value)))) {
        ac->bad = true;
        return MHD_NO;
    }
    req->query[req->nquery].key = arena_strdup(req->a, key);
    req->query[req->nquery].value = arena_strdup(req->a, value ? value : "");
    req->nquery++;
    return MHD_YES;
}

static const char *header(struct MHD_Connection *c, arena *a, const char *name)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
    return v ? arena_strdup(a, v) : NULL;
}

static void client_address(struct MHD_Connection *c, struct request *req)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char addr[INET6_ADDRSTRLEN] = "";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr,
                      sizeof addr);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr,
                      sizeof addr);
    }
    /* Behind our own proxy (and only then) the client address is what it tells us. */
    const char *real =
        req->cfg->trust_proxy ? MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP") : NULL;
    if (real && *real && strlen(real) < INET6_ADDRSTRLEN &&
        strspn(real, "0123456789abcdefABCDEF.:") == strlen(real))
        req->address = arena_strdup(req->a, real);
    else
        req->address = arena_strdup(req->a, addr);
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct request *req,
                                     struct response *r)
{
    struct MHD_Response *mr;
    if (r->data) {
        mr = MHD_create_response_from_buffer(r->data_len, (void *)r->data, MHD_RESPMEM_MUST_COPY);
        buf_release(&r->body);
    } else {
        size_t len;
        char *body = buf_detach(&r->body, &len);
        mr = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        if (!mr)
            free(body);
    }
    if (!mr)
        return MHD_NO;
    MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE,
                            r->content_type ? r->content_type : "text/plain; charset=utf-8");
    MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(mr, "Referrer-Policy", "same-origin");
    MHD_add_response_header(mr, "X-Frame-Options", "DENY");
    MHD_add_response_header(mr, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data: blob:; "
                            "media-src 'self' blob:; object-src 'none'; base-uri 'none'; "
                            "frame-ancestors 'none'; form-action 'self'");
    bool cache_set = false;
    for (int i = 0; i < r->nheaders; i++) {
        MHD_add_response_header(mr, r->headers[i].name, r->headers[i].value);
        cache_set |= strcmp(r->headers[i].name, "Cache-Control") == 0;
    }
    if (!cache_set)
        MHD_add_response_header(mr, "Cache-Control", "no-store");
    (void)req;
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, mr);
    MHD_destroy_response(mr);
    return ret;
}

static enum MHD_Result reject(struct MHD_Connection *conn, struct conn_state *cs, int status,
                              fz_err code, const char *message)
{
    struct request req = {.a = cs->a};
    struct response r = {0};
    buf_init(&r.body, 0);
    resp_error(&req, &r, code, message, NULL);
    r.status = status;
    return send_response(conn, &req, &r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct server_config *cfg = cls;
    struct conn_state *cs = *con_cls;
    if (!cs) {
        cs = calloc(1, sizeof *cs);
        if (!cs)
            return MHD_NO;
        cs->a = arena_new();
        const char *ctype =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        cs->limit = body_limit(url, ctype);
        buf_init(&cs->body, cs->limit + 1);
        *con_cls = cs;
        const char *clen =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        /* A declared length over the cap is answered now, before any of the body is read:
         * libmicrohttpd then discards the body and closes the connection. (A response may
         * be queued on this first call or the last, never while upload data is passed.) */
        if (clen && strtoull(clen, NULL, 10) > cs->limit) {
            cs->too_big = true;
            return reject(conn, cs, 413, FZ_ETOOBIG,
                          cs->limit == HTTP_MAX_UPLOAD ? "上传的文件超过 20 MB 的上限"
                                                       : "提交的内容超过 1 MB 的上限");
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        /* A body without a declared length (chunked) that outgrows the cap is read and
         * dropped, and refused on the final call below. */
        if (!cs->too_big) {
            if (cs->body.len + *upload_data_size > cs->limit)
                cs->too_big = true;
            else
                buf_put(&cs->body, upload_data, *upload_data_size);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (cs->too_big)
        return reject(conn, cs, 413, FZ_ETOOBIG,
                      cs->limit == HTTP_MAX_UPLOAD ? "上传的文件超过 20 MB 的上限"
                                                   : "提交的内容超过 1 MB 的上限");

    int64_t started = time_now_ms();
    struct request req = {.a = cs->a, .cfg = cfg};
    struct response r = {.status = 200};
    buf_init(&r.body, 0);
    req.method = arena_strdup(cs->a, method);
    req.path = arena_strdup(cs->a, url);
    req.query = arena_calloc(cs->a, HTTP_MAX_QUERY_ARGS + 1, sizeof *req.query);
    struct args_ctx ac = {&req, false};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, &ac);
    req.body = cs->body.p;
    req.body_len = cs->body.len;
    req.content_type = header(conn, cs->a, MHD_HTTP_HEADER_CONTENT_TYPE);
    req.cookie = header(conn, cs->a, MHD_HTTP_HEADER_COOKIE);
    req.csrf_header = header(conn, cs->a, "X-CSRF-Token");
    req.authorization = header(conn, cs->a, MHD_HTTP_HEADER_AUTHORIZATION);
    req.origin = header(conn, cs->a, "Origin");
    req.host = header(conn, cs->a, MHD_HTTP_HEADER_HOST);
    req.if_none_match = header(conn, cs->a, MHD_HTTP_HEADER_IF_NONE_MATCH);
    client_address(conn, &req);
    if (ac.bad || !utf8_valid(req.path, strlen(req.path)))
        resp_error(&req, &r, FZ_EINVAL, "请求地址或参数含有无效字符，或参数过多", NULL);
    else
        http_dispatch(&req, &r);
    if (req.db) {
        store_release(cfg->st, req.db);
        req.db = NULL;
    }
    int status = r.status;
    enum MHD_Result ret = send_response(conn, &req, &r);
    log_debug("%s %s %d %lldms", method, url, status, (long long)(time_now_ms() - started));
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)conn, (void)toe;
    struct conn_state *cs = *con_cls;
    if (!cs)
        return;
    buf_release(&cs->body);
    arena_free(cs->a);
    free(cs);
    *con_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && line[n - 1] == '\n')
        line[--n] = '\0';
    log_warn("http: %s", line);
}

int http_serve(struct server_config *cfg)
{
    struct sockaddr_in sin = {0};
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t)cfg->port);
    if (inet_pton(AF_INET, cfg->host, &sin.sin_addr) != 1) {
        fprintf(stderr, "fazhi serve: --listen host must be an IPv4 address, not \"%s\"\n",
                cfg->host);
        return 2;
    }
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    store_set_max_conns(cfg->st, cfg->threads + 1);

    struct MHD_Daemon *d =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0,
                         NULL, NULL, on_request, cfg, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin, MHD_OPTION_THREAD_POOL_SIZE,
                         (unsigned)cfg->threads, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                         MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_CONNECTION_LIMIT, 1000u,
                         MHD_OPTION_PER_IP_CONNECTION_LIMIT, 256u, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "fazhi serve: cannot listen on %s:%d (in use, or not allowed)\n", cfg->host,
                cfg->port);
        return 3;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int port = info ? info->port : cfg->port;
    printf("fazhi is serving on http://%s:%d/\n", cfg->host, port);
    fflush(stdout);
    log_info("serving on %s:%d with %d threads", cfg->host, port, cfg->threads);
    int sig = 0;
    sigwait(&sigs, &sig);
    log_info("stopping (signal %d)", sig);
    MHD_stop_daemon(d);
    return 0;
}
