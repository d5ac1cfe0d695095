/* workflow.c — firing transitions: visibility, roles, state, guards, then one audited
 * transaction that moves the state and starts or stops deadlines. */
#include "workflow.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "core/utf8.h"
#include "engine/access.h"
#include "engine/audit.h"
#include "engine/canon.h"
#include "engine/deadline.h"
#include "engine/people.h"
#include "engine/query.h"
#include "core/banned.h"

const struct wf_state *wf_state(const struct workflow *w, const char *name)
{
    for (int i = 0; name && i < w->nstates; i++)
        if (strcmp(w->states[i].name, name) == 0)
            return &w->states[i];
    return NULL;
}

const char *wf_state_label(const struct workflow *w, const char *name)
{
    const struct wf_state *s = wf_state(w, name);
    return s ? s->label : name ? name : "";
}

const struct wf_transition *wf_transition(const struct workflow *w, const char *name)
{
    for (int i = 0; name && i < w->ntransitions; i++)
        if (strcmp(w->transitions[i].name, name) == 0)
            return &w->transitions[i];
    return NULL;
}

bool wf_from_ok(const struct wf_transition *t, const char *state)
{
    return wf_state_in(t->from, state);
}

bool wf_state_in(const char *list, const char *state)
{
    if (!state || !list)
        return false;
    size_t n = strlen(state);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, state, n) == 0)
            return true;
        p += len;
        while (*p == ' ')
            p++;
    }
    return false;
}

struct guard_impl {
    struct ctx *c;
};

/* The next number of the record's tenant for this transition's field, formatted. */
static const char *next_number(struct ctx *c, const struct record *r, const struct wf_transition *t)
{
    int y, m, d;
    date_to_ymd(c->today, &y, &m, &d);
    stmt *st = db_prepare(c->db, "UPDATE sequences SET value = value + 1 WHERE org_id = ? AND "
                                 "name = ? AND year = ? RETURNING value");
    if (!st)
        return NULL;
    db_bind_int(st, 1, r->org_id);
    db_bind_text(st, 2, t->number_field);
    db_bind_int(st, 3, y);
    int64_t n = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    if (!n) {
        st = db_prepare(c->db, "INSERT INTO sequences (org_id, name, year, value) "
                               "VALUES (?, ?, ?, 1)");
        if (!st)
            return NULL;
        db_bind_int(st, 1, r->org_id);
        db_bind_text(st, 2, t->number_field);
        db_bind_int(st, 3, y);
        if (db_run(st))
            return NULL;
        n = 1;
    }
    struct org o;
    if (org_by_id(c, r->org_id, &o))
        return NULL;
    buf b;
    buf_init(&b, 0);
    for (const char *p = t->number_format; *p; p++) {
        if (*p == '%' && p[1] == 'T')
            buf_puts(&b, o.name), p++;
        else if (*p == '%' && p[1] == 'Y')
            buf_printf(&b, "%d", y), p++;
        else if (*p == '%' && p[1] == 'N')
            buf_printf(&b, "%lld", (long long)n), p++;
        else
            buf_putc(&b, *p);
    }
    const char *s = b.err ? NULL : arena_strndup(c->a, b.p, b.len);
    buf_release(&b);
    return s;
}

/* A transition's constant for field f into v. */
static int set_constant(struct ctx *c, const struct field *f, const char *value, const char *today,
                        struct value *v)
{
    memset(v, 0, sizeof *v);
    if (strcmp(value, "@null") == 0) {
        v->null = true;
        return 0;
    }
    if (strcmp(value, "@today") == 0) {
        v->s = arena_strdup(c->a, today);
        return 0;
    }
    if (strcmp(value, "@actor") == 0) {
        if (f->type != FT_USER || !c->actor->user_id) {
            v->null = true;
            return 0;
        }
        v->i = c->actor->user_id;
        v->s = c->actor->username;
        v->label = c->actor->name;
        return 0;
    }
    if (field_is_int(f)) {
        char *end;
        v->i = strtoll(value, &end, 10);
        return *end ? -1 : 0;
    }
    v->s = value;
    return 0;
}

static const struct record *guard_ref(const struct guard_ctx *g, const char *field)
{
    struct guard_impl *gi = g->impl;
    const struct field *f = entity_field(g->rec->e, field);
    int i = entity_field_index(g->rec->e, field);
    if (!f || f->type != FT_REF || g->rec->v[i].null)
        return NULL;
    struct record *r;
    const struct entity *re = entity_find(f->ref);
    return re && record_load(gi->c, re, g->rec->v[i].i, &r) == FZ_OK ? r : NULL;
}

