/* test_spawn.c — a helper run as a filter (core/spawn.h): input in and output out whatever
 * their sizes, the child's exit status, signal and standard error reported, the time and size
 * limits enforced by killing it, no SIGPIPE when the child reads nothing, none of our
 * descriptors in the child, and no child left unreaped. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/spawn.h"
#include "t.h"
#include "core/banned.h"

/* Runs /bin/sh -c script with in; returns the error code, out and res filled. */
static fz_err sh(const char *script, const void *in, size_t n, buf *out, size_t max_out,
                 int timeout_ms, struct spawn_result *res)
{
    char *argv[] = {(char *)"sh", (char *)"-c", (char *)script, NULL};
    return spawn_run("/bin/sh", argv, in, n, out, max_out, timeout_ms, res);
}

/* No child of ours is left, running or a zombie. */
static bool no_children(void)
{
    return waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD;
}

static void test_spawn_filter(void)
{
    /* 3 MiB each way: more than any pipe holds, so both directions must flow at once */
    size_t n = (size_t)3 << 20;
    char *in = malloc(n);
    for (size_t i = 0; i < n; i++)
        in[i] = (char)('a' + i % 26);
    buf out;
    buf_init(&out, 0);
    struct spawn_result res;
    CHECK_INT(sh("cat", in, n, &out, n, 20000, &res), FZ_OK);
    CHECK_INT(res.outcome, SPAWN_OK);
    CHECK(out.len == n && memcmp(out.p, in, n) == 0);
    /* a child that reads nothing: no SIGPIPE here, its status counts */
    buf_reset(&out);
    CHECK_INT(sh("echo done", in, n, &out, n, 20000, &res), FZ_OK);
    CHECK_STR(out.p, "done\n");
    /* no input at all */
    buf_reset(&out);
    CHECK_INT(sh("wc -c", NULL, 0, &out, 100, 20000, &res), FZ_OK);
    CHECK_STR(out.p, "0\n");
    free(in);
    buf_release(&out);
    CHECK(no_children());
}

static void test_spawn_failures(void)
{
    buf out;
    buf_init(&out, 0);
    struct spawn_result res;
    char line[200];
    CHECK_INT(sh("echo partial; echo 'it went wrong' >&2; exit 3", NULL, 0, &out, 100, 20000, &res),
              FZ_EINTERNAL);
    CHECK_INT(res.outcome, SPAWN_EXIT);
    CHECK_INT(res.code, 3);
    CHECK_STR(res.err, "it went wrong\n");
    CHECK_CONTAINS(spawn_describe(&res, line, sizeof line), "exited with 3");
    CHECK_INT(sh("kill -KILL $$", NULL, 0, &out, 100, 20000, &res), FZ_EINTERNAL);
    CHECK_INT(res.outcome, SPAWN_SIGNAL);
    CHECK_INT(res.code, SIGKILL);
    CHECK_CONTAINS(spawn_describe(&res, line, sizeof line), "signal 9");
    /* past the time limit: killed, reported as a timeout (503 for the caller) */
    CHECK_INT(sh("sleep 30", NULL, 0, &out, 100, 200, &res), FZ_EBUSY);
    CHECK_INT(res.outcome, SPAWN_TIMEOUT);
    /* a child that closes its output and lingers is still held to the limit */
    CHECK_INT(sh("exec >&- 2>&-; sleep 30", NULL, 0, &out, 100, 200, &res), FZ_EBUSY);
    CHECK_INT(res.outcome, SPAWN_TIMEOUT);
    /* past the size limit: killed */
    buf_reset(&out);
    CHECK_INT(sh("head -c 1000000 /dev/zero", NULL, 0, &out, 4096, 20000, &res), FZ_EINTERNAL);
    CHECK_INT(res.outcome, SPAWN_TOO_BIG);
    CHECK(out.len <= 4096);
    /* a program that is not there */
    char *argv[] = {(char *)"nothing", NULL};
    CHECK_INT(spawn_run("/nonexistent/fazhi", argv, NULL, 0, &out, 100, 1000, &res), FZ_EINTERNAL);
    CHECK_INT(res.outcome, SPAWN_NO_START);
    CHECK_INT(res.err_no, ENOENT);
    buf_release(&out);
    CHECK(no_children());
}

/* None of our descriptors reaches the child, not even one opened without O_CLOEXEC. */
static void test_spawn_descriptors(void)
{
    int fd = open("/dev/null", O_RDONLY);
    CHECK(fd >= 0 && dup2(fd, 77) == 77);
    buf out;
    buf_init(&out, 0);
    struct spawn_result res;
    CHECK_INT(
        sh("test -e /proc/self/fd/77 && echo open || echo closed", NULL, 0, &out, 100, 20000, &res),
        FZ_OK);
    CHECK_STR(out.p, "closed\n");
    buf_reset(&out);
    CHECK_INT(sh("test -e /proc/self/fd/2 && echo open", NULL, 0, &out, 100, 20000, &res), FZ_OK);
    CHECK_STR(out.p, "open\n");
    buf_release(&out);
    close(77);
    close(fd);
}

void suite_spawn(void);
void suite_spawn(void)
{
    RUN(test_spawn_filter);
    RUN(test_spawn_failures);
    RUN(test_spawn_descriptors);
}
