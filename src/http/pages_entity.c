/* pages_entity.c — the staff app's pages for any entity, from its table: the list with
 * filters, paging and export; the detail page with deadlines, actions, child records and
 * history; and the new/edit forms with inline errors. Forms post here and go through the
 * same engine calls as the JSON API. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "engine/access.h"
#include "engine/audit.h"
#include "engine/deadline.h"
#include "engine/files.h"
#include "engine/history.h"
#include "engine/people.h"
#include "engine/workflow.h"
#include "http/form.h"
#include "http/handlers.h"
#include "http/layout.h"
#include "http/render.h"
#include "core/banned.h"

#define CHILD_ROWS 50

/* The file picker offers what the server stores (engine/files.c file_mime_allowed), by
 * extension and by type, so that a phone's picker shows the same choice. */
/* The file picker's accept list, from the table of accepted kinds (engine/files.h). */
static const char *upload_accept(arena *a)
{
    buf b;
    buf_init(&b, 0);
    for (const struct upload_type *t = upload_types; t->ext; t++)
        buf_printf(&b, "%s%s", b.len ? "," : "", t->ext);
    for (const struct upload_type *t = upload_types; t->ext; t++)
        if (!strstr(b.p, t->mime))
            buf_printf(&b, ",%s", t->mime);
    const char *s = arena_strndup(a, b.p, b.len);
    buf_release(&b);
    return s;
}

static const struct entity *ent(struct request *req)
{
    return entity_find(req->seg[1]);
}

static const char *rec_url(struct request *req, const struct entity *e, int64_t id)
{
    return arena_printf(req->a, "/app/%s/%lld", e->name, (long long)id);
}

/* Organisations offered for an FT_ORG/ORGS field: the right kinds, in the actor's tenants;
 * for the unit field of a new record, only where the actor may create. */
static struct org *org_choices(struct request *req, const struct entity *e, const struct field *f,
                               bool for_create, size_t *n)
{
    struct org *all;
    size_t count;
    *n = 0;
    if (org_list_all(&req->ctx, &all, &count))
        return NULL;
    struct org *out = arena_calloc(req->a, count + 1, sizeof *out);
    bool unit = e->unit_field && strcmp(f->name, e->unit_field) == 0;
    /* a tenant's units come together in tree order: ask once a tenant, not once a unit (a
     * city has thousands of units, and the answer may take a query per role) */
    int64_t tenant = -1;
    bool in_tenant = false;
    for (size_t i = 0; i < count; i++) {
        if (f->org_kinds && !(f->org_kinds & (1u << all[i].kind)))
            continue;
        if (all[i].tenant_id != tenant) {
            tenant = all[i].tenant_id;
            in_tenant = access_in_tenant(&req->ctx, tenant);
        }
        if (!in_tenant)
            continue;
        if (unit && for_create && !entity_may(&req->ctx, e, e->create_roles, all[i].id))
            continue;
        out[(*n)++] = all[i];
    }
    /* Across several subdistricts (a district supervisor) the same unit names repeat: each
     * is named with its subdistrict. */
    bool several = false;
    for (size_t i = 1; i < *n; i++)
        several |= out[i].tenant_id != out[0].tenant_id;
    for (size_t i = 0; several && i < *n; i++) {
        if (out[i].id == out[i].tenant_id)
            continue;
        for (size_t k = 0; k < count; k++)
            if (all[k].id == out[i].tenant_id)
                out[i].name = arena_printf(req->a, "%s · %s", all[k].name, out[i].name);
    }
    return out;
}

static bool may_create_somewhere(struct request *req, const struct entity *e)
{
    if (!e->unit_field)
        return false;
    const struct field *uf = entity_field(e, e->unit_field);
    size_t n;
    org_choices(req, e, uf, true, &n);
    return n > 0;
}

/* ---- list -------------------------------------------------------------------------------- */

static void filter_select_orgs(struct request *req, struct html *h, const struct entity *e,
                               const struct field *f, const char *current)
{
    size_t n;
    struct org *orgs = org_choices(req, e, f, false, &n);
    h_open(h, "label", NULL);
    h_text(h, f->label);
    h_open(h, "select", "name", f->name, NULL);
    h_elem(h, "option", "全部", "value", "", NULL);
    for (size_t i = 0; i < n; i++)
        h_elem(h, "option", orgs[i].name, "value", orgs[i].code, "selected",
               current && strcmp(current, orgs[i].code) == 0 ? "" : NULL, NULL);
    h_close(h, "select");
    h_close(h, "label");
}

static void list_filters(struct request *req, struct html *h, const struct entity *e,
                         const struct record *parent)
{
    /* a list of one parent's children stays that list when filtered or reset */
    const char *base = parent ? arena_printf(req->a, "/app/%s?%s=%lld", e->name, e->parent_field,
                                             (long long)parent->id)
                              : arena_printf(req->a, "/app/%s", e->name);
    h_open(h, "form", "method", "get", "action", arena_printf(req->a, "/app/%s", e->name), "class",
           "filters card", "role", "search", NULL);
    if (parent)
        h_void(h, "input", "type", "hidden", "name", e->parent_field, "value",
               arena_printf(req->a, "%lld", (long long)parent->id), NULL);
    h_open(h, "label", NULL);
    h_text(h, "关键词");
    h_void(h, "input", "type", "search", "name", "q", "value", req_query(req, "q"), "maxlength",
           "100", "placeholder", "名称或内容", NULL);
    h_close(h, "label");
    if (e->workflow) {
        const char *cur = req_query(req, "status");
        h_open(h, "label", NULL);
        h_text(h, "状态");
        h_open(h, "select", "name", "status", NULL);
        h_elem(h, "option", "全部", "value", "", NULL);
        for (int i = 0; i < e->workflow->nstates; i++) {
            const struct wf_state *s = &e->workflow->states[i];
            h_elem(h, "option", s->label, "value", s->name, "selected",
                   cur && strcmp(cur, s->name) == 0 ? "" : NULL, NULL);
        }
        h_close(h, "select");
        h_close(h, "label");
    }
    for (int i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (!(f->flags & F_FILTER))
            continue;
        const char *cur = req_query(req, f->name);
        if (f->type == FT_ORG || f->type == FT_ORGS) {
            filter_select_orgs(req, h, e, f, cur);
        } else if (f->type == FT_ENUM) {
            h_open(h, "label", NULL);
            h_text(h, f->label);
            h_open(h, "select", "name", f->name, NULL);
            h_elem(h, "option", "全部", "value", "", NULL);
            for (const struct choice *ch = f->choices; ch->value; ch++)
                h_elem(h, "option", ch->label, "value", ch->value, "selected",
                       cur && strcmp(cur, ch->value) == 0 ? "" : NULL, NULL);
            h_close(h, "select");
            h_close(h, "label");
        } else if (f->type == FT_DATE) {
            const char *from = arena_printf(req->a, "%s_from", f->name);
            const char *to = arena_printf(req->a, "%s_to", f->name);
            h_open(h, "label", NULL);
            h_textf(h, "%s自", f->label);
            h_void(h, "input", "type", "date", "name", from, "value", req_query(req, from), NULL);
            h_close(h, "label");
            h_open(h, "label", NULL);
            h_text(h, "至");
            h_void(h, "input", "type", "date", "name", to, "value", req_query(req, to), NULL);
            h_close(h, "label");
        }
    }
    if (e->ndeadlines) {
        h_open(h, "label", "class", "check", NULL);
        h_void(h, "input", "type", "checkbox", "name", "overdue", "value", "1", "checked",
               req_query(req, "overdue") ? "" : NULL, NULL);
        h_text(h, "仅看逾期");
        h_close(h, "label");
    }
    h_elem(h, "button", "查询", "type", "submit", "class", "primary", NULL);
    h_elem(h, "a", "重置", "href", base, "class", "button", NULL);
    h_close(h, "form");
}

