/* render.h — the work that needs fonts (a PDF laid out by pdfdoc, a chart as SVG or PNG) as
 * a job, done in this process or, once render_in_child() is called — `fazhi serve` does —
 * by a short-lived child, `fazhi render`, so that the font libraries never load in the
 * server: fontconfig with the Noto CJK faces, pango's per-thread font maps and cairo's
 * caches would otherwise stay with it for good (about 150 MiB; bench/RESULTS.md).
 *
 * A job is JSON: {"job": "pdf", "title", "created", "ops"} (docs/pdfdraw.h) or {"job":
 * "chart", "format": "svg" | "png", "width", "height", "chart"} (chart_to_json). The child
 * is the same executable; it reads the job on its standard input, writes the bytes on its
 * standard output and exits; it opens no database and needs nothing but the job. The bytes
 * are the same wherever a job runs.
 *
 * Limits on a child: RENDER_TIMEOUT_MS in all (waiting for a free slot included), at most
 * RENDER_MAX_OUTPUT bytes of output, at most RENDER_MAX_CHILDREN at once. A failure is
 * logged here with the child's own message; callers show a message of their own.
 *
 * Ownership: jobs are borrowed; output is appended to the caller's buf. */
#ifndef FZ_RENDER_H
#define FZ_RENDER_H

#include <jansson.h>
#include <stddef.h>

#include "chart/chart.h"
#include "core/buf.h"
#include "core/err.h"

#define RENDER_TIMEOUT_MS 30000
#define RENDER_MAX_OUTPUT ((size_t)32 << 20) /* bytes */
#define RENDER_MAX_JOB ((size_t)16 << 20)    /* bytes of JSON */
#define RENDER_MAX_CHILDREN 4

/* From now on every job runs in a child: exe run as `exe render` ("/proc/self/exe": this
 * very executable, even if the file has been replaced since); NULL: in this process again
 * (tests). Call before threads start. */
void render_in_child(const char *exe);
/* Runs job, appending its bytes to out: FZ_OK; FZ_EINVAL for a job that is not one;
 * FZ_EBUSY when no child could be started for now or it ran out of time; FZ_EINTERNAL when
 * it failed (crashed, killed, wrote too much) or laying out failed. */
fz_err render_job(const json_t *job, buf *out);
/* A chart as SVG or PNG through render_job: chart_render's contract (FZ_EINVAL for a chart
 * or a size out of bounds), and render_job's failures. */
fz_err render_chart(const struct chart *c, enum chart_format f, int width, int height, buf *out);
/* The child's side: the job's JSON text (n bytes) done in this process, whatever
 * render_in_child says. */
fz_err render_local(const char *job, size_t n, buf *out);

#endif
