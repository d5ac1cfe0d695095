/* spawn.c — a helper program run as a filter, within limits (spawn.h).
 *
 * One poll loop feeds the child's standard input (a socket, so that writing to a child that
 * has gone raises EPIPE rather than SIGPIPE whatever the caller's signal set-up) while
 * draining its standard output and standard error (pipes), so neither side can block the
 * other whatever the sizes. The child is reaped in every path. */
/* pipe2 and posix_spawn_file_actions_addclosefrom_np (glibc 2.34) */
#define _GNU_SOURCE
#include "core/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/banned.h"

extern char **environ;

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* Starts the child with in_fd, out_fd, err_fd as its 0, 1, 2; returns posix_spawn's error. */
static int start(pid_t *pid, const char *path, char *const argv[], int in_fd, int out_fd,
                 int err_fd)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc)
        return rc;
    rc = posix_spawnattr_init(&at);
    if (rc) {
        posix_spawn_file_actions_destroy(&fa);
        return rc;
    }
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    /* the server blocks SIGINT and SIGTERM in its threads and ignores SIGPIPE: the child
     * starts afresh */
    static const int sigs[] = {SIGPIPE, SIGINT,  SIGTERM, SIGHUP,
                               SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaddset(&defaults, sigs[i]);
    if (!(rc = posix_spawn_file_actions_adddup2(&fa, in_fd, STDIN_FILENO)) &&
        !(rc = posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO)) &&
        !(rc = posix_spawn_file_actions_adddup2(&fa, err_fd, STDERR_FILENO)) &&
        /* nothing else of the caller's (its listening socket, its database files) */
        !(rc = posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1)) &&
        !(rc = posix_spawnattr_setsigmask(&at, &none)) &&
        !(rc = posix_spawnattr_setsigdefault(&at, &defaults)) &&
        !(rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)))
        rc = posix_spawn(pid, path, &fa, &at, argv, environ);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

/* Waits for pid until deadline (no limit when deadline < 0); true with *status when it was
 * reaped. */
static bool reap(pid_t pid, long deadline, int *status)
{
    for (;;) {
        pid_t r = waitpid(pid, status, deadline < 0 ? 0 : WNOHANG);
        if (r == pid)
            return true;
        if (r < 0 && errno != EINTR)
            return false;
        if (r == 0) {
            if (now_ms() >= deadline)
                return false;
            /* it has closed its output and is on its way out: a short nap, not a busy loop */
            struct timespec nap = {0, 2 * 1000 * 1000};
            nanosleep(&nap, NULL);
        }
    }
}