/* The current query string with one key replaced (page links, sort links, export). */
static const char *query_with(struct request *req, const char *key, const char *value)
{
    buf b;
    buf_init(&b, 0);
    int k = 0;
    for (size_t i = 0; i < req->nquery; i++) {
        if (strcmp(req->query[i].key, key) == 0 || !req->query[i].value[0])
            continue;
        buf_putc(&b, k++ ? '&' : '?');
        buf_put_url(&b, req->query[i].key);
        buf_putc(&b, '=');
        buf_put_url(&b, req->query[i].value);
    }
    if (value) {
        buf_putc(&b, k++ ? '&' : '?');
        buf_put_url(&b, key);
        buf_putc(&b, '=');
        buf_put_url(&b, value);
    }
    const char *s = arena_strndup(req->a, b.p, b.len);
    buf_release(&b);
    return s;
}

/* How pressing a record's next deadline is: 2 overdue, 1 due within
 * DEADLINE_SOON_WORKING_DAYS working days (as the home page and ?due_soon=1 count it), 0 not. */
static int due_level(struct request *req, const struct record *rec)
{
    if (!rec->next_due)
        return 0;
    char today[11], soon[11];
    date_format(req->ctx.today, today);
    if (strcmp(rec->next_due, today) < 0)
        return 2;
    date_format(calendar_add_working_days(req->cfg->cal, req->ctx.today, DEADLINE_SOON_WORKING_DAYS,
                                          NULL, NULL),
                soon);
    return strcmp(rec->next_due, soon) <= 0 ? 1 : 0;
}

static void due_cell(struct request *req, struct html *h, const struct record *rec)
{
    if (!rec->next_due) {
        h_elem(h, "span", "—", "class", "muted", NULL);
        return;
    }
    int level = due_level(req, rec);
    h_elem(h, "span",
           level == 2   ? arena_printf(req->a, "%s 已逾期", rec->next_due)
           : level == 1 ? arena_printf(req->a, "%s 即将到期", rec->next_due)
                        : rec->next_due,
           "class",
           level == 2   ? "due bad"
           : level == 1 ? "due warn"
                        : "due",
           NULL);
}

/* A files field in a table: each file's name, linked, with the start of its SHA-256. */
static void file_cells(struct request *req, struct html *h, const struct value *v)
{
    for (size_t k = 0; k < v->n; k++) {
        h_open(h, "div", "class", "file", NULL);
        h_elem(h, "a", v->labels[k], "href",
               arena_printf(req->a, "/app/files/%lld", (long long)v->ids[k]), NULL);
        h_elem(h, "code", arena_printf(req->a, "%.12s…", v->codes[k] ? v->codes[k] : ""), "title",
               v->codes[k] ? arena_printf(req->a, "SHA-256 %s", v->codes[k]) : NULL, NULL);
        h_close(h, "div");
    }
}

static void record_table(struct request *req, struct html *h, const struct entity *e,
                         struct record **rows, size_t n, bool sortable, const char *parent_field)
{
    const char *sort = req_query(req, "sort");
    h_open(h, "table", "class", "list", NULL);
    h_open(h, "thead", NULL);
    h_open(h, "tr", NULL);
    h_elem(h, "th", "编号", NULL);
    for (int i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (!(f->flags & F_LIST) || (parent_field && strcmp(f->name, parent_field) == 0))
            continue;
        if (sortable && (f->flags & F_SORT)) {
            bool asc = sort && strcmp(sort, f->name) == 0;
            h_open(h, "th", "aria-sort",
                   asc                                                        ? "ascending"
                   : sort && sort[0] == '-' && strcmp(sort + 1, f->name) == 0 ? "descending"
                                                                              : NULL,
                   NULL);
            h_elem(h, "a", f->label, "href",
                   query_with(req, "sort", asc ? arena_printf(req->a, "-%s", f->name) : f->name),
                   NULL);
            h_close(h, "th");
        } else {
            h_elem(h, "th", f->label, NULL);
        }
    }
    if (e->workflow)
        h_elem(h, "th", "状态", NULL);
    if (e->ndeadlines)
        h_elem(h, "th", "期限", NULL);
    h_close(h, "tr");
    h_close(h, "thead");
    h_open(h, "tbody", NULL);
    for (size_t r = 0; r < n; r++) {
        const struct record *rec = rows[r];
        int level = due_level(req, rec);
        h_open(h, "tr", "class", level == 2 ? "overdue" : level == 1 ? "soon" : NULL, NULL);
        h_open(h, "td", "data-label", "编号", NULL);
        h_elem(h, "a", arena_printf(req->a, "%lld", (long long)rec->id), "href",
               rec_url(req, e, rec->id), NULL);
        h_close(h, "td");
        for (int i = 0; i < e->nfields; i++) {
            const struct field *f = &e->fields[i];
            if (!(f->flags & F_LIST) || (parent_field && strcmp(f->name, parent_field) == 0))
                continue;
            const char *text = value_text(req->a, f, &rec->v[i]);
            h_open(h, "td", "data-label", f->label, "class",
                   f->type == FT_DATE || f->type == FT_INT ? "num" : NULL, NULL);
            if (e->title_field && strcmp(f->name, e->title_field) == 0)
                h_elem(h, "a", text, "href", rec_url(req, e, rec->id), "class", "title", NULL);
            else if (f->type == FT_DATE)
                h_text(h, text);
            else if (f->type == FT_LONGTEXT)
                h_elem(h, "span", text, "class", "clip", NULL);
            else if (f->type == FT_FILES)
                file_cells(req, h, &rec->v[i]);
            else
                h_text(h, text);
            h_close(h, "td");
        }
        if (e->workflow) {
            h_open(h, "td", "data-label", "状态", NULL);
            h_elem(h, "span", wf_state_label(e->workflow, rec->status), "class",
                   arena_printf(req->a, "badge st-%s", rec->status ? rec->status : ""), NULL);
            h_close(h, "td");
        }
        if (e->ndeadlines) {
            h_open(h, "td", "data-label", "期限", NULL);
            due_cell(req, h, rec);
            h_close(h, "td");
        }
        h_close(h, "tr");
    }
    h_close(h, "tbody");
    h_close(h, "table");
}

/* The parent record a child entity's list is filtered by (?<parent_field>=<id>), or NULL. */
static const struct record *list_parent(struct request *req, const struct entity *e)
{
    const struct field *pf = entity_field(e, e->parent_field);
    const char *given = pf ? req_query(req, pf->name) : NULL;
    int64_t pid;
    struct record *p;
    if (!given || !parse_id(given, &pid) || entity_get(&req->ctx, entity_find(pf->ref), pid, &p))
        return NULL;
    return p;
}

/* Past the last page (an old link, or a list that shrank): the way back to the records. */
static void pager_past_end(struct request *req, struct html *h, const struct list_result *lr,
                           int64_t pages)
{
    h_open(h, "nav", "class", "pager", "aria-label", "分页", NULL);
    h_elem(h, "span",
           arena_printf(req->a, "第 %d 页之后没有记录（共 %lld 页）", lr->page, (long long)pages),
           NULL);
    h_elem(h, "a", "回到第一页", "href", query_with(req, "page", "1"), "rel", "first", NULL);
    if (pages > 1)
        h_elem(h, "a", arena_printf(req->a, "最后一页（第 %lld 页）", (long long)pages), "href",
               query_with(req, "page", arena_printf(req->a, "%lld", (long long)pages)), "rel",
               "last", NULL);
    h_close(h, "nav");
}

