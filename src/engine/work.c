/* work.c — the home page's list of open and overdue items, across every entity that has
 * deadlines or drafts. */
#include "work.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "engine/access.h"
#include "engine/deadline.h"
#include "engine/query.h"
#include "engine/workflow.h"
#include "core/banned.h"

static int by_urgency(const void *pa, const void *pb)
{
    const struct work_item *a = pa, *b = pb;
    if (a->overdue != b->overdue)
        return a->overdue ? -1 : 1;
    if (!a->due_date != !b->due_date)
        return a->due_date ? -1 : 1;
    int c = a->due_date ? strcmp(a->due_date, b->due_date) : 0;
    return c ? c : (a->id < b->id ? -1 : a->id > b->id);
}

/* The roles that can do something with an entity's records: edit them or take a step. */
static unsigned act_roles(const struct entity *e)
{
    unsigned roles = e->update_roles;
    for (int i = 0; e->workflow && i < e->workflow->ntransitions; i++)
        roles |= e->workflow->transitions[i].roles;
    return roles & ROLES_WRITERS;
}

/* Narrows a candidate query to the states in which one of the actor's roles has a step
 * (the cheap half of "can act now"; shown_if and the place are checked per record after).
 * Returns false when there is no such state. */
static bool states_to_act(struct ctx *c, const struct entity *e, buf *sql, struct sql_params *p)
{
    const struct workflow *w = e->workflow;
    bool editable = access_has_role(c->actor, e->update_roles & ROLES_WRITERS);
    int n = 0;
    for (int s = 0; s < w->nstates; s++) {
        bool can = editable && !w->states[s].terminal;
        for (int t = 0; !can && t < w->ntransitions; t++)
            can = access_has_role(c->actor, w->transitions[t].roles & ROLES_WRITERS) &&
                  wf_from_ok(&w->transitions[t], w->states[s].name);
        if (!can)
            continue;
        buf_puts(sql, n++ ? ", ?" : " AND t.status IN (?");
        sqlp_text(p, w->states[s].name);
    }
    if (n)
        buf_putc(sql, ')');
    return n > 0;
}

/* Whether the actor can act on the record now: a step offered to them, or an edit. */
static bool actionable(struct ctx *c, const struct record *r)
{
    const struct wf_transition *ts[1];
    if (r->e->workflow && workflow_available(c, r, ts, 1) > 0)
        return true;
    const struct wf_state *st = r->e->workflow ? wf_state(r->e->workflow, r->status) : NULL;
    return !r->e->workflow && entity_may(c, r->e, r->e->update_roles, r->place_org_id) &&
           !(st && st->terminal);
}

static const char *title_of(struct ctx *c, struct work_item *w, const struct record *r)
{
    if (!r)
        return arena_printf(c->a, "#%lld", (long long)w->id);
    w->org_id = r->org_id;
    if (w->e->parent_field) {
        int pi = entity_field_index(w->e, w->e->parent_field);
        if (pi >= 0 && r->v[pi].label)
            return arena_printf(c->a, "%s：%s", r->v[pi].label, record_title(r));
    }
    return record_title(r);
}

