/* server.c — the libmicrohttpd adapter: buffers each request body under its cap, builds a
 * struct request, dispatches it and sends the struct response. One arena per request,
 * freed in the completion callback. Answers on the final call of the access handler (not
 * the first), which keeps keep-alive connections alive; a body refused by its declared
 * length, or sent without valid credentials to an upload route, is answered on the first
 * call instead, before any of it is read. */
#include "http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "core/utf8.h"
#include "engine/entity.h"
#include "engine/people.h"
#include "core/banned.h"

/* Why a body is refused once it has been read (or dropped). */
enum body_refusal { BODY_OK, BODY_TOO_BIG, BODY_UNAUTH, BODY_BUSY };

struct conn_state {
    arena *a;
    char *body; /* the body and a NUL; cap bytes, counted in buffered_total */
    size_t len, cap;
    size_t limit;         /* bytes of body accepted */
    bool upload_unauthed; /* an upload route without valid credentials: capped at 1 MiB */
    enum body_refusal refused;
};

/* Bytes of body buffers held by every connection together (HTTP_MAX_BUFFERED). */
static atomic_size_t buffered_total;

/* ---- bodies ------------------------------------------------------------------------------ */

/* Grows the body buffer to cap bytes, counting the growth against the process-wide total.
 * false (nothing changed) when that would pass HTTP_MAX_BUFFERED or memory runs out. */
static bool body_reserve(struct conn_state *cs, size_t cap)
{
    if (cap <= cs->cap)
        return true;
    size_t extra = cap - cs->cap;
    size_t before = atomic_fetch_add(&buffered_total, extra);
    if (before + extra > HTTP_MAX_BUFFERED) {
        atomic_fetch_sub(&buffered_total, extra);
        return false;
    }
    char *p = realloc(cs->body, cap);
    if (!p) {
        atomic_fetch_sub(&buffered_total, extra);
        return false;
    }
    cs->body = p;
    cs->cap = cap;
    return true;
}

/* Appends a piece of the body. A body that outgrows its cap, or the process-wide total, is
 * read on and dropped, and refused on the final call. */
static void body_append(struct conn_state *cs, const char *data, size_t n)
{
    if (cs->refused)
        return;
    if (n > cs->limit - cs->len) {
        cs->refused = cs->upload_unauthed ? BODY_UNAUTH : BODY_TOO_BIG;
        return;
    }
    size_t need = cs->len + n + 1;
    if (need > cs->cap) {
        /* no declared length (chunked): grow by doubling, never past the cap */
        size_t cap = cs->cap ? cs->cap : 16384;
        while (cap < need)
            cap *= 2;
        if (cap > cs->limit + 1)
            cap = cs->limit + 1;
        if (!body_reserve(cs, cap)) {
            cs->refused = BODY_BUSY;
            return;
        }
    }
    memcpy(cs->body + cs->len, data, n);
    cs->len += n;
}