void page_entity_list(struct request *req, struct response *r)
{
    const struct entity *e = ent(req);
    struct list_result lr;
    /* lenient: a link from elsewhere may carry parameters of its own (utm_source=…) */
    fz_err err = entity_list_lenient(&req->ctx, e, req->query, req->nquery, LIST_MAX_PER_PAGE, &lr);
    const struct record *parent = list_parent(req, e);
    struct html h;
    page_begin(req, r, &h, e->label, e->in_nav || !parent ? e->name : parent->e->name);
    if (parent) {
        h_open(&h, "nav", "class", "crumbs", "aria-label", "位置", NULL);
        h_elem(&h, "a", record_title(parent), "href", rec_url(req, parent->e, parent->id), NULL);
        h_close(&h, "nav");
    }
    h_open(&h, "div", "class", "page-head", NULL);
    h_elem(&h, "h1", e->label, NULL);
    if (parent) {
        h_open(&h, "p", "class", "muted", NULL);
        h_textf(&h, "所属%s：", parent->e->label);
        h_elem(&h, "a", record_title(parent), "href", rec_url(req, parent->e, parent->id), NULL);
        h_close(&h, "p");
    }
    h_open(&h, "div", "class", "actions", NULL);
    if (may_create_somewhere(req, e))
        h_elem(&h, "a", arena_printf(req->a, "新建%s", e->label), "href",
               arena_printf(req->a, "/app/%s/new", e->name), "class", "button primary", NULL);
    h_elem(&h, "a", "导出 Excel", "href",
           arena_printf(req->a, "/app/%s/export.xlsx%s", e->name, query_with(req, "page", NULL)),
           "class", "button", "data-export", "", NULL);
    h_elem(&h, "a", "导出 CSV", "href",
           arena_printf(req->a, "/app/%s/export.csv%s", e->name, query_with(req, "page", NULL)),
           "class", "button", "data-export", "", NULL);
    h_close(&h, "div");
    h_close(&h, "div");
    list_filters(req, &h, e, parent);
    if (err) {
        h_notice(&h, "error", req->ctx.err.message ? req->ctx.err.message : err_text(err));
        r->status = err_status(err);
        page_end(req, &h);
        return;
    }
    h_open(&h, "section", "class", "card", NULL);
    h_elem(&h, "p", arena_printf(req->a, "共 %lld 条", (long long)lr.total), "class", "muted",
           NULL);
    if (lr.n == 0)
        h_elem(&h, "p", "没有符合条件的记录。", "class", "empty", NULL);
    else
        record_table(req, &h, e, lr.rows, lr.n, true, parent ? e->parent_field : NULL);
    int64_t pages = (lr.total + lr.per_page - 1) / lr.per_page;
    if (lr.n == 0 && lr.total > 0 && lr.page > pages) {
        pager_past_end(req, &h, &lr, pages);
    } else if (pages > 1) {
        h_open(&h, "nav", "class", "pager", "aria-label", "分页", NULL);
        if (lr.page > 1)
            h_elem(&h, "a", "上一页", "href",
                   query_with(req, "page", arena_printf(req->a, "%d", lr.page - 1)), "rel", "prev",
                   NULL);
        h_elem(&h, "span", arena_printf(req->a, "第 %d / %lld 页", lr.page, (long long)pages),
               NULL);
        if (lr.page < pages)
            h_elem(&h, "a", "下一页", "href",
                   query_with(req, "page", arena_printf(req->a, "%d", lr.page + 1)), "rel", "next",
                   NULL);
        h_close(&h, "nav");
    }
    h_close(&h, "section");
    page_end(req, &h);
}

void page_entity_export(struct request *req, struct response *r)
{
    size_t len = strlen(req->path);
    bool xlsx = len > 5 && strcmp(req->path + len - 5, ".xlsx") == 0;
    entity_export(req, r, ent(req), req->query, req->nquery, true, xlsx ? EXPORT_XLSX : EXPORT_CSV);
    if (r->status != 200)
        page_error(req, r, r->status,
                   req->ctx.err.message ? req->ctx.err.message : "无法导出，请检查筛选条件");
}

/* ---- forms ------------------------------------------------------------------------------- */

/* What a form field shows: from the submitted JSON (after an error) or the record. */
static const char *shown_text(struct request *req, const struct field *f, json_t *sub,
                              const struct record *rec, int i)
{
    if (sub) {
        json_t *v = json_object_get(sub, f->name);
        if (json_is_string(v))
            return json_string_value(v);
        if (json_is_integer(v))
            return arena_printf(req->a, "%lld", (long long)json_integer_value(v));
        return NULL;
    }
    if (!rec || rec->v[i].null)
        return NULL;
    const struct value *v = &rec->v[i];
    switch (f->type) {
    case FT_INT:
    case FT_REF:
        return arena_printf(req->a, "%lld", (long long)v->i);
    case FT_DATETIME: {
        /* datetime-local wants Asia/Shanghai wall time "2026-11-27T10:30" */
        char local[17];
        time_format_local(v->i, local);
        local[10] = 'T';
        return arena_strdup(req->a, local);
    }
    default:
        return v->s;
    }
}

static bool shown_has(const struct field *f, json_t *sub, const struct record *rec, int i,
                      const char *code, int64_t id)
{
    if (sub) {
        json_t *arr = json_object_get(sub, f->name);
        size_t k;
        json_t *x;
        json_array_foreach(arr, k, x)
        {
            if ((code && json_is_string(x) && strcmp(json_string_value(x), code) == 0) ||
                (!code && json_is_integer(x) && json_integer_value(x) == id))
                return true;
        }
        return false;
    }
    if (!rec)
        return false;
    for (size_t k = 0; k < rec->v[i].n; k++)
        if ((code && strcmp(rec->v[i].codes[k], code) == 0) || (!code && rec->v[i].ids[k] == id))
            return true;
    return false;
}

#define REF_CHOICES 500
#define REF_ARGS 5

/* The list arguments for a reference field's choices: per_page, then field.ref_query's
 * "key=value&…" pairs, "@today" standing for today's date. Returns their number. */
static size_t ref_args(struct request *req, const struct field *f, int per_page,
                       struct kv args[REF_ARGS])
{
    size_t n = 0;
    args[n++] = (struct kv){"per_page", arena_printf(req->a, "%d", per_page)};
    for (const char *q = f->ref_query; q && *q && n < REF_ARGS;) {
        size_t len = strcspn(q, "&");
        const char *eq = memchr(q, '=', len);
        if (eq) {
            const char *value = arena_strndup(req->a, eq + 1, (size_t)(q + len - eq - 1));
            if (strcmp(value, "@today") == 0) {
                char *d = arena_alloc(req->a, 11);
                date_format(req->ctx.today, d);
                value = d;
            }
            args[n++] = (struct kv){arena_strndup(req->a, q, (size_t)(eq - q)), value};
        }
        q += len + (q[len] == '&');
    }
    return n;
}

/* Files a refused form posted by id that the record does not hold (web/app.js uploads large
 * ones ahead of the form and posts their ids): offered again, ticked, so they are not lost. */
static void kept_uploads(struct request *req, struct html *h, const struct field *f,
                         const struct value *held)
{
    struct form *form = strcmp(req->method, "POST") == 0 ? req_form(req) : NULL;
    const char *vals[64];
    size_t k = form ? form_get_all(form, f->name, vals, 64) : 0;
    fz_error saved = req->ctx.err; /* file_get records a refusal; the page shows another */
    for (size_t x = 0; x < k; x++) {
        int64_t fid;
        struct file_info fi;
        if (!parse_id(vals[x], &fid))
            continue;
        bool held_already = false;
        for (size_t y = 0; held && y < held->n; y++)
            held_already |= held->ids[y] == fid;
        if (held_already || file_get(&req->ctx, fid, &fi))
            continue;
        h_open(h, "label", "class", "check", NULL);
        h_void(h, "input", "type", "checkbox", "name", f->name, "value", vals[x], "checked", "",
               NULL);
        h_textf(h, "保留：%s", fi.name);
        h_close(h, "label");
    }
    req->ctx.err = saved;
}

/* One form field. Element ids are idp-<name> (idp NULL: "f"), so several forms on one page
 * (a record's transitions) keep their labels apart. */
