/* main.c — the HTTP test runner: starts the real server on a fresh demo database
 * (harness.c), runs every suite in suites.h against it, then stops the server (it must exit
 * 0: under the sanitizers a leak or an error makes it exit non-zero) and runs `fazhi verify`
 * over what the tests left behind. Last line: "N passed, N failed". An argument runs only
 * the tests whose name contains it (the server checks at the end always run);
 * FAZHI_TEST_VERBOSE=1 prints each test's time. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../unit/t.h"
#include "harness.h"
#include "core/banned.h"

int t_failed_checks;
static int passed, failed;
static const char *filter;
static bool verbose;

void t_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "  FAIL %s:%d: ", file, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    t_failed_checks++;
}

static void run_one(const char *name, void (*fn)(void))
{
    int before = t_failed_checks;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    fn();
    t_arena_reset();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (verbose) /* for finding slow tests; never asserted */
        fprintf(stderr, "%-45s %6lld ms\n", name,
                (long long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000));
    if (t_failed_checks == before) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAILED %s\n", name);
    }
}

void t_run(const char *name, void (*fn)(void))
{
    if (filter && !strstr(name, filter))
        return;
    run_one(name, fn);
}

static void server_exits_cleanly(void)
{
    CHECK(server_healthy());
    CHECK(harness_stop());
}

/* Everything the tests did — refusals included — left the audit chains intact and every
 * record equal to its last audited state. */
static void verify_after_all(void)
{
    const char *out = NULL;
    int rc = run_fazhi(&out, "verify", "--db", harness_db_path(), "--quiet", (const char *)NULL);
    CHECK_INT(rc, 0);
    if (rc != 0 && out)
        fprintf(stderr, "%s", out);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        filter = argv[1];
    verbose = getenv("FAZHI_TEST_VERBOSE") != NULL;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (harness_start() != 0) {
        harness_cleanup();
        printf("0 passed, 1 failed\n");
        return 1;
    }
#define SUITE(name) suite_##name();
#include "suites.h"
#undef SUITE
    run_one("server_exits_cleanly", server_exits_cleanly);
    run_one("verify_after_all", verify_after_all);
    harness_cleanup();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
