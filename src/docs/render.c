/* render.c — font-using jobs, here or in a child `fazhi render` (render.h). */
#include "docs/render.h"

#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/spawn.h"
#include "docs/pdfdraw.h"
#include "core/banned.h"

static struct {
    const char *exe; /* NULL: jobs run in this process */
    sem_t slots;     /* children that may run at once */
} R;

void render_in_child(const char *exe)
{
    static bool ready;
    if (exe && !ready) {
        if (sem_init(&R.slots, 0, RENDER_MAX_CHILDREN) != 0) {
            log_error("render: no semaphore (%s): rendering in this process", strerror(errno));
            return;
        }
        ready = true;
    }
    R.exe = exe;
}

static const char *const formats[] = {[CHART_SVG] = "svg", [CHART_PNG] = "png"};

static int format_parse(const char *s)
{
    for (int i = 0; s && i < (int)(sizeof formats / sizeof formats[0]); i++)
        if (strcmp(s, formats[i]) == 0)
            return i;
    return -1;
}

/* ---- here -------------------------------------------------------------------------------- */

static fz_err play_chart(const json_t *job, buf *out)
{
    int f = format_parse(json_string_value(json_object_get(job, "format")));
    const json_t *w = json_object_get(job, "width"), *h = json_object_get(job, "height");
    if (f < 0 || !json_is_integer(w) || !json_is_integer(h) ||
        json_integer_value(w) < CHART_MIN_WIDTH || json_integer_value(w) > CHART_MAX_SIDE ||
        json_integer_value(h) < CHART_MIN_HEIGHT || json_integer_value(h) > CHART_MAX_SIDE)
        return FZ_EINVAL;
    arena *a = arena_new();
    struct chart c;
    fz_err e = chart_from_json(json_object_get(job, "chart"), a, &c);
    if (!e)
        e = chart_render(&c, (enum chart_format)f, (int)json_integer_value(w),
                         (int)json_integer_value(h), out);
    arena_free(a);
    return e;
}

static fz_err play(const json_t *job, buf *out)
{
    const char *kind = json_string_value(json_object_get(job, "job"));
    if (kind && strcmp(kind, "pdf") == 0)
        return pdfdraw_play(job, out);
    if (kind && strcmp(kind, "chart") == 0)
        return play_chart(job, out);
    return FZ_EINVAL;
}

fz_err render_local(const char *job, size_t n, buf *out)
{
    json_t *j = json_loadb(job, n, 0, NULL);
    if (!j)
        return FZ_EINVAL;
    fz_err e = play(j, out);
    json_decref(j);
    return e;
}

/* ---- in a child -------------------------------------------------------------------------- */

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The child's standard error on one line for the log (in place). */
static const char *one_line(char *s)
{
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

static fz_err in_child(const json_t *job, buf *out)
{
    const char *kind = json_string_value(json_object_get(job, "job"));
    kind = kind ? kind : "?";
    char *text = json_dumps(job, JSON_COMPACT);
    size_t n = text ? strlen(text) : 0;
    if (!text || n > RENDER_MAX_JOB) {
        log_error("render: %s job: %s", kind,
                  text ? "larger than the job limit" : "cannot be written as JSON");
        free(text);
        return FZ_EINTERNAL;
    }
    long started = now_ms();
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += RENDER_TIMEOUT_MS / 1000;
    int waited;
    while ((waited = sem_timedwait(&R.slots, &until)) != 0 && errno == EINTR)
        ;
    if (waited != 0) {
        log_warn("render: %s job: no free render slot (%d at once) within %d ms", kind,
                 RENDER_MAX_CHILDREN, RENDER_TIMEOUT_MS);
        free(text);
        return FZ_EBUSY;
    }
    long left = RENDER_TIMEOUT_MS - (now_ms() - started);
    char *argv[] = {(char *)"fazhi", (char *)"render", NULL};
    struct spawn_result res;
    fz_err e =
        spawn_run(R.exe, argv, text, n, out, RENDER_MAX_OUTPUT, left > 0 ? (int)left : 1, &res);
    sem_post(&R.slots);
    free(text);
    char line[200];
    if (e)
        log_error("render: %s job (%zu bytes): the child %s%s%s", kind, n,
                  spawn_describe(&res, line, sizeof line), res.err[0] ? ": " : "",
                  one_line(res.err));
    else if (res.err[0])
        log_debug("render: %s job: the child said: %s", kind, one_line(res.err));
    return e;
}

/* ---- either ------------------------------------------------------------------------------ */

fz_err render_job(const json_t *job, buf *out)
{
    return R.exe ? in_child(job, out) : play(job, out);
}

fz_err render_chart(const struct chart *c, enum chart_format f, int width, int height, buf *out)
{
    fz_err e = chart_check(c);
    if (e)
        return e;
    if ((unsigned)f >= sizeof formats / sizeof formats[0] || width < CHART_MIN_WIDTH ||
        width > CHART_MAX_SIDE || height < CHART_MIN_HEIGHT || height > CHART_MAX_SIDE)
        return FZ_EINVAL;
    json_t *job = json_pack("{s:s,s:s,s:i,s:i,s:o}", "job", "chart", "format", formats[f], "width",
                            width, "height", height, "chart", chart_to_json(c));
    if (!job) {
        log_error("render: chart job: cannot be made (out of memory, or text not UTF-8)");
        return FZ_EINTERNAL;
    }
    e = render_job(job, out);
    json_decref(job);
    return e;
}
