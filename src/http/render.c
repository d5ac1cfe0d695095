/* render.c — JSON and CSV forms of records, and deadline explanations. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "engine/workflow.h"
#include "core/banned.h"

const char *value_text(arena *a, const struct field *f, const struct value *v)
{
    if (v->null && !field_is_list(f))
        return "";
    switch (f->type) {
    case FT_MONEY:
        return arena_printf(a, "%s 元", v->s ? v->s : "");
    case FT_USER:
        return v->label ? v->label : v->s ? v->s : "";
    case FT_DATETIME: {
        char local[17];
        time_format_local(v->i, local);
        return arena_strdup(a, local);
    }
    case FT_INT:
        return arena_printf(a, "%lld", (long long)v->i);
    case FT_BOOL:
        return v->i ? "是" : "否";
    case FT_ENUM:
        return v->label ? v->label : v->s;
    case FT_ORG:
    case FT_REF:
        return v->label ? v->label : "";
    case FT_ORGS:
    case FT_REFS:
    case FT_FILES: {
        buf b;
        buf_init(&b, 0);
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                buf_puts(&b, "、");
            buf_puts(&b, v->labels[i] ? v->labels[i] : "");
        }
        const char *s = arena_strndup(a, b.p, b.len);
        buf_release(&b);
        return s;
    }
    default:
        return v->s ? v->s : "";
    }
}

const char *deadline_explanation(struct request *req, const struct entity *e,
                                 const struct deadline_view *d)
{
    const struct deadline_def *def = deadline_def(e, d->kind);
    int base;
    if (!def || date_parse(d->base_date, &base))
        return "";
    struct cal_explain ex;
    deadline_compute(req->cfg->cal, def, base, d->paused_days + d->extended_days, &ex, req->a);
    char *text = calendar_explain_text(&ex);
    buf b;
    buf_init(&b, 0);
    const char *unit = def->unit == DL_WORKING_DAYS ? "个工作日" : "日";
    if (d->paused_days || d->extended_days || d->paused_since) {
        buf_printf(&b, "法定期限 %d%s", def->count, unit);
        if (d->paused_days)
            buf_printf(&b, "，中止期间 %d%s不计入", d->paused_days, unit);
        if (d->extended_days)
            buf_printf(&b, "，经批准延长 %d%s", d->extended_days, unit);
        buf_puts(&b, "。\n");
        if (d->paused_since)
            buf_printf(&b, "自 %s 起中止，恢复后继续计算；当前到期日为尚未计入本次中止的日期。\n",
                       d->paused_since);
    }
    buf_puts(&b, text ? text : "");
    free(text);
    const char *s = arena_strndup(req->a, b.p, b.len);
    buf_release(&b);
    return s;
}

static void json_value(const struct field *f, const struct value *v, buf *b)
{
    switch (f->type) {
    case FT_INT:
    case FT_REF:
        if (v->null)
            buf_puts(b, "null");
        else
            buf_put_int(b, v->i);
        break;
    case FT_BOOL:
        buf_puts(b, v->null ? "null" : v->i ? "true" : "false");
        break;
    case FT_ORGS:
        buf_putc(b, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                buf_putc(b, ',');
            buf_put_json_str(b, v->codes[i]);
        }
        buf_putc(b, ']');
        break;
    case FT_FILES:
    case FT_REFS:
        buf_putc(b, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                buf_putc(b, ',');
            buf_put_int(b, v->ids[i]);
        }
        buf_putc(b, ']');
        break;
    default:
        if (v->null || !v->s)
            buf_puts(b, "null");
        else
            buf_put_json_str(b, v->s);
    }
}

/* ,"k": — k is a field or member name from our own tables (an identifier: nothing to
 * escape), optionally with a suffix ("_label"). No printf: a list page writes thousands. */
static void key2(buf *b, const char *k, const char *suffix)
{
    /* four appends, not one of a copy on the stack: gcc copies a stack buffer of bounded
     * length with "rep movsq", slow to start (perf showed it at 12 % of a list request) */
    buf_put(b, ",\"", 2);
    buf_puts(b, k);
    if (suffix)
        buf_puts(b, suffix);
    buf_put(b, "\":", 2);
}

static void key(buf *b, const char *k)
{
    key2(b, k, NULL);
}

static void str_or_null(buf *b, const char *s)
{
    if (s)
        buf_put_json_str(b, s);
    else
        buf_puts(b, "null");
}