static void field_input(struct request *req, struct html *h, const struct entity *e,
                        const struct field *f, int i, json_t *sub, const struct record *rec,
                        bool create, const fz_error *err, const char *idp)
{
    bool bad = err && err->field && strcmp(err->field, f->name) == 0;
    const char *id = arena_printf(req->a, "%s-%s", idp ? idp : "f", f->name);
    const char *help_id =
        f->help ? arena_printf(req->a, "%s-h-%s", idp ? idp : "f", f->name) : NULL;
    h_open(h, "div", "class", bad ? "field invalid" : "field", NULL);
    h_open(h, "label", "for", id, NULL);
    h_text(h, f->label);
    if (f->flags & F_REQUIRED)
        h_elem(h, "span", "*", "class", "req", "aria-hidden", "true", NULL);
    h_close(h, "label");
    const char *val = shown_text(req, f, sub, rec, i);
    const char *req_attr = (f->flags & F_REQUIRED) ? "" : NULL;
    const char *invalid = bad ? "true" : NULL;
    switch (f->type) {
    case FT_LONGTEXT:
        h_open(h, "textarea", "id", id, "name", f->name, "rows", "5", "required", req_attr,
               "maxlength", arena_printf(req->a, "%lld", (long long)(f->max ? f->max : 5000)),
               "aria-invalid", invalid, "aria-describedby", help_id, NULL);
        h_text(h, val);
        h_close(h, "textarea");
        break;
    case FT_INT:
        h_void(h, "input", "id", id, "type", "number", "name", f->name, "value", val, "required",
               req_attr, "min",
               f->min || f->max ? arena_printf(req->a, "%lld", (long long)f->min) : NULL, "max",
               f->min || f->max ? arena_printf(req->a, "%lld", (long long)f->max) : NULL,
               "aria-invalid", invalid, "aria-describedby", help_id, NULL);
        break;
    case FT_DATE:
        h_void(h, "input", "id", id, "type", "date", "name", f->name, "value", val, "required",
               req_attr, "aria-invalid", invalid, "aria-describedby", help_id, NULL);
        break;
    case FT_ENUM:
        h_open(h, "select", "id", id, "name", f->name, "required", req_attr, "aria-invalid",
               invalid, NULL);
        h_elem(h, "option", "请选择", "value", "", NULL);
        for (const struct choice *ch = f->choices; ch->value; ch++)
            h_elem(h, "option", ch->label, "value", ch->value, "selected",
                   val && strcmp(val, ch->value) == 0 ? "" : NULL, NULL);
        h_close(h, "select");
        break;
    case FT_ORG: {
        size_t n;
        struct org *orgs = org_choices(req, e, f, create, &n);
        h_open(h, "select", "id", id, "name", f->name, "required", req_attr, "aria-invalid",
               invalid, NULL);
        h_elem(h, "option", "请选择", "value", "", NULL);
        for (size_t k = 0; k < n; k++)
            h_elem(h, "option", orgs[k].name, "value", orgs[k].code, "selected",
                   val && strcmp(val, orgs[k].code) == 0 ? "" : NULL, NULL);
        h_close(h, "select");
        break;
    }
    case FT_ORGS: {
        size_t n;
        struct org *orgs = org_choices(req, e, f, false, &n);
        h_open(h, "div", "class", "checks", "id", id, "role", "group", NULL);
        for (size_t k = 0; k < n; k++) {
            h_open(h, "label", "class", "check", NULL);
            h_void(h, "input", "type", "checkbox", "name", f->name, "value", orgs[k].code,
                   "checked", shown_has(f, sub, rec, i, orgs[k].code, 0) ? "" : NULL, NULL);
            h_text(h, orgs[k].name);
            h_close(h, "label");
        }
        h_close(h, "div");
        break;
    }
    case FT_FILES: {
        if (rec) {
            for (size_t k = 0; k < rec->v[i].n; k++) {
                h_open(h, "label", "class", "check", NULL);
                h_void(h, "input", "type", "checkbox", "name", f->name, "value",
                       arena_printf(req->a, "%lld", (long long)rec->v[i].ids[k]), "checked",
                       !sub || shown_has(f, sub, rec, i, NULL, rec->v[i].ids[k]) ? "" : NULL, NULL);
                h_textf(h, "保留：%s", rec->v[i].labels[k]);
                h_close(h, "label");
            }
        }
        kept_uploads(req, h, f, rec ? &rec->v[i] : NULL);
        h_void(h, "input", "id", id, "type", "file", "name",
               arena_printf(req->a, "%s__upload", f->name), "multiple", "", "accept",
               upload_accept(req->a), "capture", NULL, "aria-describedby", help_id, NULL);
        break;
    }
    case FT_BOOL:
        h_void(h, "input", "id", id, "type", "checkbox", "name", f->name, "value", "true",
               "checked", val && strcmp(val, "1") == 0 ? "" : NULL, NULL);
        break;
    case FT_MONEY:
        h_open(h, "div", "class", "money", NULL);
        h_void(h, "input", "id", id, "type", "text", "inputmode", "decimal", "name", f->name,
               "value", val, "required", req_attr, "pattern", "[0-9]{1,12}([.][0-9]{1,2})?",
               "placeholder", "0.00", "aria-invalid", invalid, "aria-describedby", help_id, NULL);
        h_elem(h, "span", "元", "class", "unit", NULL);
        h_close(h, "div");
        break;
    case FT_DATETIME:
        h_void(h, "input", "id", id, "type", "datetime-local", "name", f->name, "value", val,
               "required", req_attr, "aria-invalid", invalid, "aria-describedby", help_id, NULL);
        break;
    case FT_USER: {
        struct user_row *users;
        size_t n = 0;
        user_choices(&req->ctx, &users, &n);
        h_open(h, "select", "id", id, "name", f->name, "required", req_attr, "aria-invalid",
               invalid, NULL);
        h_elem(h, "option", "请选择", "value", "", NULL);
        for (size_t k = 0; k < n; k++)
            h_elem(h, "option", arena_printf(req->a, "%s（%s）", users[k].name, users[k].username),
                   "value", users[k].username, "selected",
                   val && strcmp(val, users[k].username) == 0 ? "" : NULL, NULL);
        h_close(h, "select");
        break;
    }
    case FT_REF: {
        /* a choice among the records one may read (up to REF_CHOICES; kept current when an
         * edit shows a record beyond them) */
        const struct entity *re = entity_find(f->ref);
        struct kv args[REF_ARGS];
        size_t nargs = ref_args(req, f, REF_CHOICES, args);
        struct list_result lr = {0};
        if (re)
            entity_list_lenient(&req->ctx, re, args, nargs, REF_CHOICES, &lr);
        h_open(h, "select", "id", id, "name", f->name, "required", req_attr, "aria-invalid",
               invalid, "aria-describedby", help_id, NULL);
        h_elem(h, "option", "请选择", "value", "", NULL);
        bool shown = false;
        for (size_t k = 0; k < lr.n; k++) {
            const char *v = arena_printf(req->a, "%lld", (long long)lr.rows[k]->id);
            bool sel = val && strcmp(val, v) == 0;
            shown |= sel;
            h_elem(h, "option",
                   re->ref_label ? ref_label(&req->ctx, re, lr.rows[k]->id)
                                 : record_title(lr.rows[k]),
                   "value", v, "selected", sel ? "" : NULL, NULL);
        }
        if (val && *val && !shown && rec && i >= 0 && rec->v[i].label)
            h_elem(h, "option", rec->v[i].label, "value", val, "selected", "", NULL);
        h_close(h, "select");
        break;
    }
    case FT_REFS: {
        const struct entity *re = entity_find(f->ref);
        struct kv args[REF_ARGS];
        size_t nargs = ref_args(req, f, 200, args);
        struct list_result lr = {0};
        if (re)
            entity_list_lenient(&req->ctx, re, args, nargs, 200, &lr);
        h_open(h, "div", "class", "checks", "id", id, "role", "group", NULL);
        if (!lr.n)
            h_elem(h, "span", "（暂无可选项）", "class", "muted", NULL);
        for (size_t k = 0; k < lr.n; k++) {
            h_open(h, "label", "class", "check", NULL);
            h_void(h, "input", "type", "checkbox", "name", f->name, "value",
                   arena_printf(req->a, "%lld", (long long)lr.rows[k]->id), "checked",
                   shown_has(f, sub, rec, i, NULL, lr.rows[k]->id) ? "" : NULL, NULL);
            h_text(h, re->ref_label ? ref_label(&req->ctx, re, lr.rows[k]->id)
                                    : record_title(lr.rows[k]));
            h_close(h, "label");
        }
        h_close(h, "div");
        break;
    }
    default:
        h_void(h, "input", "id", id, "type", "text", "name", f->name, "value", val, "required",
               req_attr, "maxlength",
               arena_printf(req->a, "%lld", (long long)(f->max ? f->max : 200)), "aria-invalid",
               invalid, "aria-describedby", help_id, NULL);
    }
    if (bad)
        h_elem(h, "p", err->message, "class", "error-text", NULL);
    if (f->help)
        h_elem(h, "p", f->help, "class", "help", "id", help_id, NULL);
    h_close(h, "div");
}