static bool starts_with(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool has_file_field(const struct entity *e)
{
    for (int i = 0; i < e->nfields; i++)
        if (e->fields[i].type == FT_FILES)
            return true;
    return false;
}

/* Whether p is a record id and nothing more. */
static bool id_only(const char *p)
{
    size_t id_len = strspn(p, "0123456789");
    return id_len > 0 && id_len <= 18 && !p[id_len];
}

/* The body cap of a route that takes upload-sized bodies, or 0 for any other: a chunk of a
 * resumable upload, PUT /api/v1/uploads/<id> (HTTP_MAX_CHUNK); POST /api/v1/files, and an
 * entity form with a file field posted as multipart to /app/<entity> (new) or
 * /app/<entity>/<id> (edit) (HTTP_MAX_UPLOAD). url is the decoded path. */
static size_t upload_limit(const char *method, const char *url, const char *ctype)
{
    if (strcmp(method, "PUT") == 0)
        return starts_with(url, "/api/v1/uploads/") && id_only(url + 16) ? HTTP_MAX_CHUNK : 0;
    if (strcmp(method, "POST") != 0)
        return 0;
    if (strcmp(url, "/api/v1/files") == 0)
        return HTTP_MAX_UPLOAD;
    if (!starts_with(url, "/app/") || !starts_with(ctype, "multipart/form-data"))
        return 0;
    const char *p = url + 5;
    size_t n = strcspn(p, "/");
    char name[64];
    if (n == 0 || n >= sizeof name)
        return 0;
    memcpy(name, p, n);
    name[n] = '\0';
    const struct entity *e = entity_find(name);
    if (!e || !has_file_field(e))
        return 0;
    p += n;
    return !*p || id_only(p + 1) ? HTTP_MAX_UPLOAD : 0;
}

enum credentials { CRED_NONE, CRED_VALID, CRED_BUSY };

/* Whether the request carries a valid API token or session cookie, looked up as the router
 * will (a Bearer token first, else the fz_session cookie) but on the first call, before
 * any of the body is read. */
static enum credentials check_credentials(struct server_config *cfg, struct MHD_Connection *conn,
                                          arena *a)
{
    const char *authz =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    bool bearer = starts_with(authz, "Bearer ");
    struct request probe = {
        .a = a,
        .cookie = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE)};
    const char *cookie = bearer ? NULL : req_cookie(&probe, "fz_session");
    if (!bearer && !cookie)
        return CRED_NONE;
    sconn *db = store_acquire(cfg->st);
    if (!db)
        return CRED_BUSY;
    struct ctx c;
    ctx_init(&c, db, a, cfg->cal, NULL, cfg->alg);
    int64_t user_id = 0;
    fz_err e;
    if (bearer) {
        e = token_lookup(&c, authz + 7, &user_id);
    } else {
        struct session s;
        e = auth_session(&c, cookie, &s);
        user_id = s.user_id;
    }
    /* a disabled account's token is no credential (the router refuses it too) */
    struct actor who;
    if (!e)
        e = actor_load(&c, user_id, &who);
    store_release(cfg->st, db);
    return e == FZ_OK ? CRED_VALID : e == FZ_EDB ? CRED_BUSY : CRED_NONE;
}

static const char *too_big_message(const struct conn_state *cs)
{
    return cs->limit == HTTP_MAX_UPLOAD  ? "上传的文件超过 20 MB 的上限"
           : cs->limit == HTTP_MAX_CHUNK ? "分段上传的每一段不能超过 8 MB"
                                         : "提交的内容超过 1 MB 的上限";
}

#define UNAUTH_UPLOAD_MESSAGE "请先登录，再上传超过 1 MB 的内容"
#define BUSY_MESSAGE "服务器正在处理较多上传，请稍后重试"

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

/* A streamed body (struct response stream) as libmicrohttpd reads it: cls is a heap copy of
 * the body_stream, freed with it. */
