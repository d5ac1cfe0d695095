/* test_scale.c — fazhi demo --scale: a small city made twice from one seed holds the same
 * counts per table and the same case titles in the same order; it passes verify; its
 * subdistrict codes are distinct; a server on it answers the portal's pages. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../unit/t.h"
#include "core/buf.h"
#include "harness.h"
#include "store/store.h"
#include "../common/testdb.h"
#include "core/banned.h"

/* A city in a fresh database (a file beside the demo's, or a PostgreSQL database). */
static const char *make_city(const char *name)
{
    const char *db = tprintf("%s/%s.db", harness_dir(), name);
    if (testdb_pg()) {
        const char *pgname = tprintf("fz_%s_%d", name, (int)getpid());
        char url[320];
        testdb_drop(pgname);
        CHECK_INT(testdb_create(pgname, NULL, url, sizeof url), 0);
        db = tprintf("%s", url);
    }
    int rc = run_fazhi(NULL, "demo", "--db", db, "--force", "--scale", "3", "--cases-per-year",
                       "20", "--years", "2", "--seed", "7", (const char *)NULL);
    CHECK_INT(rc, 0);
    return db;
}

static void drop_city(const char *name)
{
    if (testdb_pg())
        testdb_drop(tprintf("fz_%s_%d", name, (int)getpid()));
}

/* Every table's row count, then every case's title in id order, as one text. */
static const char *content(const char *url)
{
    store *s;
    char err[512];
    if (store_open_readonly(url, &s, err, sizeof err))
        return "";
    sconn *c = store_acquire(s);
    buf b;
    buf_init(&b, 0);
    stmt *st =
        db_prepare(c, testdb_pg() ? "SELECT table_name FROM information_schema.tables "
                                    "WHERE table_schema = current_schema() ORDER BY table_name"
                                  : "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                    "name NOT LIKE 'sqlite_%' ORDER BY name");
    const char **tables = arena_calloc(t_arena(), 200, sizeof *tables);
    int n = 0;
    while (st && n < 199 && db_step(st) == DB_ROW)
        tables[n++] = arena_strdup(t_arena(), db_col_text(st, 0));
    db_done(st);
    for (int i = 0; i < n; i++) {
        stmt *q = db_prepare(c, tprintf("SELECT count(*) FROM \"%s\"", tables[i]));
        if (q && db_step(q) == DB_ROW)
            buf_printf(&b, "%s %lld\n", tables[i], (long long)db_col_int(q, 0));
        db_done(q);
    }
    st = db_prepare(c, "SELECT act_summary, status FROM penalty_cases ORDER BY id");
    while (st && db_step(st) == DB_ROW)
        buf_printf(&b, "%s %s\n", db_col_text(st, 0), db_col_text(st, 1));
    db_done(st);
    store_release(s, c);
    store_close(s);
    const char *out = arena_strndup(t_arena(), b.p ? b.p : "", b.len);
    buf_release(&b);
    return out;
}

static int64_t query_int(const char *url, const char *sql)
{
    store *s;
    char err[512];
    int64_t v = -1;
    if (store_open_readonly(url, &s, err, sizeof err))
        return v;
    sconn *c = store_acquire(s);
    stmt *st = db_prepare(c, sql);
    if (st && db_step(st) == DB_ROW)
        v = db_col_int(st, 0);
    db_done(st);
    store_release(s, c);
    store_close(s);
    return v;
}

/* The status of GET path from a server on 127.0.0.1:port (0 when it did not answer). */
static int status_of(int port, const char *path)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    char req[300], resp[64] = {0};
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
    int status = 0;
    if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0 && write(fd, req, (size_t)n) == n) {
        size_t got = 0;
        while (got < sizeof resp - 1) {
            ssize_t k = read(fd, resp + got, sizeof resp - 1 - got);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0)
                break;
            got += (size_t)k;
        }
        if (strncmp(resp, "HTTP/1.1 ", 9) == 0)
            status = (int)strtol(resp + 9, NULL, 10);
    }
    close(fd);
    return status;
}

static void test_scale_city(void)
{
    const char *a = make_city("city1"), *b = make_city("city2");
    const char *ca = content(a), *cb = content(b);
    CHECK(strstr(ca, "penalty_cases 120\n") != NULL);
    CHECK(strcmp(ca, cb) == 0);
    if (strcmp(ca, cb) != 0)
        fprintf(stderr, "first:\n%.2000s\nsecond:\n%.2000s\n", ca, cb);
    CHECK_INT(run_fazhi(NULL, "verify", "--db", a, "--quiet", (const char *)NULL), 0);
    CHECK_INT(query_int(a, "SELECT count(DISTINCT code) FROM orgs WHERE kind = 'subdistrict'"), 3);
    CHECK_INT(query_int(a, "SELECT count(DISTINCT name) FROM orgs WHERE kind = 'subdistrict'"), 3);
    /* some cases were walked on: archived on the spot, filed, declined */
    CHECK(query_int(a, "SELECT count(*) FROM penalty_cases WHERE status = 'archived'") > 0);
    CHECK(query_int(a, "SELECT count(*) FROM penalty_cases WHERE status = 'investigating'") > 0);
    int port = 0;
    pid_t pid = harness_serve(a, NULL, NULL, &port);
    CHECK(pid > 0 && port > 0);
    if (pid > 0 && port > 0) {
        CHECK_INT(status_of(port, "/"), 200);
        CHECK_INT(status_of(port, "/p/S002"), 200);
        CHECK_INT(status_of(port, "/app/signin"), 200);
    }
    if (pid > 0) {
        kill(pid, SIGTERM);
        int st = 0;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    drop_city("city1");
    drop_city("city2");
}

void suite_scale(void)
{
    RUN(test_scale_city);
}