static bool has_files(const struct field *fields, int n)
{
    for (int i = 0; i < n; i++)
        if (fields[i].type == FT_FILES)
            return true;
    return false;
}

static void render_form(struct request *req, struct response *r, const struct entity *e,
                        const struct record *rec, const struct record *parent, json_t *sub,
                        const fz_error *err)
{
    bool create = rec == NULL;
    struct html h;
    const char *title = create ? arena_printf(req->a, "新建%s", e->label)
                               : arena_printf(req->a, "修改%s", e->label);
    page_begin(req, r, &h, title, e->in_nav ? e->name : parent ? parent->e->name : "");
    h_open(&h, "div", "class", "page-head", NULL);
    h_elem(&h, "h1", title, NULL);
    if (parent)
        h_elem(&h, "p", arena_printf(req->a, "所属%s：%s", parent->e->label, record_title(parent)),
               "class", "muted", NULL);
    h_close(&h, "div");
    if (err && err->code) {
        h_notice(&h, "error", err->message ? err->message : err_text(err->code));
        if (err->code == FZ_EVALID && has_files(e->fields, e->nfields))
            h_notice(&h, "info", "如已选择附件，请重新选择后再提交。");
    }
    const char *action = rec ? rec_url(req, e, rec->id) : arena_printf(req->a, "/app/%s", e->name);
    bool files = has_files(e->fields, e->nfields);
    h_open(&h, "form", "method", "post", "action", action, "class", "card form", "enctype",
           files ? "multipart/form-data" : NULL, "novalidate", NULL, NULL);
    h_csrf(req, &h);
    if (rec)
        h_void(&h, "input", "type", "hidden", "name", "version", "value",
               arena_printf(req->a, "%lld", (long long)rec->version), NULL);
    for (int i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (f->flags & (F_SYSTEM | F_DERIVED))
            continue;
        if (e->parent_field && strcmp(f->name, e->parent_field) == 0) {
            if (create && parent)
                h_void(&h, "input", "type", "hidden", "name", f->name, "value",
                       arena_printf(req->a, "%lld", (long long)parent->id), NULL);
            continue;
        }
        if (!create && (f->flags & F_FIXED))
            continue;
        field_input(req, &h, e, f, i, sub, rec, create, err, NULL);
    }
    h_open(&h, "div", "class", "form-actions", NULL);
    h_elem(&h, "button", create ? "提交" : "保存修改", "type", "submit", "class", "primary", NULL);
    h_elem(&h, "a", "取消", "class", "button", "href",
           rec      ? rec_url(req, e, rec->id)
           : parent ? rec_url(req, parent->e, parent->id)
                    : arena_printf(req->a, "/app/%s", e->name),
           NULL);
    h_close(&h, "div");
    h_close(&h, "form");
    page_end(req, &h);
}

/* The parent record named by ?<parent_field>= (new child forms). */
static const struct record *form_parent(struct request *req, const struct entity *e,
                                        const char *given)
{
    if (!e->parent_field)
        return NULL;
    const struct field *pf = entity_field(e, e->parent_field);
    int64_t pid;
    struct record *p;
    if (!parse_id(given, &pid) || entity_get(&req->ctx, entity_find(pf->ref), pid, &p))
        return NULL;
    return p;
}

void page_entity_new(struct request *req, struct response *r)
{
    const struct entity *e = ent(req);
    const struct record *parent =
        form_parent(req, e, req_query(req, e->parent_field ? e->parent_field : ""));
    if (e->parent_field && !parent) {
        page_error(req, r, 404, "请从所属记录的页面新增。");
        return;
    }
    if (!e->parent_field && !may_create_somewhere(req, e)) {
        page_error(req, r, 403, arena_printf(req->a, "您没有新建%s的权限。", e->label));
        return;
    }
    render_form(req, r, e, NULL, parent, NULL, NULL);
}

/* Converts a posted form into the JSON the engine validates; uploads are stored as files.
 * Returns NULL with ctx->err set on a malformed form or a refused upload. */
static json_t *form_json(struct request *req, const struct field *fields, int n, bool update,
                         const char *parent_field)
{
    struct form *form = req_form(req);
    if (!form) {
        ctx_fail(&req->ctx, FZ_EINVAL, NULL, "提交的表单格式不正确，请刷新页面后重试");
        return NULL;
    }
    json_t *j = json_object();
    arena_defer(req->a, (void (*)(void *))json_decref, j);
    for (int i = 0; i < n; i++) {
        const struct field *f = &fields[i];
        if (f->flags & (F_SYSTEM | F_DERIVED))
            continue;
        if (update &&
            ((f->flags & F_FIXED) || (parent_field && strcmp(f->name, parent_field) == 0)))
            continue;
        const char *v = form_get(form, f->name);
        switch (f->type) {
        case FT_ORGS: {
            const char *vals[64];
            size_t k = form_get_all(form, f->name, vals, 64);
            json_t *arr = json_array();
            for (size_t x = 0; x < k; x++)
                json_array_append_new(arr, json_string(vals[x]));
            json_object_set_new(j, f->name, arr);
            break;
        }
        case FT_REFS: {
            json_t *arr = json_array();
            json_object_set_new(j, f->name, arr);
            const char *vals[64];
            size_t k = form_get_all(form, f->name, vals, 64);
            for (size_t x = 0; x < k; x++) {
                int64_t id;
                if (parse_id(vals[x], &id))
                    json_array_append_new(arr, json_integer(id));
            }
            break;
        }
        case FT_FILES: {
            json_t *arr = json_array();
            json_object_set_new(j, f->name, arr);
            const char *vals[64];
            size_t k = form_get_all(form, f->name, vals, 64);
            for (size_t x = 0; x < k; x++) {
                int64_t id;
                if (parse_id(vals[x], &id))
                    json_array_append_new(arr, json_integer(id));
            }
            const char *up = arena_printf(req->a, "%s__upload", f->name);
            for (size_t p = 0; p < form->n; p++) {
                const struct form_part *part = &form->parts[p];
                if (strcmp(part->name, up) != 0 || !part->filename || !part->len)
                    continue;
                struct file_info fi;
                if (file_store(&req->ctx, req->actor.home_org_id, part->filename,
                               part->content_type ? part->content_type : "", part->data, part->len,
                               &fi))
                    return NULL;
                json_array_append_new(arr, json_integer(fi.id));
            }
            break;
        }
        case FT_BOOL:
            json_object_set_new(j, f->name, json_boolean(v && *v));
            break;
        case FT_INT:
        case FT_REF: {
            if (!v || !*v) {
                if (update)
                    json_object_set_new(j, f->name, json_null());
                break;
            }
            char *end;
            long long x = strtoll(v, &end, 10);
            json_object_set_new(j, f->name, *end ? json_string(v) : json_integer(x));
            break;
        }
        default:
            if (!v || !*v) {
                if (update)
                    json_object_set_new(j, f->name, json_null());
                break;
            }
            json_object_set_new(j, f->name, json_string(v));
        }
    }
    return j;
}

