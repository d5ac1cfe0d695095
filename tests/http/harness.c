/* harness.c — runs the real server for the HTTP suites (see harness.h): temp directory,
 * demo database, `fazhi serve` on an ephemeral port, a loopback HTTP/1.1 client with cookie
 * jars, and database peeks through the store (SQLite, or PostgreSQL when FAZHI_TEST_PG is
 * set: tests/common/testdb.h). */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../unit/t.h"
#include "core/buf.h"
#include "store/store.h"
#include "../common/testdb.h"
#include "core/banned.h"

static struct {
    const char *bin;
    char dir[256];
    char db[320];
    char pgname[64]; /* the PostgreSQL database, when the tests run there */
    char err_path[320];
    store *st; /* the tests' own connection, for peeks */
    pid_t pid;
    int out_fd;
    int port;
    int use_port; /* another server's, for the requests that follow (harness_use_port) */
    arena *a;
} H = {.pid = -1, .out_fd = -1};

/* ---- the per-test arena ------------------------------------------------------------------ */

arena *t_arena(void)
{
    if (!H.a)
        H.a = arena_new();
    return H.a;
}

void t_arena_reset(void)
{
    if (H.a)
        arena_free(H.a);
    H.a = NULL;
}

const char *tprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *s = arena_vprintf(t_arena(), fmt, ap);
    va_end(ap);
    return s;
}

/* ---- processes --------------------------------------------------------------------------- */

static void print_file(const char *path, const char *what)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    fprintf(stderr, "---- %s (%s) ----\n", what, path);
    char line[1024];
    while (fgets(line, sizeof line, f))
        fputs(line, stderr);
    fprintf(stderr, "---- end of %s ----\n", what);
    fclose(f);
}

static void read_all(int fd, buf *b)
{
    char chunk[4096];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        buf_put(b, chunk, (size_t)n);
    }
}