fz_err spawn_run(const char *path, char *const argv[], const void *in, size_t in_len, buf *out,
                 size_t max_out, int timeout_ms, struct spawn_result *res)
{
    memset(res, 0, sizeof *res);
    long started = now_ms(), deadline = started + (timeout_ms > 0 ? timeout_ms : 0);
    int in_sv[2] = {-1, -1}, out_p[2] = {-1, -1}, err_p[2] = {-1, -1};
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_sv) || pipe2(out_p, O_CLOEXEC) ||
        pipe2(err_p, O_CLOEXEC)) {
        res->err_no = errno;
        res->outcome = SPAWN_NO_START;
        for (int i = 0; i < 2; i++) {
            close_fd(&in_sv[i]);
            close_fd(&out_p[i]);
            close_fd(&err_p[i]);
        }
        return res->err_no == EMFILE || res->err_no == ENFILE || res->err_no == ENOMEM
                   ? FZ_EBUSY
                   : FZ_EINTERNAL;
    }
    pid_t pid = -1;
    int rc = start(&pid, path, argv, in_sv[1], out_p[1], err_p[1]);
    close_fd(&in_sv[1]);
    close_fd(&out_p[1]);
    close_fd(&err_p[1]);
    if (rc) {
        close_fd(&in_sv[0]);
        close_fd(&out_p[0]);
        close_fd(&err_p[0]);
        res->outcome = SPAWN_NO_START;
        res->err_no = rc;
        res->elapsed_ms = now_ms() - started;
        return rc == EAGAIN || rc == ENOMEM ? FZ_EBUSY : FZ_EINTERNAL;
    }
    int fd_in = in_sv[0], fd_out = out_p[0], fd_err = err_p[0];
    fcntl(fd_out, F_SETFL, O_NONBLOCK);
    fcntl(fd_err, F_SETFL, O_NONBLOCK);
    if (in_len == 0)
        close_fd(&fd_in);
    size_t sent = 0, got = 0, err_len = 0;
    bool failed = false; /* res->outcome says why */
    while (!failed && (fd_in >= 0 || fd_out >= 0 || fd_err >= 0)) {
        long left = deadline - now_ms();
        if (left <= 0) {
            res->outcome = SPAWN_TIMEOUT;
            failed = true;
            break;
        }
        struct pollfd p[3];
        int np = 0, i_in = -1, i_out = -1, i_err = -1;
        if (fd_in >= 0)
            p[i_in = np++] = (struct pollfd){fd_in, POLLOUT, 0};
        if (fd_out >= 0)
            p[i_out = np++] = (struct pollfd){fd_out, POLLIN, 0};
        if (fd_err >= 0)
            p[i_err = np++] = (struct pollfd){fd_err, POLLIN, 0};
        int k = poll(p, (nfds_t)np, left > INT_MAX ? INT_MAX : (int)left);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            res->outcome = SPAWN_IO;
            res->err_no = errno;
            failed = true;
            break;
        }
        if (i_in >= 0 && p[i_in].revents) {
            ssize_t n =
                send(fd_in, (const char *)in + sent, in_len - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0)
                sent += (size_t)n;
            /* a child that stops reading early has its reasons: its exit status tells */
            if (sent == in_len || (n < 0 && errno != EAGAIN && errno != EINTR))
                close_fd(&fd_in);
        }
        if (i_out >= 0 && p[i_out].revents) {
            char chunk[16384];
            ssize_t n = read(fd_out, chunk, sizeof chunk);
            if (n > 0) {
                got += (size_t)n;
                if (got > max_out) {
                    res->outcome = SPAWN_TOO_BIG;
                    failed = true;
                    break;
                }
                buf_put(out, chunk, (size_t)n);
                if (out->err) {
                    res->outcome = SPAWN_TOO_BIG;
                    failed = true;
                    break;
                }
            } else if (n == 0) {
                close_fd(&fd_out);
            } else if (errno != EAGAIN && errno != EINTR) {
                res->outcome = SPAWN_IO;
                res->err_no = errno;
                failed = true;
                break;
            }
        }
        if (i_err >= 0 && p[i_err].revents) {
            char chunk[4096];
            ssize_t n = read(fd_err, chunk, sizeof chunk);
            if (n > 0) {
                size_t keep = sizeof res->err - 1 - err_len;
                if (keep > (size_t)n)
                    keep = (size_t)n;
                memcpy(res->err + err_len, chunk, keep);
                err_len += keep;
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                close_fd(&fd_err);
            }
        }
    }
    close_fd(&fd_in);
    close_fd(&fd_out);
    close_fd(&fd_err);
    res->err[err_len] = '\0';
    int status = 0;
    if (!failed && !reap(pid, deadline, &status)) {
        res->outcome = SPAWN_TIMEOUT;
        failed = true;
    }
    if (failed) {
        kill(pid, SIGKILL);
        reap(pid, -1, &status);
    } else if (WIFEXITED(status)) {
        res->code = WEXITSTATUS(status);
        res->outcome = res->code == 0 ? SPAWN_OK : SPAWN_EXIT;
    } else {
        res->code = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        res->outcome = SPAWN_SIGNAL;
    }
    res->elapsed_ms = now_ms() - started;
    switch (res->outcome) {
    case SPAWN_OK:
        return FZ_OK;
    case SPAWN_TIMEOUT:
        return FZ_EBUSY;
    default:
        return FZ_EINTERNAL;
    }
}

const char *spawn_describe(const struct spawn_result *res, char *line, size_t n)
{
    switch (res->outcome) {
    case SPAWN_OK:
        snprintf(line, n, "exited 0 after %ld ms", res->elapsed_ms);
        break;
    case SPAWN_NO_START:
        snprintf(line, n, "could not be started: %s", strerror(res->err_no));
        break;
    case SPAWN_EXIT:
        snprintf(line, n, "exited with %d after %ld ms", res->code, res->elapsed_ms);
        break;
    case SPAWN_SIGNAL:
        snprintf(line, n, "killed by signal %d after %ld ms", res->code, res->elapsed_ms);
        break;
    case SPAWN_TIMEOUT:
        snprintf(line, n, "timed out after %ld ms (killed)", res->elapsed_ms);
        break;
    case SPAWN_TOO_BIG:
        snprintf(line, n, "wrote more than the size limit (killed)");
        break;
    case SPAWN_IO:
        snprintf(line, n, "could not be talked to: %s (killed)", strerror(res->err_no));
        break;
    }
    return line;
}