/* The form's uploads and the record are written in one transaction, so a refused record
 * leaves no stray files behind; a refusal's audit entry is kept aside and written after the
 * rollback. */
void page_entity_create(struct request *req, struct response *r)
{
    const struct entity *e = ent(req);
    const char *pid = form_value(req, e->parent_field ? e->parent_field : "");
    const struct record *parent = form_parent(req, e, pid);
    if (e->parent_field && !parent) {
        page_error(req, r, 404, "所属记录不存在或无权查看。");
        return;
    }
    if (db_begin(req->db, true)) {
        page_error(req, r, 503, "系统繁忙，请稍后重试。");
        return;
    }
    json_t *j = form_json(req, e->fields, e->nfields, false, NULL);
    struct record *rec = NULL;
    /* form_json sets the error it returns NULL for; never take a missing one for success */
    fz_err err = j ? entity_create(&req->ctx, e, j, &rec)
                   : (req->ctx.err.code ? req->ctx.err.code : FZ_EINTERNAL);
    if (!err && !rec)
        err = FZ_EINTERNAL;
    if (err) {
        db_rollback(req->db);
        audit_flush_refusals(&req->ctx); /* the refusal stays on the record */
        fz_error copy = req->ctx.err;
        copy.code = err;
        render_form(req, r, e, NULL, parent, j, &copy);
        r->status = err_status(err);
        return;
    }
    if (db_commit(req->db)) {
        page_error(req, r, 500, "保存失败，请稍后重试。");
        return;
    }
    resp_redirect(
        r, arena_printf(req->a, "%s?ok=created",
                        parent ? rec_url(req, parent->e, parent->id) : rec_url(req, e, rec->id)));
}

void page_entity_edit(struct request *req, struct response *r)
{
    const struct entity *e = ent(req);
    int64_t id;
    struct record *rec;
    if (!parse_id(req->seg[2], &id) || entity_get(&req->ctx, e, id, &rec)) {
        page_error(req, r, 404, arena_printf(req->a, "未找到该%s，或您无权查看。", e->label));
        return;
    }
    if (!entity_may(&req->ctx, e, e->update_roles, rec->place_org_id)) {
        page_error(req, r, 403, arena_printf(req->a, "您没有修改此%s的权限。", e->label));
        return;
    }
    /* the engine refuses the save; say so before the form is filled in */
    const struct wf_state *st = e->workflow ? wf_state(e->workflow, rec->status) : NULL;
    if (e->locked_when_terminal && st && st->terminal) {
        page_error(req, r, 409, arena_printf(req->a, "已处于“%s”状态的记录不能修改。", st->label));
        return;
    }
    render_form(req, r, e, rec, NULL, NULL, NULL);
}

void page_entity_update(struct request *req, struct response *r)
{
    const struct entity *e = ent(req);
    int64_t id;
    struct record *rec;
    if (!parse_id(req->seg[2], &id) || entity_get(&req->ctx, e, id, &rec)) {
        page_error(req, r, 404, arena_printf(req->a, "未找到该%s，或您无权查看。", e->label));
        return;
    }
    if (db_begin(req->db, true)) {
        page_error(req, r, 503, "系统繁忙，请稍后重试。");
        return;
    }
    json_t *j = form_json(req, e->fields, e->nfields, true, e->parent_field);
    const char *ver = form_value(req, "version");
    int64_t v;
    if (j && ver && parse_id(ver, &v))
        json_object_set_new(j, "version", json_integer(v));
    struct record *saved;
    fz_err err = j ? entity_update(&req->ctx, e, id, j, &saved) : req->ctx.err.code;
    if (err) {
        db_rollback(req->db);
        audit_flush_refusals(&req->ctx); /* the refusal stays on the record */
        fz_error copy = req->ctx.err;
        copy.code = err;
        render_form(req, r, e, rec, NULL, j, &copy);
        r->status = err_status(err);
        return;
    }
    if (db_commit(req->db)) {
        page_error(req, r, 500, "保存失败，请稍后重试。");
        return;
    }
    resp_redirect(r, arena_printf(req->a, "%s?ok=updated", rec_url(req, e, id)));
}

/* ---- detail ------------------------------------------------------------------------------ */

/* A field the detail page leaves out: a system-kept or derived value not set (yet). */
static bool detail_hidden(const struct field *f, const struct value *v)
{
    if (!(f->flags & (F_SYSTEM | F_DERIVED)))
        return false;
    if (field_is_list(f))
        return !v->n;
    return v->null ||
           (f->type != FT_BOOL && f->type != FT_INT && f->type != FT_MONEY && f->type != FT_REF &&
            f->type != FT_USER && f->type != FT_ORG && (!v->s || !*v->s));
}

static void detail_value(struct request *req, struct html *h, const struct field *f,
                         const struct value *v)
{
    if (f->type == FT_FILES) {
        if (!v->n)
            h_elem(h, "span", "无", "class", "muted", NULL);
        for (size_t k = 0; k < v->n; k++) {
            h_open(h, "div", "class", "file", NULL);
            h_elem(h, "a", v->labels[k], "href",
                   arena_printf(req->a, "/app/files/%lld", (long long)v->ids[k]), NULL);
            h_elem(h, "code",
                   arena_printf(req->a, "SHA-256 %.16s…", v->codes[k] ? v->codes[k] : ""), "title",
                   v->codes[k], NULL);
            h_close(h, "div");
        }
    } else if (f->type == FT_REFS) {
        if (!v->n)
            h_elem(h, "span", "—", "class", "muted", NULL);
        for (size_t k = 0; k < v->n; k++) {
            h_open(h, "div", "class", "ref", NULL);
            h_elem(h, "a", v->labels[k], "href",
                   arena_printf(req->a, "/app/%s/%lld", f->ref, (long long)v->ids[k]), NULL);
            h_close(h, "div");
        }
    } else if (f->type == FT_REF && !v->null) {
        h_elem(h, "a", v->label, "href",
               arena_printf(req->a, "/app/%s/%lld", f->ref, (long long)v->i), NULL);
    } else if (f->type == FT_DATE && !v->null) {
        h_text(h, show_date(req, v->s));
    } else {
        const char *t = value_text(req->a, f, v);
        if (*t)
            h_text(h, t);
        else
            h_elem(h, "span", "—", "class", "muted", NULL);
    }
}

/* The record's fields, in groups where the entity names them (case review, decision, …);
 * system-kept values not set yet are left out, so a fresh record reads short. */
static void detail_fields(struct request *req, struct html *h, const struct record *rec)
{
    const struct entity *e = rec->e;
    h_open(h, "dl", "class", "fields", NULL);
    for (int i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (f->group) {
            /* a group shows only if one of its fields does */
            bool any = false;
            for (int k = i; k < e->nfields && (k == i || !e->fields[k].group) && !any; k++)
                any = !detail_hidden(&e->fields[k], &rec->v[k]);
            if (any) {
                h_close(h, "dl");
                h_elem(h, "h3", f->group, "class", "field-group", NULL);
                h_open(h, "dl", "class", "fields", NULL);
            }
        }
        if (detail_hidden(f, &rec->v[i]))
            continue;
        h_elem(h, "dt", f->label, NULL);
        h_open(h, "dd", "class", f->type == FT_LONGTEXT ? "long" : NULL, NULL);
        detail_value(req, h, f, &rec->v[i]);
        h_close(h, "dd");
    }
    h_close(h, "dl");
}

/* Whether the official calendar covers every year from a deadline's base date to its due
 * date; if not, rest days in the missing years are only the weekends. */
static bool calendar_known(struct request *req, const struct deadline_view *d)
{
    int due, base, y, m, day, first;
    if (!d->due_date || date_parse(d->due_date, &due))
        return true;
    date_to_ymd(due, &y, &m, &day);
    first = y;
    if (d->base_date && date_parse(d->base_date, &base) == 0 && base < due)
        date_to_ymd(base, &first, &m, &day);
    for (int year = first; year <= y; year++)
        if (!calendar_covers(req->cfg->cal, year))
            return false;
    return true;
}