static ssize_t stream_read(void *cls, uint64_t pos, char *dst, size_t max)
{
    struct body_stream *s = cls;
    long n = s->read(s->cls, pos, dst, max);
    return n > 0 ? (ssize_t)n : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void stream_free(void *cls)
{
    struct body_stream *s = cls;
    s->close(s->cls);
    free(s);
}

/* How much a streamed body is asked for at a time. */
#define STREAM_BLOCK (64u << 10)

static enum MHD_Result send_response(struct MHD_Connection *conn, struct request *req,
                                     struct response *r)
{
    struct MHD_Response *mr;
    if (r->stream.read) {
        struct body_stream *s = malloc(sizeof *s);
        if (!s) {
            r->stream.close(r->stream.cls);
            buf_release(&r->body);
            return MHD_NO;
        }
        *s = r->stream;
        buf_release(&r->body);
        /* on failure libmicrohttpd has not taken s: free it here */
        mr = MHD_create_response_from_callback((uint64_t)r->stream.size, STREAM_BLOCK, stream_read,
                                               s, stream_free);
        if (!mr)
            stream_free(s);
    } else if (r->data) {
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
    bool cache_set = false, csp_set = false;
    for (int i = 0; i < r->nheaders; i++) {
        MHD_add_response_header(mr, r->headers[i].name, r->headers[i].value);
        cache_set |= strcmp(r->headers[i].name, "Cache-Control") == 0;
        csp_set |= strcmp(r->headers[i].name, "Content-Security-Policy") == 0;
    }
    if (!csp_set)
        MHD_add_response_header(mr, "Content-Security-Policy", HTTP_CSP);
    if (!cache_set)
        MHD_add_response_header(mr, "Cache-Control", "no-store");
    (void)req;
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, mr);
    MHD_destroy_response(mr);
    return ret;
}

/* Answers before dispatch (the body refused, or bad bytes in the URL): JSON under /api/, the
 * HTML error page elsewhere. */
static enum MHD_Result reject(struct MHD_Connection *conn, struct conn_state *cs, const char *url,
                              fz_err code, const char *message)
{
    struct request req = {.a = cs->a, .path = arena_strdup(cs->a, url)};
    struct response r = {0};
    buf_init(&r.body, 0);
    http_error(&req, &r, code, message);
    return send_response(conn, &req, &r);
}

/* The first call for a request: its state, and the body's cap. The cap is 1 MiB, or the
 * upload route's (upload_limit) for a request with valid credentials (checked now, and only when
 * the body may be larger than 1 MiB). A declared length over the cap is answered at once:
 * libmicrohttpd then discards the body and closes the connection. (A response may be queued
 * on this first call or the last, never while upload data is passed.) A declared length is
 * reserved now, so the buffer is allocated once and counts against HTTP_MAX_BUFFERED. */
static enum MHD_Result first_call(struct server_config *cfg, struct MHD_Connection *conn,
                                  const char *url, const char *method, struct conn_state *cs)
{
    const char *ctype =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    const char *clen_s =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    unsigned long long clen = clen_s ? strtoull(clen_s, NULL, 10) : 0;
    cs->limit = HTTP_MAX_BODY;
    size_t upload = upload_limit(method, url, ctype);
    if (upload && (!clen_s || clen > HTTP_MAX_BODY)) {
        enum credentials c = check_credentials(cfg, conn, cs->a);
        if (c == CRED_BUSY)
            return reject(conn, cs, url, FZ_EBUSY, NULL);
        if (c == CRED_VALID)
            cs->limit = upload;
        else if (clen_s)
            return reject(conn, cs, url, FZ_EUNAUTH, UNAUTH_UPLOAD_MESSAGE);
        else
            cs->upload_unauthed = true;
    }
    if (clen_s && clen > cs->limit)
        return reject(conn, cs, url, FZ_ETOOBIG, too_big_message(cs));
    if (clen && !body_reserve(cs, (size_t)clen + 1))
        return reject(conn, cs, url, FZ_EBUSY, BUSY_MESSAGE);
    return MHD_YES;
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
        *con_cls = cs;
        return first_call(cfg, conn, url, method, cs);
    }
    if (*upload_data_size) {
        body_append(cs, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    switch (cs->refused) {
    case BODY_OK:
        break;
    case BODY_TOO_BIG:
        return reject(conn, cs, url, FZ_ETOOBIG, too_big_message(cs));
    case BODY_UNAUTH:
        return reject(conn, cs, url, FZ_EUNAUTH, UNAUTH_UPLOAD_MESSAGE);
    case BODY_BUSY:
        return reject(conn, cs, url, FZ_EBUSY, BUSY_MESSAGE);
    }

    int64_t started = time_now_ms();
    struct request req = {.a = cs->a, .cfg = cfg};
    struct response r = {.status = 200};
    buf_init(&r.body, 0);
    req.method = arena_strdup(cs->a, method);
    req.path = arena_strdup(cs->a, url);
    req.query = arena_calloc(cs->a, HTTP_MAX_QUERY_ARGS + 1, sizeof *req.query);
    struct args_ctx ac = {&req, false};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, &ac);
    if (cs->body)
        cs->body[cs->len] = '\0';
    req.body = cs->body ? cs->body : "";
    req.body_len = cs->len;
    req.content_type = header(conn, cs->a, MHD_HTTP_HEADER_CONTENT_TYPE);
    req.cookie = header(conn, cs->a, MHD_HTTP_HEADER_COOKIE);
    req.csrf_header = header(conn, cs->a, "X-CSRF-Token");
    req.authorization = header(conn, cs->a, MHD_HTTP_HEADER_AUTHORIZATION);
    req.origin = header(conn, cs->a, "Origin");
    req.host = header(conn, cs->a, MHD_HTTP_HEADER_HOST);
    req.if_none_match = header(conn, cs->a, MHD_HTTP_HEADER_IF_NONE_MATCH);
    req.content_range = header(conn, cs->a, MHD_HTTP_HEADER_CONTENT_RANGE);
    client_address(conn, &req);
    if (ac.bad || !utf8_valid(req.path, strlen(req.path)))
        http_error(&req, &r, FZ_EINVAL, "请求地址或参数含有无效字符，或参数过多");
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
    free(cs->body);
    atomic_fetch_sub(&buffered_total, cs->cap);
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
