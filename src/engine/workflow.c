/* workflow.c — firing transitions: visibility, roles, state, guards, then one audited
 * transaction that moves the state and starts or stops deadlines. */
#include "workflow.h"

#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "core/utf8.h"
#include "engine/access.h"
#include "engine/audit.h"
#include "engine/canon.h"
#include "engine/deadline.h"
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
    struct guard_ctx g = {.rec = r,
                          .params = params,
                          .actor = c->actor,
                          .today = c->today,
                          .cal = c->cal,
                          .count_children = count_children,
                          .impl = &gi};
    for (int i = 0; i < WF_MAX_GUARDS && t->guards[i]; i++) {
        const char *reason = t->guards[i](&g);
        if (reason)
            return refuse(c, r, t, FZ_EGUARD, reason);
    }

    char now[25], today[11];
    time_format_iso(c->now_ms, now);
    date_format(c->today, today);
    buf sql;
    buf_init(&sql, 0);
    buf_printf(&sql,
               "UPDATE %s SET status = ?, version = version + 1, updated_at = ?, "
               "updated_by = ?",
               e->name);
    if (t->set_date_field)
        buf_printf(&sql, ", %s = ?", t->set_date_field);
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
    db_bind_text(st, idx++, t->to);
    db_bind_text(st, idx++, now);
    db_bind_int(st, idx++, c->actor->user_id);
    if (t->set_date_field)
        db_bind_text(st, idx++, today);
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
    /* Deadlines first, then read the record back, so what is returned (next_due) is what
     * is stored. The deadlines read only field values, which the transition leaves alone
     * (set_date_field is a system field no deadline uses). */
    if (t->stop_deadline && deadline_stop(c, r, t->stop_deadline))
        goto fail;
    if (t->start_deadline && deadline_start(c, r, t->start_deadline))
        goto fail;
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
        if (wf_from_ok(t, r->status) &&
            access_covers(c, access_write_mask(t->roles), r->place_org_id))
            out[n++] = t;
    }
    return n;
}