static size_t guard_refs(const struct guard_ctx *g, const char *field, const struct record ***out)
{
    struct guard_impl *gi = g->impl;
    const struct field *f = entity_field(g->rec->e, field);
    int i = entity_field_index(g->rec->e, field);
    *out = NULL;
    if (!f || f->type != FT_REFS)
        return 0;
    const struct entity *re = entity_find(f->ref);
    const struct value *v = &g->rec->v[i];
    const struct record **list = arena_calloc(gi->c->a, v->n + 1, sizeof *list);
    size_t n = 0;
    for (size_t k = 0; re && k < v->n; k++) {
        struct record *r;
        if (record_load(gi->c, re, v->ids[k], &r) == FZ_OK)
            list[n++] = r;
    }
    *out = list;
    return n;
}

static const struct record *guard_find_on(const struct guard_ctx *g, const char *entity,
                                          const char *field, const char *value, const char *field2,
                                          const char *value2, int day)
{
    struct guard_impl *gi = g->impl;
    const struct entity *e = entity_find(entity);
    const struct field *f = e ? entity_field(e, field) : NULL;
    const struct field *f2 = e && field2 ? entity_field(e, field2) : NULL;
    if (!f || !field_is_column(f) || (field2 && (!f2 || !field_is_column(f2))))
        return NULL;
    /* a versioned catalogue row counts only while in force on the day */
    const struct field *from = entity_field(e, "effective_from");
    const struct field *to = entity_field(e, "effective_to");
    buf sql;
    buf_init(&sql, 0);
    buf_printf(&sql, "SELECT id FROM %s WHERE org_id = ? AND %s = ?", e->name, f->name);
    if (f2)
        buf_printf(&sql, " AND %s = ?", f2->name);
    if (from)
        buf_puts(&sql, " AND effective_from <= ?");
    if (to)
        buf_puts(&sql, " AND (effective_to IS NULL OR effective_to >= ?)");
    buf_printf(&sql, " ORDER BY %sid DESC LIMIT 1", from ? "effective_from DESC, " : "");
    stmt *st = sql.err ? NULL : db_prepare(gi->c->db, sql.p);
    buf_release(&sql);
    if (!st)
        return NULL;
    char ds[11];
    date_format(day, ds);
    int k = 1;
    db_bind_int(st, k++, g->rec->org_id);
    db_bind_text(st, k++, value);
    if (f2)
        db_bind_text(st, k++, value2);
    if (from)
        db_bind_text(st, k++, ds);
    if (to)
        db_bind_text(st, k++, ds);
    int64_t id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    struct record *r;
    return id && record_load(gi->c, e, id, &r) == FZ_OK ? r : NULL;
}

static const struct record *guard_find(const struct guard_ctx *g, const char *entity,
                                       const char *field, const char *value)
{
    return guard_find_on(g, entity, field, value, NULL, NULL, g->today);
}

const struct value *guard_param(const struct guard_ctx *g, const struct wf_transition *t,
                                const char *name)
{
    for (int k = 0; g->params && k < t->nparams; k++)
        if (strcmp(t->params[k].name, name) == 0)
            return g->params->v[k].null ? NULL : &g->params->v[k];
    return NULL;
}

const struct value *guard_field(const struct record *r, const char *name)
{
    int i = entity_field_index(r->e, name);
    return i < 0 || r->v[i].null ? NULL : &r->v[i];
}

static int64_t count_children(const struct guard_ctx *g, const char *child, const char *status)
{
    struct guard_impl *gi = g->impl;
    const struct entity *ce = entity_find(child);
    const struct field *pf = ce ? entity_field(ce, ce->parent_field) : NULL;
    if (!pf || strcmp(pf->ref, g->rec->e->name) != 0) {
        log_error("guard: %s is not a child of %s", child, g->rec->e->name);
        return -1;
    }
    buf sql;
    buf_init(&sql, 0);
    buf_printf(&sql, "SELECT COUNT(*) FROM %s WHERE %s = ?", ce->name, pf->name);
    if (status && ce->workflow)
        buf_puts(&sql, " AND status = ?");
    stmt *st = sql.err ? NULL : db_prepare(gi->c->db, sql.p);
    buf_release(&sql);
    if (!st)
        return -1;
    db_bind_int(st, 1, g->rec->id);
    if (status && ce->workflow)
        db_bind_text(st, 2, status);
    int64_t n = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
    db_done(st);
    return n;
}