void json_record(struct request *req, const struct record *r, buf *b, bool detail)
{
    const struct entity *e = r->e;
    buf_puts(b, "{\"id\":");
    buf_put_int(b, r->id);
    if (e->workflow) {
        key(b, "status");
        buf_put_json_str(b, r->status ? r->status : "");
        key(b, "status_label");
        buf_put_json_str(b, wf_state_label(e->workflow, r->status));
    }
    for (int i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        const struct value *v = &r->v[i];
        if ((f->flags & F_SENSITIVE) && !detail)
            continue; /* personal data only in a (read-audited) detail */
        key(b, f->name);
        json_value(f, v, b);
        if (f->type == FT_ORG || f->type == FT_REF || f->type == FT_ENUM || f->type == FT_USER) {
            key2(b, f->name,
                 f->type == FT_ORG || f->type == FT_USER ? "_name"
                 : f->type == FT_REF                     ? "_title"
                                                         : "_label");
            str_or_null(b, v->null ? NULL : v->label);
        } else if (field_is_list(f)) {
            key2(b, f->name,
                 f->type == FT_ORGS   ? "_names"
                 : f->type == FT_REFS ? "_titles"
                                      : "_files");
            buf_putc(b, '[');
            for (size_t k = 0; k < v->n; k++) {
                if (k)
                    buf_putc(b, ',');
                if (f->type != FT_FILES) {
                    buf_put_json_str(b, v->labels[k]);
                } else {
                    buf_puts(b, "{\"id\":");
                    buf_put_int(b, v->ids[k]);
                    buf_puts(b, ",\"name\":");
                    buf_put_json_str(b, v->labels[k]);
                    buf_puts(b, ",\"sha256\":");
                    buf_put_json_str(b, v->codes[k]);
                    buf_putc(b, '}');
                }
            }
            buf_putc(b, ']');
        }
    }
    buf_puts(b, ",\"version\":");
    buf_put_int(b, r->version);
    key(b, "created_at");
    str_or_null(b, r->created_at);
    key(b, "created_by");
    str_or_null(b, r->created_by_name);
    key(b, "updated_at");
    str_or_null(b, r->updated_at);
    key(b, "updated_by");
    str_or_null(b, r->updated_by_name);
    if (e->ndeadlines) {
        key(b, "next_due");
        str_or_null(b, r->next_due);
        char today[11];
        date_format(req->ctx.today, today);
        buf_puts(b, r->next_due && strcmp(r->next_due, today) < 0 ? ",\"overdue\":true"
                                                                  : ",\"overdue\":false");
    }
    if (detail && e->ndeadlines) {
        buf_puts(b, ",\"deadlines\":[");
        for (size_t i = 0; i < r->ndeadlines; i++) {
            const struct deadline_view *d = &r->deadlines[i];
            if (i)
                buf_putc(b, ',');
            buf_puts(b, "{\"kind\":");
            buf_put_json_str(b, d->kind);
            key(b, "label");
            buf_put_json_str(b, d->label);
            key(b, "base_date");
            buf_put_json_str(b, d->base_date);
            key(b, "due_date");
            buf_put_json_str(b, d->due_date);
            key(b, "status");
            buf_put_json_str(b, d->status);
            buf_printf(b, ",\"overdue\":%s,\"due_soon\":%s,\"working_days_left\":%d",
                       d->overdue ? "true" : "false", d->due_soon ? "true" : "false", d->days_left);
            key(b, "explanation");
            buf_put_json_str(b, deadline_explanation(req, e, d));
            buf_putc(b, '}');
        }
        buf_putc(b, ']');
    }
    if (detail && e->warnings) {
        buf_puts(b, ",\"warnings\":[");
        for (size_t i = 0; i < r->nwarnings; i++) {
            if (i)
                buf_putc(b, ',');
            buf_put_json_str(b, r->warnings[i]);
        }
        buf_putc(b, ']');
    }
    if (detail && e->workflow) {
        const struct wf_transition *ts[32];
        int n = workflow_available(&req->ctx, r, ts, 32);
        buf_puts(b, ",\"transitions\":[");
        for (int i = 0; i < n; i++) {
            if (i)
                buf_putc(b, ',');
            buf_puts(b, "{\"name\":");
            buf_put_json_str(b, ts[i]->name);
            key(b, "label");
            buf_put_json_str(b, ts[i]->label);
            buf_putc(b, '}');
        }
        buf_putc(b, ']');
    }
    buf_putc(b, '}');
}