int run_fazhi(const char **out, const char *arg, ...)
{
    const char *argv[24];
    int argc = 0;
    argv[argc++] = "fazhi";
    va_list ap;
    va_start(ap, arg);
    for (const char *s = arg; s && argc < 23; s = va_arg(ap, const char *))
        argv[argc++] = s;
    va_end(ap);
    argv[argc] = NULL;
    char err_path[400];
    snprintf(err_path, sizeof err_path, "%s/cmd.err", H.dir);
    int fds[2];
    if (pipe(fds))
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (e >= 0)
            dup2(e, STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        execv(H.bin, (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    buf b;
    buf_init(&b, 0);
    read_all(fds[0], &b);
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (out)
        *out = arena_strndup(t_arena(), b.p, b.len);
    buf_release(&b);
    if (rc != 0) {
        fprintf(stderr, "fazhi %s exited with %d\n", arg, rc);
        print_file(err_path, "its stderr");
    }
    return rc;
}

/* Starts `fazhi serve` on db on an ephemeral loopback port with `threads` threads and
 * --trust-proxy, its stderr into err_path (NULL: discarded), env ("NAME=VALUE", or NULL)
 * added to its environment. Returns its pid and the read end of its stdout in *out, or -1.
 * If the test runner dies (a crash, ^C), the server goes with it. */
static pid_t spawn_server(const char *db, const char *err_path, const char *env,
                          const char *threads, int *out)
{
    int fds[2];
    if (!H.bin || pipe(fds))
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        int e = err_path ? open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600)
                         : open("/dev/null", O_WRONLY);
        if (e >= 0)
            dup2(e, STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (env)
            putenv((char *)env);
        execl(H.bin, "fazhi", "serve", "--db", db, "--listen", "127.0.0.1:0", "--threads", threads,
              "--trust-proxy", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    *out = fds[0];
    return pid;
}

/* The port a server's first line names ("fazhi is serving on http://127.0.0.1:PORT/"), or
 * 0; *line gets that line (arena). */
static int read_port(int fd, const char **line)
{
    char b[256];
    size_t n = 0;
    while (n < sizeof b - 1) {
        ssize_t k = read(fd, b + n, 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0 || b[n] == '\n')
            break;
        n++;
    }
    b[n] = '\0';
    *line = arena_strdup(t_arena(), b);
    const char *prefix = "fazhi is serving on http://127.0.0.1:";
    if (strncmp(b, prefix, strlen(prefix)) != 0)
        return 0;
    long port = strtol(b + strlen(prefix), NULL, 10);
    return port > 0 && port <= 65535 ? (int)port : 0;
}

int harness_start(void)
{
    H.bin = getenv("FAZHI_BIN");
    if (!H.bin || !*H.bin) {
        fprintf(stderr, "http-tests: set FAZHI_BIN to the fazhi binary\n");
        return -1;
    }
    if (access(H.bin, X_OK) != 0) {
        fprintf(stderr, "http-tests: FAZHI_BIN \"%s\" is not executable\n", H.bin);
        return -1;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(H.dir, sizeof H.dir, "%s/fazhi-http-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(H.dir)) {
        perror("http-tests: mkdtemp");
        return -1;
    }
    snprintf(H.db, sizeof H.db, "%s/demo.db", H.dir);
    if (testdb_pg()) {
        snprintf(H.pgname, sizeof H.pgname, "fz_http_%d", (int)getpid());
        testdb_drop(H.pgname);
        if (testdb_create(H.pgname, NULL, H.db, sizeof H.db))
            return -1;
    }
    snprintf(H.err_path, sizeof H.err_path, "%s/server.err", H.dir);
    /* Pinned clock: the demo's dates and every "today" the server computes are fixed. */
    setenv("FAZHI_NOW", TEST_TODAY, 1);
    if (run_fazhi(NULL, "demo", "--db", H.db, (const char *)NULL) != 0) {
        fprintf(stderr, "http-tests: fazhi demo failed\n");
        return -1;
    }
    /* --trust-proxy: a test may speak as another client with X-Real-IP (the limits kept
     * per client address) */
    H.pid = spawn_server(H.db, H.err_path, NULL, "4", &H.out_fd);
    if (H.pid < 0)
        return -1;
    const char *line;
    H.port = read_port(H.out_fd, &line);
    if (!H.port) {
        fprintf(stderr, "http-tests: the server did not start (first line \"%s\")\n", line);
        print_file(H.err_path, "server stderr");
        harness_stop();
        return -1;
    }
    return 0;
}

bool harness_stop(void)
{
    if (H.pid <= 0)
        return false;
    kill(H.pid, SIGTERM);
    int status = 0;
    while (waitpid(H.pid, &status, 0) < 0 && errno == EINTR)
        ;
    H.pid = -1;
    if (H.out_fd >= 0) {
        close(H.out_fd);
        H.out_fd = -1;
    }
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!ok) {
        if (WIFSIGNALED(status))
            fprintf(stderr, "http-tests: the server died of signal %d\n", WTERMSIG(status));
        else
            fprintf(stderr, "http-tests: the server exited with %d\n", WEXITSTATUS(status));
        print_file(H.err_path, "server stderr");
    }
    return ok;
}

static void remove_tree(const char *dir)
{
    static const char *const names[] = {
        "demo.db",  "demo.db-wal",  "demo.db-shm",  "city1.db",   "city1.db-wal", "city1.db-shm",
        "city2.db", "city2.db-wal", "city2.db-shm", "server.err", "cmd.err",      NULL};
    for (const char *const *n = names; *n; n++) {
        char p[400];
        snprintf(p, sizeof p, "%s/%s", dir, *n);
        unlink(p);
    }
    rmdir(dir);
}

void harness_cleanup(void)
{
    if (H.st) {
        store_close(H.st);
        H.st = NULL;
    }
    if (H.pgname[0] && !getenv("FAZHI_TEST_KEEP"))
        testdb_drop(H.pgname);
    if (H.dir[0] && !getenv("FAZHI_TEST_KEEP"))
        remove_tree(H.dir);
    else if (H.dir[0])
        fprintf(stderr, "http-tests: kept %s\n", H.dir);
    t_arena_reset();
}

const char *harness_db_path(void)
{
    return H.db;
}

const char *harness_dir(void)
{
    return H.dir;
}

pid_t harness_serve(const char *db, const char *err_path, const char *env, int *port)
{
    int fd;
    pid_t pid = spawn_server(db ? db : H.db, err_path, env, "2", &fd);
    if (pid < 0)
        return -1;
    const char *line;
    *port = read_port(fd, &line);
    close(fd);
    return pid;
}

void harness_use_port(int port)
{
    H.use_port = port;
}

int harness_server_pid(void)
{
    return (int)H.pid;
}

/* ---- HTTP client ------------------------------------------------------------------------- */

static int target_port(void)
{
    return H.use_port ? H.use_port : H.port;
}

static int connect_server(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in sin = {0};
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t)target_port());
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sin, sizeof sin) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Sends everything unless the server answers (or closes) first: a server refusing a body
 * that is too large replies before reading it all, and we must read that reply rather than
 * block writing. Returns false if sending stopped early. */
static bool send_all(int fd, const char *p, size_t n)
{
    while (n) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN | POLLOUT};
        if (poll(&pfd, 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
            return false;
        size_t chunk = n > 65536 ? 65536 : n;
        ssize_t k = send(fd, p, chunk, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (k < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
                continue;
            return false;
        }
        p += k;
        n -= (size_t)k;
    }
    return true;
}

static const char *find_head_end(const char *p, size_t n)
{
    for (size_t i = 0; i + 3 < n; i++)
        if (memcmp(p + i, "\r\n\r\n", 4) == 0)
            return p + i;
    return NULL;
}

const char *resp_header_nth(const struct resp *r, const char *name, int nth)
{
    if (!r || !r->head)
        return NULL;
    size_t nl = strlen(name);
    const char *line = strstr(r->head, "\r\n");
    while (line) {
        line += 2;
        const char *end = strstr(line, "\r\n");
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > nl && line[nl] == ':' && strncasecmp(line, name, nl) == 0 && nth-- == 0) {
            const char *v = line + nl + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            size_t vl = (size_t)(line + len - v);
            while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
                vl--;
            return arena_strndup(t_arena(), v, vl);
        }
        line = end;
    }
    return NULL;
}

const char *resp_header_value(const struct resp *r, const char *name)
{
    return resp_header_nth(r, name, 0);
}

static void jar_set(struct browser *b, const char *name, size_t nlen, const char *value,
                    size_t vlen, bool remove)
{
    if (nlen >= sizeof b->cookies[0].name || vlen >= sizeof b->cookies[0].value)
        return;
    int i;
    for (i = 0; i < b->ncookies; i++)
        if (strlen(b->cookies[i].name) == nlen && memcmp(b->cookies[i].name, name, nlen) == 0)
            break;
    if (remove) {
        if (i < b->ncookies) {
            b->cookies[i] = b->cookies[b->ncookies - 1];
            b->ncookies--;
        }
        return;
    }
    if (i == b->ncookies) {
        if (b->ncookies == JAR_MAX)
            return;
        b->ncookies++;
    }
    memcpy(b->cookies[i].name, name, nlen);
    b->cookies[i].name[nlen] = '\0';
    memcpy(b->cookies[i].value, value, vlen);
    b->cookies[i].value[vlen] = '\0';
}

static void jar_update(struct browser *b, const struct resp *r)
{
    for (int i = 0;; i++) {
        const char *sc = resp_header_nth(r, "Set-Cookie", i);
        if (!sc)
            break;
        const char *eq = strchr(sc, '=');
        if (!eq)
            continue;
        const char *v = eq + 1;
        size_t vlen = strcspn(v, ";");
        bool remove = vlen == 0 || strstr(sc, "Max-Age=0") != NULL;
        jar_set(b, sc, (size_t)(eq - sc), v, vlen, remove);
    }
}

const char *jar_get(const struct browser *b, const char *name)
{
    for (int i = 0; i < b->ncookies; i++)
        if (strcmp(b->cookies[i].name, name) == 0)
            return b->cookies[i].value;
    return NULL;
}

static bool send_request(struct resp *r, const char *head, size_t head_n, const char *body,
                         size_t body_len, bool half_close);

struct resp *http_req(struct browser *b, const char *method, const char *path,
                      const struct req_opts *o)
{
    static const struct req_opts none = {0};
    if (!o)
        o = &none;
    arena *a = t_arena();
    struct resp *r = arena_alloc(a, sizeof *r);
    r->head = "";
    r->body = "";
    size_t body_len = o->body ? (o->body_len ? o->body_len : strlen(o->body)) : 0;
    bool write = strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;

    buf q;
    buf_init(&q, 0);
    buf_printf(&q, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n", method, path,
               target_port());
    if (b && b->ncookies) {
        buf_puts(&q, "Cookie: ");
        for (int i = 0; i < b->ncookies; i++)
            buf_printf(&q, "%s%s=%s", i ? "; " : "", b->cookies[i].name, b->cookies[i].value);
        buf_puts(&q, "\r\n");
    }
    if (b && write && b->csrf[0] && !b->no_csrf)
        buf_printf(&q, "X-CSRF-Token: %s\r\n", b->csrf);
    if (b && b->bearer[0])
        buf_printf(&q, "Authorization: Bearer %s\r\n", b->bearer);
    if (o->content_type)
        buf_printf(&q, "Content-Type: %s\r\n", o->content_type);
    if (o->chunked)
        buf_puts(&q, "Transfer-Encoding: chunked\r\n");
    else if (o->body || write)
        buf_printf(&q, "Content-Length: %zu\r\n", o->send_len ? o->send_len : body_len);
    if (o->extra_headers)
        buf_puts(&q, o->extra_headers);
    buf_puts(&q, "\r\n");
    if (o->chunked) {
        const char *p = o->body;
        for (size_t left = body_len; left;) {
            size_t k = left > 65536 ? 65536 : left;
            buf_printf(&q, "%zx\r\n", k);
            buf_put(&q, p, k);
            buf_puts(&q, "\r\n");
            p += k;
            left -= k;
        }
        buf_puts(&q, "0\r\n\r\n");
    }
    if (q.err) {
        buf_release(&q);
        return r;
    }
    bool sent =
        send_request(r, q.p, q.len, o->chunked ? NULL : o->body, o->chunked ? 0 : body_len, false);
    buf_release(&q);
    if (sent && b)
        jar_update(b, r);
    return r;
}

struct resp *http_raw(const void *bytes, size_t n)
{
    struct resp *r = arena_alloc(t_arena(), sizeof *r);
    r->head = "";
    r->body = "";
    send_request(r, bytes, n, NULL, 0, true);
    return r;
}

/* Connects, sends head and body, reads and parses the answer into r. half_close ends our
 * side after sending, so a server waiting for the rest of a cut request sees the end at once
 * instead of timing out. */
static bool send_request(struct resp *r, const char *head, size_t head_n, const char *body,
                         size_t body_len, bool half_close)
{
    arena *a = t_arena();
    int fd = connect_server();
    if (fd < 0) {
        fprintf(stderr, "  (cannot connect to the server on port %d)\n", target_port());
        return false;
    }
    if (send_all(fd, head, head_n) && body_len)
        send_all(fd, body, body_len);
    if (half_close)
        shutdown(fd, SHUT_WR);

    buf in;
    buf_init(&in, 0);
    size_t want = (size_t)-1;
    char chunk[65536];
    while (in.len < want) {
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* EOF, or a reset after the server answered early */
        buf_put(&in, chunk, (size_t)n);
        if (want == (size_t)-1) {
            const char *he = find_head_end(in.p, in.len);
            if (he) {
                size_t head_len = (size_t)(he - in.p) + 4;
                const char *cl = NULL;
                for (const char *s = in.p; s < he;) {
                    const char *e = strstr(s, "\r\n");
                    if (!e || e > he)
                        e = he;
                    if (strncasecmp(s, "Content-Length:", 15) == 0)
                        cl = s + 15;
                    s = e + 2;
                }
                if (cl)
                    want = head_len + (size_t)strtoull(cl, NULL, 10);
            }
        }
    }
    close(fd);
    const char *he = find_head_end(in.p, in.len);
    if (!he || strncmp(in.p, "HTTP/1.", 7) != 0 || in.len < 12) {
        buf_release(&in);
        return false;
    }
    r->status = (int)strtol(in.p + 9, NULL, 10);
    r->head = arena_strndup(a, in.p, (size_t)(he - in.p));
    size_t head_len = (size_t)(he - in.p) + 4;
    r->body_len = in.len - head_len;
    char *copy = arena_alloc(a, r->body_len + 1);
    memcpy(copy, in.p + head_len, r->body_len);
    r->body = copy;
    buf_release(&in);
    const char *ct = resp_header_value(r, "Content-Type");
    if (ct && strncmp(ct, "application/json", 16) == 0) {
        r->json = json_loadb(r->body, r->body_len, 0, NULL);
        if (r->json)
            arena_defer(a, (void (*)(void *))json_decref, r->json);
    }
    return true;
}

struct resp *http_hold(const char *method, const char *path, const char *headers, int *fd)
{
    struct resp *r = arena_alloc(t_arena(), sizeof *r);
    r->head = "";
    r->body = "";
    *fd = connect_server();
    if (*fd < 0)
        return r;
    const char *head = tprintf("%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n%s\r\n", method, path,
                               target_port(), headers ? headers : "");
    if (!send_all(*fd, head, strlen(head)))
        return r;
    /* read up to the end of the first answer's head, and no further */
    buf in;
    buf_init(&in, 0);
    while (!find_head_end(in.p, in.len) && in.len < 65536) {
        char c;
        ssize_t n = recv(*fd, &c, 1, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        buf_putc(&in, c);
    }
    const char *he = find_head_end(in.p, in.len);
    if (he && strncmp(in.p, "HTTP/1.", 7) == 0 && in.len >= 12) {
        r->status = (int)strtol(in.p + 9, NULL, 10);
        r->head = arena_strndup(t_arena(), in.p, (size_t)(he - in.p));
    }
    buf_release(&in);
    return r;
}

const char *sha256_hex(const void *p, size_t n)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!EVP_Digest(p, n, md, &len, EVP_sha256(), NULL))
        return "";
    char *hex = arena_alloc(t_arena(), 2 * len + 1);
    for (unsigned i = 0; i < len; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return hex;
}

struct resp *api(struct browser *b, const char *method, const char *path, const char *json)
{
    struct req_opts o = {.content_type = json ? "application/json" : NULL, .body = json};
    return http_req(b, method, path, &o);
}

struct resp *form_post(struct browser *b, const char *path, const char *body)
{
    struct req_opts o = {.content_type = "application/x-www-form-urlencoded", .body = body};
    return http_req(b, "POST", path, &o);
}

struct resp *get(struct browser *b, const char *path)
{
    return http_req(b, "GET", path, NULL);
}

bool server_healthy(void)
{
    struct resp *r = get(NULL, "/healthz");
    return r->status == 200;
}

const char *jstr(json_t *j, const char *key)
{
    json_t *v = j ? json_object_get(j, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int64_t jint(json_t *j, const char *key)
{
    json_t *v = j ? json_object_get(j, key) : NULL;
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

static json_t *err_obj(const struct resp *r)
{
    return r && r->json ? json_object_get(r->json, "error") : NULL;
}

const char *err_code_of(const struct resp *r)
{
    return jstr(err_obj(r), "code");
}

const char *err_message_of(const struct resp *r)
{
    return jstr(err_obj(r), "message");
}

const char *err_field_of(const struct resp *r)
{
    return jstr(err_obj(r), "field");
}

bool signin(struct browser *b, const char *username)
{
    const char *body =
        tprintf("{\"username\":\"%s\",\"password\":\"%s\"}", username, DEMO_PASSWORD_TEXT);
    struct resp *r = api(b, "POST", "/api/v1/session", body);
    const char *csrf = jstr(r->json, "csrf_token");
    if (r->status != 201 || !csrf || strlen(csrf) >= sizeof b->csrf) {
        fprintf(stderr, "  (sign-in as %s: %d %s)\n", username, r->status, r->body);
        return false;
    }
    snprintf(b->csrf, sizeof b->csrf, "%s", csrf);
    return true;
}

const char *urlenc(const char *s)
{
    buf b;
    buf_init(&b, 0);
    buf_put_url(&b, s);
    const char *out = arena_strndup(t_arena(), b.p, b.len);
    buf_release(&b);
    return out;
}

/* ---- the database ------------------------------------------------------------------------ */

static sconn *db_conn(void)
{
    char err[512];
    if (!H.st && store_open(H.db, &H.st, err, sizeof err)) {
        fprintf(stderr, "  (cannot open %s: %s)\n", H.db, err);
        H.st = NULL;
        return NULL;
    }
    return store_acquire(H.st);
}

/* Runs sql and returns its first row's first column as text (arena), or NULL. */
static const char *query1(const char *sql, bool *ok)
{
    *ok = false;
    sconn *c = db_conn();
    if (!c)
        return NULL;
    stmt *st = db_prepare(c, sql);
    const char *out = NULL;
    if (!st) {
        fprintf(stderr, "  (sql \"%s\": %s)\n", sql, db_errmsg(c));
    } else {
        enum db_step rc = db_step(st);
        if (rc == DB_ROW) {
            const char *t = db_col_text(st, 0);
            out = t ? arena_strdup(t_arena(), t) : NULL;
            *ok = true;
        } else if (rc == DB_DONE) {
            *ok = true;
        } else {
            fprintf(stderr, "  (sql \"%s\": %s)\n", sql, db_errmsg(c));
        }
        db_done(st);
    }
    store_release(H.st, c);
    return out;
}

int64_t db_int(const char *sql, ...)
{
    va_list ap;
    va_start(ap, sql);
    const char *q = arena_vprintf(t_arena(), sql, ap);
    va_end(ap);
    bool ok;
    const char *v = query1(q, &ok);
    return ok && v ? strtoll(v, NULL, 10) : -1;
}

const char *db_text(const char *sql, ...)
{
    va_list ap;
    va_start(ap, sql);
    const char *q = arena_vprintf(t_arena(), sql, ap);
    va_end(ap);
    bool ok;
    return query1(q, &ok);
}

int db_exec_rw(const char *sql)
{
    sconn *c = db_conn();
    if (!c)
        return -1;
    int rc = db_exec(c, sql) == FZ_OK ? 0 : -1;
    if (rc)
        fprintf(stderr, "  (sql \"%s\": %s)\n", sql, db_errmsg(c));
    store_release(H.st, c);
    return rc;
}

const char *sql_join(const char *expr, char sep)
{
    return testdb_pg() ? tprintf("string_agg(CAST(%s AS TEXT), chr(%d))", expr, sep)
                       : tprintf("group_concat(%s, char(%d))", expr, sep);
}

struct counts counts_now(void)
{
    struct counts c = {
        .tasks = db_int("SELECT COUNT(*) FROM tasks"),
        .progress = db_int("SELECT COUNT(*) FROM progress_reports"),
        .checks = db_int("SELECT COUNT(*) FROM supervision_checks"),
        .audit = db_int("SELECT COUNT(*) FROM audit"),
        .files = db_int("SELECT COUNT(*) FROM files"),
        .links = db_int("SELECT COUNT(*) FROM record_links"),
        .deadlines = db_int("SELECT COUNT(*) FROM deadlines"),
        .sessions = db_int("SELECT COUNT(*) FROM sessions"),
    };
    return c;
}

bool counts_equal(const struct counts *a, const struct counts *b)
{
    bool eq = a->tasks == b->tasks && a->progress == b->progress && a->checks == b->checks &&
              a->audit == b->audit && a->files == b->files && a->links == b->links &&
              a->deadlines == b->deadlines && a->sessions == b->sessions;
    if (!eq)
        fprintf(stderr,
                "  counts changed: tasks %lld→%lld progress %lld→%lld checks %lld→%lld "
                "audit %lld→%lld files %lld→%lld links %lld→%lld deadlines %lld→%lld "
                "sessions %lld→%lld\n",
                (long long)a->tasks, (long long)b->tasks, (long long)a->progress,
                (long long)b->progress, (long long)a->checks, (long long)b->checks,
                (long long)a->audit, (long long)b->audit, (long long)a->files, (long long)b->files,
                (long long)a->links, (long long)b->links, (long long)a->deadlines,
                (long long)b->deadlines, (long long)a->sessions, (long long)b->sessions);
    return eq;
}

int64_t audit_max_id(void)
{
    return db_int("SELECT COALESCE(MAX(id), 0) FROM audit");
}

int64_t audit_count_since(int64_t after_id, const char *action)
{
    return db_int("SELECT COUNT(*) FROM audit WHERE id > %lld AND action = '%s'",
                  (long long)after_id, action);
}

/* ---- fixtures ---------------------------------------------------------------------------- */

int64_t make_task(struct browser *b, const char *title, const char *dept, const char *due)
{
    json_t *j = json_pack("{s:s, s:s, s:s}", "title", title, "department", dept, "due_date", due);
    char *body = json_dumps(j, 0);
    json_decref(j);
    struct resp *r = api(b, "POST", "/api/v1/tasks", body);
    free(body);
    if (r->status != 201) {
        fprintf(stderr, "  (make_task \"%s\": %d %s)\n", title, r->status, r->body);
        return 0;
    }
    return jint(r->json, "id");
}

int fire(struct browser *b, int64_t task_id, const char *transition, const char *json)
{
    struct resp *r =
        api(b, "POST", tprintf("/api/v1/tasks/%lld/transitions/%s", (long long)task_id, transition),
            json ? json : "{}");
    return r->status;
}

const char *task_row(int64_t id)
{
    return db_text("SELECT version || '|' || status || '|' || title || '|' || due_date || '|' "
                   "|| updated_at || '|' || department FROM tasks WHERE id = %lld",
                   (long long)id);
}

struct resp *refusal_(const char *file, int line, struct browser *b, const char *method,
                      const char *path, const char *json, int status, const char *code,
                      const char *msg_part, const char *refused_action, int64_t task_id)
{
    int before_fails = t_failed_checks;
    struct counts before = counts_now();
    int64_t audit0 = audit_max_id();
    const char *row = task_id ? task_row(task_id) : NULL;
    struct resp *r = api(b, method, path, json);
    CHECK_INT(r->status, status);
    if (code)
        CHECK_STR(err_code_of(r), code);
    if (msg_part)
        CHECK_CONTAINS(err_message_of(r), msg_part);
    struct counts after = counts_now();
    if (refused_action) {
        CHECK_INT(audit_count_since(audit0, refused_action), 1);
        CHECK_INT(after.audit, before.audit + 1);
        /* the refusal says why */
        CHECK_INT(db_int("SELECT COUNT(*) FROM audit WHERE id > %lld AND detail LIKE "
                         "'%%\"reason\"%%'",
                         (long long)audit0),
                  1);
        after.audit = before.audit;
    }
    CHECK(counts_equal(&before, &after));
    if (task_id)
        CHECK_STR(task_row(task_id), row);
    if (t_failed_checks != before_fails)
        fprintf(stderr, "  ^ at %s:%d: %s %s %.200s -> %d %.300s\n", file, line, method, path,
                json ? json : "", r->status, r->body);
    return r;
}