/* What a guard sees of record r for step t (params NULL: judged on the record alone). */
static struct guard_ctx guard_ctx_for(struct ctx *c, const struct record *r,
                                      const struct wf_transition *t, const struct record *params,
                                      struct guard_impl *gi)
{
    return (struct guard_ctx){.rec = r,
                              .params = params,
                              .actor = c->actor,
                              .today = c->today,
                              .cal = c->cal,
                              .count_children = count_children,
                              .ref = guard_ref,
                              .refs = guard_refs,
                              .find = guard_find,
                              .find_on = guard_find_on,
                              .transition = t,
                              .impl = gi};
}

/* The audit detail of a transition: its parameters, and a refusal's reason. */
static const char *detail_json(struct ctx *c, const struct wf_transition *t,
                               const struct record *params, const bool *present,
                               const char *refused, const char *reason)
{
    buf b;
    buf_init(&b, 0);
    canon_begin(&b);
    canon_text(&b, "transition", t->name);
    for (int i = 0; params && i < t->nparams; i++) {
        const struct value *v = &params->v[i];
        if (!present[i] || v->null)
            continue;
        if (t->params[i].type == FT_INT || t->params[i].type == FT_BOOL ||
            t->params[i].type == FT_ORG || t->params[i].type == FT_REF)
            canon_int(&b, t->params[i].name, v->i);
        else if (t->params[i].type == FT_ORGS || t->params[i].type == FT_FILES)
            canon_ints(&b, t->params[i].name, v->ids, v->n);
        else
            canon_text(&b, t->params[i].name, v->s);
    }
    if (refused) {
        canon_text(&b, "refused", refused);
        canon_text(&b, "reason", reason);
    }
    canon_end(&b);
    const char *s = b.err ? NULL : arena_strndup(c->a, b.p, b.len);
    buf_release(&b);
    return s;
}

static fz_err refuse(struct ctx *c, const struct record *r, const struct wf_transition *t,
                     fz_err code, const char *reason)
{
    struct audit_entry ae = {.chain_id = r->org_id,
                             .org_id = r->place_org_id,
                             .action = arena_printf(c->a, "%s.%s.refused", r->e->name, t->name),
                             .entity = r->e->name,
                             .record_id = r->id,
                             .detail = detail_json(c, t, NULL, NULL, err_code(code), reason)};
    audit_append_own_tx(c, &ae);
    return ctx_fail(c, code, NULL, "%s", reason);
}

static fz_err fire_in_tx(struct ctx *c, const struct entity *e, int64_t id, const char *name,
                         json_t *body, struct record **out);

struct fire_args {
    struct ctx *c;
    const struct entity *e;
    int64_t id;
    const char *name;
    json_t *body;
    struct record **out;
};

static fz_err fire_fn(void *p)
{
    struct fire_args *a = p;
    return fire_in_tx(a->c, a->e, a->id, a->name, a->body, a->out);
}

/* The state and the guards are read inside the write transaction, so two transitions (or a
 * transition and a new child record) cannot both pass on the same old facts. */
fz_err workflow_fire(struct ctx *c, const struct entity *e, int64_t id, const char *name,
                     json_t *body, struct record **out)
{
    struct fire_args a = {c, e, id, name, body, out};
    return write_in_tx(c, db_begin(c->db, true), fire_fn, &a);
}

/* Applies fn to each deadline named in the space-separated list (NULL: none). */
static fz_err each_deadline(struct ctx *c, const struct record *r, const char *list,
                            fz_err (*fn)(struct ctx *, const struct record *, const char *))
{
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, " ");
        fz_err e = fn(c, r, arena_printf(c->a, "%.*s", (int)len, p));
        if (e)
            return e;
        p += len;
        p += strspn(p, " ");
    }
    return FZ_OK;
}