fz_err work_collect(struct ctx *c, struct work_item **out, size_t *n, size_t max)
{
    /* Someone who writes sees the records they can act on now (an officer's cases, a legal
     * reviewer's cases awaiting review); someone who only reads (a supervisor) sees every
     * record in reach with a running deadline. Candidates are gathered generously and then
     * filtered, so the filter does not starve the list. */
    bool writer = access_has_role(c->actor, ROLES_WRITERS) && !c->actor->system;
    size_t cap = writer ? max * 4 : max, count = 0;
    struct work_item *items = arena_calloc(c->a, cap + 1, sizeof *items);
    int ne;
    const struct entity *const *all = entity_all(&ne);
    buf sql;
    buf_init(&sql, 0);
    fz_err err = FZ_OK;
    for (int i = 0; i < ne && !err && count < cap; i++) {
        const struct entity *e = all[i];
        /* running deadlines */
        if (e->ndeadlines) {
            struct sql_params p = {0};
            buf_reset(&sql);
            buf_printf(&sql,
                       "SELECT t.id, d.due_date, d.kind, t.status FROM deadlines d JOIN %s "
                       "t ON t.id = d.record_id WHERE d.entity = ? AND d.status = "
                       "'running' AND ",
                       e->name);
            sqlp_text(&p, e->name);
            query_scope(c, e, "t", writer ? act_roles(e) : e->read_roles, &sql, &p);
            if (writer && e->workflow && !states_to_act(c, e, &sql, &p))
                continue; /* nothing this actor's roles can do to any of them */
            buf_puts(&sql, " ORDER BY d.due_date, t.id LIMIT ?");
            sqlp_int(&p, (int64_t)(cap - count));
            stmt *st = sqlp_prepare(c->db, &sql, &p);
            if (!st) {
                err = FZ_EDB;
                break;
            }
            while (db_step(st) == DB_ROW && count < cap) {
                struct work_item *w = &items[count++];
                w->e = e;
                w->id = db_col_int(st, 0);
                w->due_date = arena_strdup(c->a, db_col_text(st, 1));
                const struct deadline_def *d = deadline_def(e, db_col_text(st, 2));
                w->deadline_label = d ? d->label : "";
                const char *status = db_col_text(st, 3);
                w->status = status ? arena_strdup(c->a, status) : NULL;
            }
            db_done(st);
        }
        /* drafts the actor created */
        if (e->workflow && c->actor->user_id && count < cap) {
            struct sql_params p = {0};
            buf_reset(&sql);
            buf_printf(&sql,
                       "SELECT t.id, t.status FROM %s t WHERE t.status = ? AND "
                       "t.created_by = ? AND ",
                       e->name);
            sqlp_text(&p, e->workflow->initial);
            sqlp_int(&p, c->actor->user_id);
            query_scope(c, e, "t", e->read_roles, &sql, &p);
            buf_puts(&sql, " ORDER BY t.id DESC LIMIT ?");
            sqlp_int(&p, (int64_t)(cap - count));
            stmt *st = sqlp_prepare(c->db, &sql, &p);
            if (!st) {
                err = FZ_EDB;
                break;
            }
            while (db_step(st) == DB_ROW && count < cap) {
                int64_t id = db_col_int(st, 0);
                bool dup = false;
                for (size_t k = 0; k < count && !dup; k++)
                    dup = items[k].e == e && items[k].id == id;
                if (dup)
                    continue;
                struct work_item *w = &items[count++];
                w->e = e;
                w->id = id;
                w->status = arena_strdup(c->a, db_col_text(st, 1));
            }
            db_done(st);
        }
    }
    buf_release(&sql);
    if (err)
        return err;
    /* Most urgent first, then load and filter in that order until the list is full: the
     * records beyond it are never read. */
    char today[11];
    date_format(c->today, today);
    for (size_t i = 0; i < count; i++)
        items[i].overdue = items[i].due_date && strcmp(items[i].due_date, today) < 0;
    qsort(items, count, sizeof *items, by_urgency);
    size_t kept = 0;
    for (size_t i = 0; i < count && kept < max; i++) {
        struct record *r = NULL;
        if (record_load_underived(c, items[i].e, items[i].id, &r))
            r = NULL;
        if (writer && r && !actionable(c, r))
            continue;
        items[kept] = items[i];
        struct work_item *w = &items[kept++];
        w->title = title_of(c, w, r);
        w->status_label = w->e->workflow ? wf_state_label(w->e->workflow, w->status) : "";
        if (w->due_date) {
            struct deadline_view v = {.due_date = w->due_date, .status = "running"};
            deadline_classify(c, &v);
            w->overdue = v.overdue;
            w->due_soon = v.due_soon;
            w->days_left = v.days_left;
            if (v.overdue)
                w->reason = arena_printf(c->a, "%s已逾期 %d 个工作日", w->deadline_label,
                                         -v.days_left > 0 ? -v.days_left : 1);
            else if (v.days_left == 0)
                w->reason = arena_printf(c->a, "%s今天到期", w->deadline_label);
            else if (v.due_soon)
                w->reason =
                    arena_printf(c->a, "%s还剩 %d 个工作日", w->deadline_label, v.days_left);
            else
                w->reason = arena_printf(c->a, "%s：%s", w->deadline_label, w->due_date);
        } else {
            w->reason = arena_printf(c->a, "%s，待处理", w->status_label);
        }
    }
    *out = items;
    *n = kept;
    return FZ_OK;
}
