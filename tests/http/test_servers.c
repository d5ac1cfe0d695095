/* test_servers.c — two `fazhi serve` processes on one database (SQLite, or PostgreSQL under
 * `make check-pg`): a session made on one is good on the other and ends on both when it is
 * ended on one; a write on one is read at once on the other; writes sent through both at
 * the same time, to two subdistricts' audit chains, lose nothing and leave every chain
 * intact (`fazhi verify`). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../unit/t.h"
#include "harness.h"
#include "core/banned.h"

#define WRITERS 4
#define TASKS_EACH 30

static void stop(pid_t pid)
{
    if (pid <= 0)
        return;
    kill(pid, SIGTERM);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* A second server on the tests' database: its pid and port, or 0 (a failed check) when it
 * did not start. */
static pid_t second_server(int *port)
{
    pid_t pid = harness_serve(NULL, NULL, NULL, port);
    CHECK(pid > 0 && *port > 0);
    if (pid > 0 && *port > 0)
        return pid;
    stop(pid);
    return 0;
}

static void test_sessions_and_writes_are_shared(void)
{
    int port2;
    pid_t pid = second_server(&port2);
    if (pid <= 0)
        return;
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff")); /* on the first server */
    int64_t id = make_task(&b, "两台服务器：第一台写入", "DH-ZF", "2027-03-01");
    CHECK(id > 0);
    harness_use_port(port2);
    struct resp *r = api(&b, "GET", tprintf("/api/v1/tasks/%lld", (long long)id), NULL);
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(r->json, "title"), "两台服务器：第一台写入");
    /* a write on the second with the first's session and CSRF token */
    int64_t id2 = make_task(&b, "两台服务器：第二台写入", "DH-ZF", "2027-03-02");
    CHECK(id2 > id);
    harness_use_port(0);
    r = api(&b, "GET", tprintf("/api/v1/tasks/%lld", (long long)id2), NULL);
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(r->json, "title"), "两台服务器：第二台写入");
    /* signed out on the second: refused on the first too */
    harness_use_port(port2);
    CHECK_INT(api(&b, "DELETE", "/api/v1/session", NULL)->status, 204);
    harness_use_port(0);
    CHECK_INT(api(&b, "GET", tprintf("/api/v1/tasks/%lld", (long long)id), NULL)->status, 401);
    stop(pid);
}

/* One writer process: its own session, TASKS_EACH creations through one server; exits with
 * the failures. */
static void writer(const char *username, int port, int n, const char *dept)
{
    harness_use_port(port);
    struct browser own = {0}, *b = &own;
    if (!signin(b, username))
        _exit(100);
    int failed = 0;
    for (int i = 0; i < TASKS_EACH; i++) {
        const char *title = tprintf("并发写入 %d-%02d", n, i);
        if (make_task(b, title, dept, "2027-04-01") <= 0)
            failed++;
        t_arena_reset();
    }
    _exit(failed > 100 ? 100 : failed);
}

static void test_concurrent_writes_keep_the_chains(void)
{
    int port2;
    pid_t pid = second_server(&port2);
    if (pid <= 0)
        return;
    int64_t tasks = db_int("SELECT COUNT(*) FROM tasks");
    int64_t audit = db_int("SELECT COUNT(*) FROM audit");
    pid_t kids[WRITERS];
    fflush(NULL);
    for (int k = 0; k < WRITERS; k++) {
        kids[k] = fork();
        if (kids[k] == 0) {
            /* both subdistricts (two chains) through both servers */
            bool east = k % 2 == 0;
            writer(east ? "dh.staff" : "xl.staff", k < 2 ? 0 : port2, k, east ? "DH-ZF" : "XL-ZF");
        }
        CHECK(kids[k] > 0);
    }
    int failures = 0;
    for (int k = 0; k < WRITERS; k++) {
        int st = 0;
        while (kids[k] > 0 && waitpid(kids[k], &st, 0) < 0 && errno == EINTR)
            ;
        failures += WIFEXITED(st) ? WEXITSTATUS(st) : TASKS_EACH;
    }
    CHECK_INT(failures, 0);
    CHECK_INT(db_int("SELECT COUNT(*) FROM tasks"), tasks + WRITERS * TASKS_EACH);
    CHECK_INT(db_int("SELECT COUNT(*) FROM audit WHERE action = 'tasks.create' "
                     "AND after_state LIKE '%%并发写入%%'"),
              WRITERS * TASKS_EACH);
    CHECK(db_int("SELECT COUNT(*) FROM audit") >= audit + WRITERS * TASKS_EACH);
    /* each chain's numbers run without a gap or a repeat */
    CHECK_INT(db_int("SELECT COUNT(*) FROM (SELECT chain_id FROM audit GROUP BY chain_id "
                     "HAVING COUNT(*) <> MAX(seq) OR COUNT(DISTINCT seq) <> COUNT(*)) g"),
              0);
    const char *out = NULL;
    CHECK_INT(run_fazhi(&out, "verify", "--db", harness_db_path(), (const char *)NULL), 0);
    CHECK_CONTAINS(out, "intact");
    stop(pid);
}

void suite_servers(void)
{
    RUN(test_sessions_and_writes_are_shared);
    RUN(test_concurrent_writes_keep_the_chains);
}