static fz_err fire_in_tx(struct ctx *c, const struct entity *e, int64_t id, const char *name,
                         json_t *body, struct record **out)
{
    const struct workflow *w = e->workflow;
    const struct wf_transition *t = w ? wf_transition(w, name) : NULL;
    if (!t)
        return ctx_fail(c, FZ_ENOTFOUND, NULL, "%s没有名为“%.*s”的操作", e->label,
                        (int)utf8_prefix(name, 40), name);
    if (body && !json_is_object(body))
        return ctx_fail(c, FZ_EVALID, NULL, "请求体应为 JSON 对象");
    struct record *r;
    fz_err err = entity_get(c, e, id, &r);
    if (err)
        return err;
    if (!access_covers(c, access_write_mask(t->roles), r->place_org_id))
        return refuse(c, r, t, FZ_EFORBIDDEN,
                      arena_printf(c->a, "您的角色不能对此%s执行“%s”", e->label, t->label));
    if (!wf_from_ok(t, r->status))
        return refuse(c, r, t, FZ_EGUARD,
                      arena_printf(c->a, "%s当前为“%s”，不能执行“%s”", e->label,
                                   wf_state_label(w, r->status), t->label));

    struct record *params = arena_alloc(c->a, sizeof *params);
    params->e = e;
    params->v = arena_calloc(c->a, (size_t)t->nparams + 1, sizeof *params->v);
    bool *present = arena_calloc(c->a, (size_t)t->nparams + 1, sizeof *present);
    json_t *empty = NULL;
    if (!body)
        body = empty = json_object();
    err = validate_fields(c, t->params, t->nparams, body, V_PARAMS, r->org_id, params->v, present,
                          NULL);
    json_decref(empty);
    if (err)
        return err;

    struct guard_impl gi = {c};
    struct guard_ctx g = guard_ctx_for(c, r, t, params, &gi);
    for (int i = 0; i < WF_MAX_GUARDS && t->guards[i]; i++) {
        const char *reason = t->guards[i](&g);
        if (reason)
            return refuse(c, r, t, FZ_EGUARD, reason);
    }

    /* The record as the transition leaves it: parameters that are fields of the entity are
     * written to it, and the deadlines read their base dates from it. */
    struct record *nw = arena_alloc(c->a, sizeof *nw);
    *nw = *r;
    nw->v = arena_calloc(c->a, (size_t)e->nfields + 1, sizeof *nw->v);
    bool *setf = arena_calloc(c->a, (size_t)e->nfields + 1, sizeof *setf);
    for (int i = 0; i < e->nfields; i++)
        nw->v[i] = r->v[i];
    for (int k = 0; k < t->nparams; k++) {
        int fi = entity_field_index(e, t->params[k].name);
        if (fi < 0 || !present[k] || (e->fields[fi].flags & F_DERIVED))
            continue;
        nw->v[fi] = params->v[k];
        setf[fi] = true;
    }
    char now[25], today[11];
    time_format_iso(c->now_ms, now);
    date_format(c->today, today);
    for (int k = 0; k < WF_MAX_SETS && t->sets[k].field; k++) {
        int fi = entity_field_index(e, t->sets[k].field);
        if (fi < 0 || set_constant(c, &e->fields[fi], t->sets[k].value, today, &nw->v[fi]))
            goto fail;
        setf[fi] = true;
    }
    if (t->set_date_field) {
        int fi = entity_field_index(e, t->set_date_field);
        if (fi < 0 || set_constant(c, &e->fields[fi], "@today", today, &nw->v[fi]))
            goto fail;
        setf[fi] = true;
    }
    const char *number = NULL;
    if (t->number_field && !(number = next_number(c, r, t)))
        goto fail;

    buf sql;
    buf_init(&sql, 0);
    buf_printf(&sql,
               "UPDATE %s SET status = ?, version = version + 1, updated_at = ?, "
               "updated_by = ?",
               e->name);
    if (number)
        buf_printf(&sql, ", %s = ?", t->number_field);
    for (int i = 0; i < e->nfields; i++)
        if (setf[i] && field_is_column(&e->fields[i]))
            buf_printf(&sql, ", %s = ?", e->fields[i].name);
    buf_puts(&sql, " WHERE id = ? AND version = ?");
    if ((err = db_begin(c->db, true))) {
        buf_release(&sql);
        return ctx_fail(c, err, NULL, NULL);
    }
    stmt *st = sql.err ? NULL : db_prepare(c->db, sql.p);
    buf_release(&sql);
    if (!st)
        goto fail;
    int idx = 1;
    db_bind_text(st, idx++, t->to ? t->to : r->status);
    db_bind_text(st, idx++, now);
    db_bind_int(st, idx++, c->actor->user_id);
    if (number)
        db_bind_text(st, idx++, number);
    for (int i = 0; i < e->nfields; i++)
        if (setf[i] && field_is_column(&e->fields[i]))
            field_bind(st, idx++, &e->fields[i], &nw->v[i]);
    db_bind_int(st, idx++, r->id);
    db_bind_int(st, idx++, r->version);
    if (db_step(st) == DB_ERROR) {
        db_done(st);
        goto fail;
    }
    db_done(st);
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return ctx_fail(c, FZ_ECONFLICT, NULL, NULL);
    }
    for (int i = 0; i < e->nfields; i++)
        if (setf[i] && field_is_list(&e->fields[i]) &&
            record_write_links(c, e, r->org_id, r->id, i, &nw->v[i]))
            goto fail;
    /* Deadlines first, then read the record back, so what is returned (next_due) is what
     * is stored. */
    for (const char *sd = t->stop_deadline; sd && *sd;) {
        size_t len = strcspn(sd, " ");
        if (deadline_stop(c, nw, arena_printf(c->a, "%.*s", (int)len, sd)))
            goto fail;
        sd += len;
        sd += strspn(sd, " ");
    }
    if (each_deadline(c, nw, t->void_deadline, deadline_void))
        goto fail;
    if (t->start_deadline && deadline_start(c, nw, t->start_deadline))
        goto fail;
    if (each_deadline(c, nw, t->suspend_deadline, deadline_suspend) ||
        each_deadline(c, nw, t->resume_deadline, deadline_resume))
        goto fail;
    if (t->extend_deadline) {
        int pi = -1;
        for (int k = 0; k < t->nparams; k++)
            if (strcmp(t->params[k].name, "extension_days") == 0)
                pi = k;
        if (pi < 0 || !present[pi] || params->v[pi].null) {
            db_rollback(c->db);
            return ctx_fail(c, FZ_EVALID, "extension_days", "请填写延长的天数");
        }
        /* every named clock that still counts is extended; at least one must */
        bool extended = false;
        for (const char *xd = t->extend_deadline; *xd;) {
            size_t len = strcspn(xd, " ");
            fz_err de = deadline_extend(c, nw, arena_printf(c->a, "%.*s", (int)len, xd),
                                        (int)params->v[pi].i);
            if (de && de != FZ_ENOTFOUND)
                goto fail;
            extended = extended || de == FZ_OK;
            xd += len;
            xd += strspn(xd, " ");
        }
        if (!extended) {
            db_rollback(c->db);
            return ctx_fail(c, FZ_EGUARD, NULL, "没有正在计算的期限可以延长");
        }
    }
    const struct wf_state *to = wf_state(w, t->to ? t->to : r->status);
    if (to && to->terminal && deadline_stop_all(c, nw))
        goto fail;
    if (t->fill && (err = t->fill(c, nw))) {
        db_rollback(c->db);
        return c->err.code ? c->err.code : ctx_fail(c, err, NULL, NULL);
    }
    struct record *saved;
    if (record_load(c, e, id, &saved))
        goto fail;
    struct audit_entry ae = {.chain_id = r->org_id,
                             .org_id = r->place_org_id,
                             .action = arena_printf(c->a, "%s.%s", e->name, t->name),
                             .entity = e->name,
                             .record_id = id,
                             .before = record_canon_str(c, r),
                             .after = record_canon_str(c, saved),
                             .detail = detail_json(c, t, params, present, NULL, NULL)};
    if (!ae.before || !ae.after || audit_append(c, &ae))
        goto fail;
    if (t->after && (err = t->after(c, saved))) {
        db_rollback(c->db);
        return c->err.code ? c->err.code : ctx_fail(c, err, NULL, NULL);
    }
    if ((err = db_commit(c->db)))
        return ctx_fail(c, err, NULL, NULL);
    if (out)
        *out = saved;
    return FZ_OK;
fail:
    db_rollback(c->db);
    return ctx_fail(c, FZ_EDB, NULL, NULL);
}

int workflow_available(struct ctx *c, const struct record *r, const struct wf_transition **out,
                       int max)
{
    const struct workflow *w = r->e->workflow;
    int n = 0;
    for (int i = 0; w && i < w->ntransitions && n < max; i++) {
        const struct wf_transition *t = &w->transitions[i];
        if (!wf_from_ok(t, r->status) ||
            !access_covers(c, access_write_mask(t->roles), r->place_org_id))
            continue;
        if (t->shown_if) {
            struct guard_impl gi = {c};
            struct guard_ctx g = guard_ctx_for(c, r, t, NULL, &gi);
            if (t->shown_if(&g))
                continue;
        }
        out[n++] = t;
    }
    return n;
}
