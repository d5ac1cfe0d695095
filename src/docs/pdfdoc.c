/* pdfdoc.c — an official document recorded call by call (pdfdoc.h), in the JSON that
 * pdfdraw.h describes, and laid out at the end by docs/render.h (here or in a child). Every
 * text and number is copied into the record as given, so playing it makes the same calls
 * with the same arguments the caller made. */
#include "docs/pdfdoc.h"

#include <jansson.h>
#include <stdlib.h>

#include "chart/chart.h"
#include "core/log.h"
#include "docs/render.h"
#include "core/banned.h"

struct pdfdoc {
    json_t *record; /* {"job": "pdf", "title", "created", "ops"} */
    json_t *ops;    /* borrowed from record */
    bool failed;    /* a call could not be recorded (memory, text that is not UTF-8) */
};

struct pdfdoc *pdfdoc_new(const char *title, const char *created)
{
    struct pdfdoc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->ops = json_array();
    d->record = json_pack("{s:s,s:s?,s:s?,s:o}", "job", "pdf", "title", title, "created", created,
                          "ops", d->ops);
    if (!d->record) {
        free(d);
        return NULL;
    }
    return d;
}

void pdfdoc_free(struct pdfdoc *d)
{
    if (!d)
        return;
    json_decref(d->record);
    free(d);
}

/* Appends op (a new reference, NULL when it could not be made) to the record. */
static void add(struct pdfdoc *d, json_t *op)
{
    if (json_array_append_new(d->ops, op) != 0)
        d->failed = true;
}

void pdfdoc_title(struct pdfdoc *d, const char *text)
{
    add(d, json_pack("[s,s]", "title", text));
}

void pdfdoc_line(struct pdfdoc *d, enum pdf_align align, const char *text)
{
    add(d, json_pack("[s,i,s]", "line", (int)align, text));
}

void pdfdoc_para(struct pdfdoc *d, const char *text)
{
    add(d, json_pack("[s,s]", "para", text));
}

void pdfdoc_para_lead(struct pdfdoc *d, const char *lead, const char *text)
{
    add(d, json_pack("[s,s?,s]", "lead", lead, text));
}

void pdfdoc_space(struct pdfdoc *d, double mm)
{
    add(d, json_pack("[s,f]", "space", mm));
}

void pdfdoc_keep(struct pdfdoc *d, double mm)
{
    add(d, json_pack("[s,f]", "keep", mm));
}

void pdfdoc_table(struct pdfdoc *d, const char *const *labels, const char *const *values, size_t n,
                  double min_mm)
{
    json_t *l = json_array(), *v = json_array();
    json_t *op = json_pack("[s,f,o,o]", "table", min_mm, l, v);
    for (size_t i = 0; op && i < n; i++)
        if (json_array_append_new(l, json_string(labels[i])) != 0 ||
            json_array_append_new(v, values[i] ? json_string(values[i]) : json_null()) != 0) {
            json_decref(op);
            op = NULL;
        }
    add(d, op);
}

void pdfdoc_chart(struct pdfdoc *d, double height_mm, const struct chart *c)
{
    add(d, json_pack("[s,f,o]", "chart", height_mm, chart_to_json(c)));
}

fz_err pdfdoc_finish(struct pdfdoc *d, buf *out)
{
    buf_init(out, RENDER_MAX_OUTPUT);
    fz_err e = FZ_EINTERNAL;
    if (d->failed)
        log_error("pdfdoc: a call could not be recorded (out of memory, or text not UTF-8)");
    else
        e = render_job(d->record, out);
    if (e)
        buf_release(out);
    return e;
}