static void detail_deadlines(struct request *req, struct html *h, const struct record *rec)
{
    if (!rec->e->ndeadlines)
        return;
    h_open(h, "section", "class", "card", NULL);
    h_elem(h, "h2", "期限", NULL);
    if (!rec->ndeadlines)
        h_elem(h, "p", "尚未开始计算期限。", "class", "empty", NULL);
    for (size_t i = 0; i < rec->ndeadlines; i++) {
        const struct deadline_view *d = &rec->deadlines[i];
        bool running = strcmp(d->status, "running") == 0;
        h_open(h, "div", "class",
               d->overdue    ? "deadline bad"
               : d->due_soon ? "deadline warn"
                             : "deadline",
               NULL);
        h_elem(h, "strong", d->label, NULL);
        h_textf(h, " 到期日 %s", show_date(req, d->due_date));
        bool window = strcmp(d->status, "window") == 0;
        int due_day = 0;
        date_parse(d->due_date, &due_day);
        const char *state =
            window     ? (req->ctx.today > due_day ? "已届满"
                          : req->ctx.today == due_day
                              ? "今天届满"
                              : arena_printf(req->a, "还剩 %d 个工作日届满", d->days_left))
            : !running ? "已办结"
            : d->overdue
                ? arena_printf(req->a, "已逾期 %d 个工作日", -d->days_left > 0 ? -d->days_left : 1)
            : d->days_left == 0 ? "今天到期"
                                : arena_printf(req->a, "还剩 %d 个工作日", d->days_left);
        h_elem(h, "span", state, "class", "badge", NULL);
        if ((running || window) && !calendar_known(req, d))
            h_elem(h, "span", "该年节假日安排未导入，期限按周一至周五计算", "class",
                   "badge cal-missing", "title", "请系统管理员导入该年的节假日安排文件", NULL);
        h_open(h, "details", NULL);
        h_elem(h, "summary", "如何计算", NULL);
        h_elem(h, "pre", deadline_explanation(req, rec->e, d), "class", "explain", NULL);
        h_close(h, "details");
        h_close(h, "div");
    }
    h_close(h, "section");
}

/* What a refused transition sent back to the page: its name, the values posted (to fill
 * its form again) and the error (to mark the field). */
struct failed_step {
    const char *name;
    json_t *sub;
    const fz_error *err;
};

/* Whether a step asks for nothing but optional notes. */
static bool notes_only(const struct wf_transition *t)
{
    for (int k = 0; k < t->nparams; k++)
        if ((t->params[k].flags & F_REQUIRED) || t->params[k].type != FT_LONGTEXT)
            return false;
    return true;
}

/* The record's next steps: a step without parameters is one button; a step with them opens
 * its form (proper inputs for dates, amounts and choices) under its button. */
static void detail_actions(struct request *req, struct html *h, const struct record *rec,
                           const struct failed_step *failed)
{
    const struct entity *e = rec->e;
    const struct wf_transition *ts[24];
    int n = e->workflow ? workflow_available(&req->ctx, rec, ts, 24) : 0;
    const struct wf_state *st = e->workflow ? wf_state(e->workflow, rec->status) : NULL;
    bool editable = entity_may(&req->ctx, e, e->update_roles, rec->place_org_id) &&
                    !(e->locked_when_terminal && st && st->terminal);
    if (!n && !editable)
        return;
    h_open(h, "section", "class", "card actions-card", NULL);
    h_elem(h, "h2", "办理", NULL);
    h_open(h, "div", "class", "action-row", NULL);
    if (editable)
        h_elem(h, "a", "修改", "class", "button", "href",
               arena_printf(req->a, "%s/edit", rec_url(req, e, rec->id)), NULL);
    for (int i = 0; i < n; i++) {
        const struct wf_transition *t = ts[i];
        if (!notes_only(t))
            continue;
        /* optional notes only: one button, the note opening on demand (app.js) */
        h_open(h, "form", "method", "post", "class",
               t->nparams ? "transition with-params" : "transition", "action",
               arena_printf(req->a, "%s/transitions/%s", rec_url(req, e, rec->id), t->name),
               "data-confirm", t->confirm, NULL);
        h_csrf(req, h);
        for (int k = 0; k < t->nparams; k++) {
            const struct field *p = &t->params[k];
            h_open(h, "label", NULL);
            h_textf(h, "%s（可选）", p->label);
            h_open(h, "textarea", "name", p->name, "rows", "2", "maxlength",
                   arena_printf(req->a, "%lld", (long long)(p->max ? p->max : 2000)), NULL);
            h_close(h, "textarea");
            h_close(h, "label");
        }
        h_elem(h, "button", t->label, "type", "submit", "class", "primary", NULL);
        h_close(h, "form");
    }
    h_close(h, "div");
    for (int i = 0; i < n; i++) {
        const struct wf_transition *t = ts[i];
        if (notes_only(t))
            continue;
        bool mine = failed && failed->name && strcmp(failed->name, t->name) == 0;
        /* A step that needs a stated reason (cancel, revoke) is the exception: its button is
         * not styled as the main action. */
        bool needs_reason = false;
        for (int k = 0; k < t->nparams; k++)
            needs_reason |= strcmp(t->params[k].name, "reason") == 0;
        h_open(h, "details", "class", needs_reason ? "step needs-reason" : "step", "open",
               mine ? "" : NULL, NULL);
        h_elem(h, "summary", t->label, NULL);
        h_open(h, "form", "method", "post", "class", "transition with-params", "action",
               arena_printf(req->a, "%s/transitions/%s", rec_url(req, e, rec->id), t->name),
               "data-confirm", t->confirm, NULL);
        h_csrf(req, h);
        const char *idp = arena_printf(req->a, "t-%s", t->name);
        for (int k = 0; k < t->nparams; k++)
            field_input(req, h, e, &t->params[k], -1, mine ? failed->sub : NULL, NULL, true,
                        mine ? failed->err : NULL, idp);
        h_elem(h, "button", arena_printf(req->a, "确认%s", t->label), "type", "submit", "class",
               needs_reason ? NULL : "primary", NULL);
        h_close(h, "form");
        h_close(h, "details");
    }
    h_close(h, "section");
}

static void detail_children(struct request *req, struct html *h, const struct record *rec)
{
    int n;
    const struct entity *const *all = entity_all(&n);
    for (int i = 0; i < n; i++) {
        const struct entity *c = all[i];
        const struct field *pf = entity_field(c, c->parent_field);
        if (!pf || strcmp(pf->ref, rec->e->name) != 0)
            continue;
        const char *pid = arena_printf(req->a, "%lld", (long long)rec->id);
        struct kv args[2] = {{pf->name, pid}, {"per_page", arena_printf(req->a, "%d", CHILD_ROWS)}};
        struct list_result lr;
        if (entity_list_lenient(&req->ctx, c, args, 2, CHILD_ROWS, &lr))
            continue;
        bool can_add = (!c->parent_states || !rec->e->workflow ||
                        wf_state_in(c->parent_states, rec->status)) &&
                       (entity_may(&req->ctx, c, c->create_roles, rec->place_org_id) ||
                        record_scope_covers(&req->ctx, rec, c->create_roles));
        /* nothing there and nothing to add (a referral before any transfer): no section */
        if (!lr.total && !can_add)
            continue;
        h_open(h, "section", "class", "card", "id", c->name, NULL);
        h_open(h, "div", "class", "section-head", NULL);
        h_elem(h, "h2", arena_printf(req->a, "%s（%lld）", c->label, (long long)lr.total), NULL);
        if (can_add)
            h_elem(
                h, "a", arena_printf(req->a, "新增%s", c->label), "class", "button primary", "href",
                arena_printf(req->a, "/app/%s/new?%s=%lld", c->name, pf->name, (long long)rec->id),
                NULL);
        h_close(h, "div");
        if (lr.n)
            record_table(req, h, c, lr.rows, lr.n, false, pf->name);
        else
            h_elem(h, "p", arena_printf(req->a, "暂无%s。", c->label), "class", "empty", NULL);
        /* only the first CHILD_ROWS are shown here; the rest are one link away */
        if (lr.total > (int64_t)lr.n) {
            h_open(h, "p", "class", "more", NULL);
            h_elem(h, "span", arena_printf(req->a, "此处显示前 %zu 条。", lr.n), "class", "muted",
                   NULL);
            h_elem(h, "a", arena_printf(req->a, "查看全部 %lld 条", (long long)lr.total), "href",
                   arena_printf(req->a, "/app/%s?%s=%s", c->name, pf->name, pid), NULL);
            h_close(h, "p");
        }
        h_close(h, "section");
    }
}

