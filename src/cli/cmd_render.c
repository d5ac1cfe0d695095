/* cmd_render.c — fazhi render: internal, not in the command list. Reads one render job
 * (docs/render.h: a recorded PDF or a chart, as JSON) on standard input and writes the PDF,
 * SVG or PNG on standard output. `fazhi serve` runs it as a short-lived child for every PDF
 * and chart it makes, so that the font libraries load in the child and leave with it, never
 * in the server. It opens no database and reads no file but its standard input.
 *
 * FAZHI_RENDER_FAIL, for tests, makes it fail after reading the job: "exit" exits with 3
 * having written nothing, "kill" dies of SIGKILL halfway through its output, "hang" sleeps
 * until it is killed. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cli.h"
#include "docs/render.h"
#include "core/banned.h"

static bool write_all(const char *p, size_t n)
{
    while (n) {
        ssize_t k = write(STDOUT_FILENO, p, n);
        if (k < 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

/* FAZHI_RENDER_FAIL: fails as told, or returns. */
static void fail_if_told(const buf *out)
{
    const char *how = getenv("FAZHI_RENDER_FAIL");
    if (!how || !*how)
        return;
    if (strcmp(how, "kill") == 0) {
        write_all(out->p, out->len / 2);
        raise(SIGKILL);
    }
    if (strcmp(how, "hang") == 0)
        for (;;)
            pause();
    fprintf(stderr, "fazhi render: failing as FAZHI_RENDER_FAIL=%s asks\n", how);
    exit(EXIT_STORE);
}

static int run_render(struct opt *o, int n)
{
    (void)o;
    (void)n;
    /* the server's worker thread waits for this process: if the server dies, so does it */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    buf job, out;
    buf_init(&job, RENDER_MAX_JOB);
    buf_init(&out, RENDER_MAX_OUTPUT);
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        buf_put(&job, chunk, k);
    int rc = EXIT_OK;
    if (ferror(stdin) || job.err) {
        fprintf(stderr, "fazhi render: cannot read the job (at most %zu bytes)\n", RENDER_MAX_JOB);
        rc = EXIT_STORE;
    } else {
        fz_err e = render_local(job.p, job.len, &out);
        if (e) {
            fprintf(stderr, "fazhi render: %s\n",
                    e == FZ_EINVAL ? "not a render job" : "laying out failed (cairo or pango)");
            rc = e == FZ_EINVAL ? EXIT_REFUSED : EXIT_STORE;
        } else {
            fail_if_told(&out);
            if (!write_all(out.p, out.len)) {
                fprintf(stderr, "fazhi render: cannot write the output\n");
                rc = EXIT_STORE;
            }
        }
    }
    buf_release(&job);
    buf_release(&out);
    return rc;
}

struct command cmd_render = {
    "render",
    "Internal: lay out one PDF or chart for `fazhi serve`, from the job (JSON) on standard input "
    "to standard output. Not for use by hand.",
    run_render,
    NULL,
    0,
    .hidden = true,
};
