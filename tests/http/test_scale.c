/* test_scale.c — fazhi demo --scale: a small city made twice from one seed holds the same
 * counts per table and the same case titles in the same order; it passes verify; its
 * subdistrict codes are distinct; a server on it answers the portal's pages. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../unit/t.h"
#include "core/buf.h"
#include "harness.h"
#include "core/banned.h"

static const char *make_city(const char *name)
{
    const char *db = tprintf("%s/%s", harness_dir(), name);
    int rc = run_fazhi(NULL, "demo", "--db", db, "--force", "--scale", "3", "--cases-per-year",
                       "20", "--years", "2", "--seed", "7", (const char *)NULL);
    CHECK_INT(rc, 0);
    return db;
}

/* Every table's row count, then every case's title in id order, as one text. */
static const char *content(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return "";
    }
    buf b;
    buf_init(&b, 0);
    sqlite3_stmt *st = NULL, *q = NULL;
    sqlite3_prepare_v2(db,
                       "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                       "'sqlite_%' ORDER BY name",
                       -1, &st, NULL);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        char sql[200];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", t);
        if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
            buf_printf(&b, "%s %lld\n", t, (long long)sqlite3_column_int64(q, 0));
        sqlite3_finalize(q);
    }
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "SELECT act_summary, status FROM penalty_cases ORDER BY id", -1, &st,
                       NULL);
    while (st && sqlite3_step(st) == SQLITE_ROW)
        buf_printf(&b, "%s %s\n", (const char *)sqlite3_column_text(st, 0),
                   (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    sqlite3_close(db);
    const char *out = arena_strndup(t_arena(), b.p ? b.p : "", b.len);
    buf_release(&b);
    return out;
}

static int64_t query_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
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

/* Starts `fazhi serve` on db; returns its pid and port, or -1. */
static pid_t serve(const char *db, int *port)
{
    const char *bin = getenv("FAZHI_BIN");
    int fds[2];
    if (!bin || pipe(fds))
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        int e = open("/dev/null", O_WRONLY);
        if (e >= 0)
            dup2(e, STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        execl(bin, "fazhi", "serve", "--db", db, "--listen", "127.0.0.1:0", "--threads", "2",
              (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    char line[256];
    size_t n = 0;
    while (n < sizeof line - 1) {
        ssize_t k = read(fds[0], line + n, 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0 || line[n] == '\n')
            break;
        n++;
    }
    line[n] = '\0';
    close(fds[0]);
    const char *prefix = "fazhi is serving on http://127.0.0.1:";
    *port = strncmp(line, prefix, strlen(prefix)) == 0
                ? (int)strtol(line + strlen(prefix), NULL, 10)
                : 0;
    return pid;
}

static void test_scale_city(void)
{
    const char *a = make_city("city1.db"), *b = make_city("city2.db");
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
    pid_t pid = serve(a, &port);
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
}

void suite_scale(void)
{
    RUN(test_scale_city);
}