static void detail_history(struct request *req, struct html *h, const struct record *rec)
{
    struct history_item *items;
    size_t n;
    if (history_load(&req->ctx, rec->e, rec->id, &items, &n))
        return;
    h_open(h, "section", "class", "card", "id", "history", NULL);
    h_elem(h, "h2", "办理记录（全过程留痕）", NULL);
    h_open(h, "ol", "class", "history", NULL);
    for (size_t i = n; i-- > 0;) {
        const struct history_item *it = &items[i];
        h_open(h, "li", "class", strstr(it->action, ".refused") ? "refused" : NULL, NULL);
        h_open(h, "div", "class", "when", NULL);
        h_elem(h, "time", show_instant(req, it->at), "datetime", it->at, NULL);
        h_elem(h, "span", it->actor, "class", "actor", NULL);
        h_elem(h, "strong", it->summary, NULL);
        h_close(h, "div");
        if (it->nchanges) {
            h_open(h, "ul", "class", "changes", NULL);
            for (size_t k = 0; k < it->nchanges; k++) {
                const struct history_change *c = &it->changes[k];
                h_open(h, "li", NULL);
                h_elem(h, "span", c->label, "class", "label", NULL);
                if (c->before && *c->before) {
                    h_elem(h, "del", c->before, NULL);
                    h_text(h, " → ");
                }
                h_elem(h, "ins", c->after && *c->after ? c->after : "（空）", NULL);
                h_close(h, "li");
            }
            h_close(h, "ul");
        }
        h_close(h, "li");
    }
    h_close(h, "ol");
    h_close(h, "section");
}

static void render_detail(struct request *req, struct response *r, const struct record *rec,
                          const char *error, const struct failed_step *failed)
{
    const struct entity *e = rec->e;
    struct html h;
    const struct field *pf = entity_field(e, e->parent_field);
    page_begin(req, r, &h, record_title(rec), e->in_nav ? e->name : pf ? pf->ref : "");
    h_open(&h, "nav", "class", "crumbs", "aria-label", "位置", NULL);
    if (e->in_nav) {
        h_elem(&h, "a", e->label, "href", arena_printf(req->a, "/app/%s", e->name), NULL);
    } else if (pf) {
        int pi = entity_field_index(e, e->parent_field);
        h_elem(&h, "a", rec->v[pi].label ? rec->v[pi].label : "上级记录", "href",
               arena_printf(req->a, "/app/%s/%lld", pf->ref, (long long)rec->v[pi].i), NULL);
    }
    h_close(&h, "nav");
    h_open(&h, "div", "class", "page-head", NULL);
    h_open(&h, "h1", NULL);
    h_text(&h, record_title(rec));
    if (e->workflow)
        h_elem(&h, "span", wf_state_label(e->workflow, rec->status), "class",
               arena_printf(req->a, "badge st-%s", rec->status), NULL);
    h_close(&h, "h1");
    h_elem(&h, "p",
           arena_printf(req->a, "%s · 编号 %lld · %s 于 %s 新建 · %s 于 %s 最近更新（第 %lld 版）",
                        e->label, (long long)rec->id,
                        rec->created_by_name ? rec->created_by_name : "系统",
                        show_instant(req, rec->created_at),
                        rec->updated_by_name ? rec->updated_by_name : "系统",
                        show_instant(req, rec->updated_at), (long long)rec->version),
           "class", "muted", NULL);
    if (e->npages) {
        h_open(&h, "p", "class", "record-pages", NULL);
        for (int i = 0; i < e->npages; i++)
            h_elem(&h, "a", e->pages[i].label, "href",
                   arena_printf(req->a, "/app/%s/%lld/%s", e->name, (long long)rec->id,
                                e->pages[i].suffix),
                   "class", "button", NULL);
        h_close(&h, "p");
    }
    h_close(&h, "div");
    const char *ok = req_query(req, "ok");
    if (error)
        h_notice(&h, "error", error);
    else if (ok)
        h_notice(&h, "ok",
                 strcmp(ok, "created") == 0   ? "已保存。"
                 : strcmp(ok, "updated") == 0 ? "修改已保存。"
                                              : "已办理。");
    /* what the record's rules point out (a fine outside the discretion range, a possible
     * exemption, a suspension) */
    for (size_t i = 0; i < rec->nwarnings; i++)
        h_notice(&h, "info", rec->warnings[i]);
    detail_actions(req, &h, rec, failed);
    h_open(&h, "section", "class", "card", NULL);
    h_elem(&h, "h2", "基本信息", NULL);
    detail_fields(req, &h, rec);
    h_close(&h, "section");
    detail_deadlines(req, &h, rec);
    detail_children(req, &h, rec);
    detail_history(req, &h, rec);
    page_end(req, &h);
}

void page_entity_show(struct request *req, struct response *r)
{
    const struct entity *e = ent(req);
    int64_t id;
    struct record *rec;
    if (!parse_id(req->seg[2], &id) || entity_get(&req->ctx, e, id, &rec)) {
        page_error(req, r, 404, arena_printf(req->a, "未找到该%s，或您无权查看。", e->label));
        return;
    }
    if (e->audit_reads && audit_read(&req->ctx, e->name, rec->id, rec->org_id, rec->place_org_id)) {
        page_error(req, r, 500, "暂时无法记录查阅，请稍后重试。");
        return;
    }
    render_detail(req, r, rec, NULL, NULL);
}

void page_entity_transition(struct request *req, struct response *r)
{
    const struct entity *e = ent(req);
    int64_t id;
    struct record *rec;
    if (!parse_id(req->seg[2], &id) || entity_get(&req->ctx, e, id, &rec)) {
        page_error(req, r, 404, arena_printf(req->a, "未找到该%s，或您无权查看。", e->label));
        return;
    }
    const struct wf_transition *t = e->workflow ? wf_transition(e->workflow, req->seg[4]) : NULL;
    if (!t) {
        page_error(req, r, 404, "没有这个办理操作。");
        return;
    }
    json_t *j = form_json(req, t->params, t->nparams, false, NULL);
    fz_err err = j ? workflow_fire(&req->ctx, e, id, t->name, j, NULL) : req->ctx.err.code;
    if (err) {
        const char *msg = req->ctx.err.message ? req->ctx.err.message : err_text(err);
        fz_error kept = req->ctx.err;
        struct failed_step failed = {t->name, j, &kept};
        entity_get(&req->ctx, e, id, &rec);
        render_detail(req, r, rec, msg, &failed);
        r->status = err_status(err);
        return;
    }
    resp_redirect(r, arena_printf(req->a, "%s?ok=done", rec_url(req, e, id)));
}

void page_entity_back(struct request *req, struct response *r)
{
    int64_t id;
    if (!parse_id(req->seg[2], &id)) {
        page_error(req, r, 404, "没有这个页面。");
        return;
    }
    resp_redirect(r, rec_url(req, ent(req), id));
}

void page_file_download(struct request *req, struct response *r)
{
    int64_t id;
    if (!parse_id(req->seg[2], &id)) {
        page_error(req, r, 404, "未找到该文件。");
        return;
    }
    send_file(req, r, id);
    if (r->status != 200 && r->status != 304)
        page_error(req, r, 404, "未找到该文件，或您无权查看。");
}
