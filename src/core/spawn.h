/* spawn.h — one run of a helper program as a filter: bytes in on its standard input, bytes
 * out from its standard output, its standard error kept for the log, all within a time limit
 * and a size limit. For work done in a short-lived child so that its memory (the font
 * libraries') never becomes the caller's (docs/render.h).
 *
 * The child is started with posix_spawn (safe in a threaded server), with every descriptor
 * but 0, 1 and 2 closed, the default signal mask and the default action for the usual
 * signals, and the caller's environment. A child that runs past the limit or writes past the
 * size limit is killed (SIGKILL) and reaped before spawn_run returns; no zombie is left.
 * Writing to a child that stopped reading raises no SIGPIPE in the caller.
 *
 * Ownership: out is the caller's (appended to); res is filled in. */
#ifndef FZ_SPAWN_H
#define FZ_SPAWN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

enum spawn_outcome {
    SPAWN_OK,       /* it exited 0 */
    SPAWN_NO_START, /* it could not be started (res->err_no) */
    SPAWN_EXIT,     /* it exited with another status (res->code) */
    SPAWN_SIGNAL,   /* a signal ended it (res->code), not ours */
    SPAWN_TIMEOUT,  /* it ran past the time limit: killed */
    SPAWN_TOO_BIG,  /* it wrote more than the size limit: killed */
    SPAWN_IO,       /* talking to it failed (res->err_no): killed */
};

struct spawn_result {
    enum spawn_outcome outcome;
    int code;        /* the exit status or the signal */
    int err_no;      /* errno for SPAWN_NO_START and SPAWN_IO */
    char err[512];   /* the first bytes of its standard error, NUL-terminated, newlines kept */
    long elapsed_ms; /* from start to reaping */
};

/* Runs path with argv (NULL-terminated, argv[0] included), writes in_len bytes of in to its
 * standard input and closes it, appends its standard output to out (at most max_out bytes),
 * and waits for it, for at most timeout_ms in all. FZ_OK only for SPAWN_OK within both
 * limits; FZ_EBUSY when it could not be started for want of resources (EAGAIN, ENOMEM) or
 * ran out of time; FZ_EINTERNAL otherwise. res says what happened in every case. */
fz_err spawn_run(const char *path, char *const argv[], const void *in, size_t in_len, buf *out,
                 size_t max_out, int timeout_ms, struct spawn_result *res);
/* A one-line description of res for a log: "exited with 3", "killed by signal 9", "timed out
 * after 30000 ms"… (static or res-owned storage). */
const char *spawn_describe(const struct spawn_result *res, char *line, size_t n);

#endif
