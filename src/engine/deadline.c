/* deadline.c — starting, stopping, recomputing and reading deadlines (RULES.md §0). */
#include "deadline.h"

#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "engine/audit.h"
#include "engine/canon.h"
#include "core/banned.h"

static const char *const unit_names[] = {
    [DL_ON_DATE] = "on_date", [DL_DAYS] = "days", [DL_WORKING_DAYS] = "working_days"};

const struct deadline_def *deadline_def(const struct entity *e, const char *name)
{
    for (int i = 0; i < e->ndeadlines; i++)
        if (strcmp(e->deadlines[i].name, name) == 0)
            return &e->deadlines[i];
    return NULL;
}

int deadline_compute(const calendar *cal, const struct deadline_def *d, int base, int extra,
                     struct cal_explain *ex, arena *a)
{
    switch (d->unit) {
    case DL_ON_DATE:
        return calendar_add_days(cal, base, extra, ex, a);
    case DL_DAYS:
        return calendar_add_days(cal, base, d->count + extra, ex, a);
    case DL_WORKING_DAYS:
        return calendar_add_working_days(cal, base, d->count + extra, ex, a);
    }
    return -1;
}

static int unit_parse(const char *unit, enum dl_unit *out)
{
    for (int u = 0; u <= DL_WORKING_DAYS; u++) {
        if (unit && strcmp(unit, unit_names[u]) == 0) {
            *out = (enum dl_unit)u;
            return 0;
        }
    }
    return -1;
}

/* Recomputes the due date of deadline row id from its stored base, count, unit, pauses and
 * extensions; sets status (when not NULL) in the same statement. */
static fz_err refresh_row(struct ctx *c, int64_t id, const char *status, int add_paused,
                          int add_extended)
{
    stmt *st = db_prepare(c->db, "SELECT base_date, count, unit, paused_days, extended_days "
                                 "FROM deadlines WHERE id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, id);
    int base = -1;
    struct deadline_def d = {0};
    int paused = 0, extended = 0;
    if (db_step(st) == DB_ROW) {
        d.count = (int)db_col_int(st, 1);
        paused = (int)db_col_int(st, 3) + add_paused;
        extended = (int)db_col_int(st, 4) + add_extended;
        if (date_parse(db_col_text(st, 0), &base) || unit_parse(db_col_text(st, 2), &d.unit))
            base = -1;
    }
    db_done(st);
    if (base < 0)
        return FZ_EDB;
    char due[11];
    date_format(deadline_compute(c->cal, &d, base, paused + extended, NULL, NULL), due);
    st = db_prepare(c->db, "UPDATE deadlines SET due_date = ?, paused_days = ?, extended_days "
                           "= ?, status = COALESCE(?, status), paused_since = CASE WHEN "
                           "COALESCE(?, status) = 'suspended' THEN COALESCE(paused_since, ?) "
                           "ELSE NULL END WHERE id = ?");
    if (!st)
        return FZ_EDB;
    char today[11];
    date_format(c->today, today);
    db_bind_int(st, 2, paused);
    db_bind_text(st, 1, due);
    db_bind_int(st, 3, extended);
    db_bind_text(st, 4, status);
    db_bind_text(st, 5, status);
    db_bind_text(st, 6, today);
    db_bind_int(st, 7, id);
    return db_run(st);
}

/* The ids of r's deadlines `name` in state `status` (at most max). */
static size_t rows_of(struct ctx *c, const struct record *r, const char *name, const char *status,
                      int64_t *ids, const char **since, const char **unit, size_t max)
{
    stmt *st = db_prepare(c->db, "SELECT id, paused_since, unit FROM deadlines WHERE entity = ? "
                                 "AND record_id = ? AND kind = ? AND status = ? ORDER BY id");
    if (!st)
        return 0;
    db_bind_text(st, 1, r->e->name);
    db_bind_int(st, 2, r->id);
    db_bind_text(st, 3, name);
    db_bind_text(st, 4, status);
    size_t n = 0;
    while (n < max && db_step(st) == DB_ROW) {
        ids[n] = db_col_int(st, 0);
        if (since)
            since[n] = db_col_text(st, 1) ? arena_strdup(c->a, db_col_text(st, 1)) : NULL;
        if (unit)
            unit[n] = arena_strdup(c->a, db_col_text(st, 2));
        n++;
    }
    db_done(st);
    return n;
}

fz_err deadline_suspend(struct ctx *c, const struct record *r, const char *name)
{
    int64_t ids[8];
    size_t n = rows_of(c, r, name, "running", ids, NULL, NULL, 8);
    for (size_t i = 0; i < n; i++) {
        fz_err e = refresh_row(c, ids[i], "suspended", 0, 0);
        if (e)
            return e;
    }
    return FZ_OK;
}

fz_err deadline_resume(struct ctx *c, const struct record *r, const char *name)
{
    int64_t ids[8];
    const char *since[8], *unit[8];
    size_t n = rows_of(c, r, name, "suspended", ids, since, unit, 8);
    for (size_t i = 0; i < n; i++) {
        int from;
        int stood = 0;
        if (since[i] && date_parse(since[i], &from) == 0 && c->today > from)
            stood = strcmp(unit[i], unit_names[DL_WORKING_DAYS]) == 0
                        ? calendar_working_days_between(c->cal, from, c->today)
                        : c->today - from;
        fz_err e = refresh_row(c, ids[i], "running", stood, 0);
        if (e)
            return e;
    }
    return FZ_OK;
}

fz_err deadline_extend(struct ctx *c, const struct record *r, const char *name, int days)
{
    int64_t ids[8];
    size_t n = rows_of(c, r, name, "running", ids, NULL, NULL, 8);
    n += rows_of(c, r, name, "suspended", ids + n, NULL, NULL, 8 - n);
    for (size_t i = 0; i < n; i++) {
        fz_err e = refresh_row(c, ids[i], NULL, 0, days);
        if (e)
            return e;
    }
    return n ? FZ_OK : FZ_ENOTFOUND;
}

/* The base date of deadline d for record r: its date field, or today. -1 if the field is
 * empty (no deadline runs then). */
static int base_of(struct ctx *c, const struct record *r, const struct deadline_def *d)
{
    if (!d->date_field)
        return c->today;
    int i = entity_field_index(r->e, d->date_field);
    if (i < 0 || r->v[i].null || !r->v[i].s)
        return -1;
    int day;
    return date_parse(r->v[i].s, &day) == 0 ? day : -1;
}

fz_err deadline_start(struct ctx *c, const struct record *r, const char *name)
{
    const struct deadline_def *d = deadline_def(r->e, name);
    if (!d) {
        log_error("deadline: %s has no deadline \"%s\"", r->e->name, name);
        return FZ_EINTERNAL;
    }
    if (d->only_if) {
        int fi = entity_field_index(r->e, d->only_if);
        if (fi < 0 || r->v[fi].null || (field_is_int(&r->e->fields[fi]) && r->v[fi].i == 0))
            return FZ_OK;
    }
    int base = base_of(c, r, d);
    if (base < 0)
        return FZ_OK;
    int due = deadline_compute(c->cal, d, base, 0, NULL, NULL);
    char bs[11], ds[11], now[25];
    date_format(base, bs);
    date_format(due, ds);
    time_format_iso(c->now_ms, now);
    stmt *st = db_prepare(c->db, "INSERT INTO deadlines (org_id, entity, record_id, kind, "
                                 "base_date, count, unit, due_date, started_at, status) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, r->org_id);
    db_bind_text(st, 2, r->e->name);
    db_bind_int(st, 3, r->id);
    db_bind_text(st, 4, d->name);
    db_bind_text(st, 5, bs);
    db_bind_int(st, 6, d->count);
    db_bind_text(st, 7, unit_names[d->unit]);
    db_bind_text(st, 8, ds);
    db_bind_text(st, 9, now);
    db_bind_text(st, 10, d->window ? "window" : "running");
    return db_run(st);
}

/* Ends r's deadlines of kind (NULL: every kind) that still count — running or a party's
 * window, and with also_suspended those standing still — as status. */
static fz_err end_deadlines(struct ctx *c, const struct record *r, const char *kind,
                            const char *status, bool also_suspended)
{
    char now[25];
    time_format_iso(c->now_ms, now);
    stmt *st = db_prepare(c->db, also_suspended
                                     ? "UPDATE deadlines SET status = ?, stopped_at = ? WHERE "
                                       "entity = ? AND record_id = ? AND COALESCE(?, kind) = kind "
                                       "AND status IN ('running', 'window', 'suspended')"
                                     : "UPDATE deadlines SET status = ?, stopped_at = ? WHERE "
                                       "entity = ? AND record_id = ? AND COALESCE(?, kind) = kind "
                                       "AND status IN ('running', 'window')");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, status);
    db_bind_text(st, 2, now);
    db_bind_text(st, 3, r->e->name);
    db_bind_int(st, 4, r->id);
    if (kind)
        db_bind_text(st, 5, kind);
    else
        db_bind_null(st, 5);
    return db_run(st);
}

fz_err deadline_stop(struct ctx *c, const struct record *r, const char *name)
{
    return end_deadlines(c, r, name, "met", false);
}

fz_err deadline_void(struct ctx *c, const struct record *r, const char *name)
{
    return end_deadlines(c, r, name, "stopped", false);
}

fz_err deadline_stop_all(struct ctx *c, const struct record *r)
{
    return end_deadlines(c, r, NULL, "stopped", true);
}

fz_err deadline_restart(struct ctx *c, const struct record *r, const char *name)
{
    const struct deadline_def *d = deadline_def(r->e, name);
    if (!d)
        return FZ_EINTERNAL;
    int base = base_of(c, r, d);
    if (base < 0) /* the date the deadline ran from was cleared: nothing runs any more */
        return end_deadlines(c, r, name, "stopped", false);
    char bs[11];
    date_format(base, bs);
    stmt *st = db_prepare(c->db, "UPDATE deadlines SET base_date = ? WHERE entity = ? AND "
                                 "record_id = ? AND kind = ? AND status IN ('running', "
                                 "'suspended', 'window')");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, bs);
    db_bind_text(st, 2, r->e->name);
    db_bind_int(st, 3, r->id);
    db_bind_text(st, 4, name);
    fz_err e = db_run(st);
    if (e)
        return e;
    int64_t ids[8];
    size_t n = rows_of(c, r, name, "running", ids, NULL, NULL, 8);
    n += rows_of(c, r, name, "suspended", ids + n, NULL, NULL, 8 - n);
    n += rows_of(c, r, name, "window", ids + n, NULL, NULL, 8 - n);
    for (size_t i = 0; i < n && !e; i++)
        e = refresh_row(c, ids[i], NULL, 0, 0);
    return e;
}

fz_err deadline_recompute_all(struct ctx *c, int *moved)
{
    *moved = 0;
    stmt *st = db_prepare(c->db, "SELECT id, entity, record_id, kind, base_date, count, unit, "
                                 "due_date, paused_days + extended_days FROM deadlines "
                                 "WHERE status IN ('running', 'suspended', 'window') ORDER BY id");
    if (!st)
        return FZ_EDB;
    struct change {
        int64_t id, record;
        const struct entity *e;
        const char *kind, *from;
        char due[11];
    } *changes = NULL;
    size_t n = 0, cap = 0;
    enum db_step r;
    while ((r = db_step(st)) == DB_ROW) {
        int base;
        const struct entity *e = entity_find(db_col_text(st, 1));
        const char *unit = db_col_text(st, 6), *due = db_col_text(st, 7);
        if (!e || !unit || !due || date_parse(db_col_text(st, 4), &base))
            continue;
        struct deadline_def d = {.count = (int)db_col_int(st, 5)};
        if (unit_parse(unit, &d.unit))
            continue;
        char now[11];
        date_format(deadline_compute(c->cal, &d, base, (int)db_col_int(st, 8), NULL, NULL), now);
        if (strcmp(now, due) == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            struct change *bigger = arena_calloc(c->a, cap, sizeof *bigger);
            if (n)
                memcpy(bigger, changes, n * sizeof *bigger);
            changes = bigger;
        }
        changes[n] = (struct change){.id = db_col_int(st, 0),
                                     .record = db_col_int(st, 2),
                                     .e = e,
                                     .kind = arena_strdup(c->a, db_col_text(st, 3)),
                                     .from = arena_strdup(c->a, due)};
        memcpy(changes[n].due, now, sizeof now);
        n++;
    }
    db_done(st);
    if (r == DB_ERROR)
        return FZ_EDB;
    if (!n)
        return FZ_OK;
    /* Each moved due date is a change of the record's state: audited like any other, so a
     * start with the wrong calendar directory leaves a visible trail. */
    fz_err e = db_begin(c->db, true);
    if (e)
        return e;
    for (size_t i = 0; i < n; i++) {
        struct record *before, *after;
        if (record_load(c, changes[i].e, changes[i].record, &before))
            goto fail;
        const char *before_canon = record_canon_str(c, before);
        st = db_prepare(c->db, "UPDATE deadlines SET due_date = ? WHERE id = ?");
        if (!st)
            goto fail;
        db_bind_text(st, 1, changes[i].due);
        db_bind_int(st, 2, changes[i].id);
        if (db_run(st) || record_load(c, changes[i].e, changes[i].record, &after))
            goto fail;
        buf d;
        buf_init(&d, 0);
        canon_begin(&d);
        canon_text(&d, "deadline", changes[i].kind);
        canon_text(&d, "from", changes[i].from);
        canon_text(&d, "to", changes[i].due);
        canon_text(&d, "reason", "working-day calendar changed");
        canon_end(&d);
        struct audit_entry ae = {
            .chain_id = after->org_id,
            .org_id = after->place_org_id,
            .action = arena_printf(c->a, "%s.deadline_recomputed", changes[i].e->name),
            .entity = changes[i].e->name,
            .record_id = changes[i].record,
            .before = before_canon,
            .after = record_canon_str(c, after),
            .detail = d.err ? NULL : arena_strndup(c->a, d.p, d.len)};
        buf_release(&d);
        if (!ae.before || !ae.after || audit_append(c, &ae))
            goto fail;
    }
    if ((e = db_commit(c->db)))
        return e;
    *moved = (int)n;
    return FZ_OK;
fail:
    db_rollback(c->db);
    return FZ_EDB;
}

void deadline_classify(struct ctx *c, struct deadline_view *v)
{
    int due;
    v->overdue = v->due_soon = false;
    v->days_left = 0;
    if (date_parse(v->due_date, &due))
        return;
    bool running = strcmp(v->status, "running") == 0;
    if (due >= c->today)
        v->days_left = calendar_working_days_between(c->cal, c->today, due);
    else
        v->days_left = -calendar_working_days_between(c->cal, due, c->today);
    if (!running)
        return;
    v->overdue = c->today > due;
    v->due_soon = !v->overdue && v->days_left <= DEADLINE_SOON_WORKING_DAYS;
}

fz_err deadline_load(struct ctx *c, struct record *r)
{
    stmt *st = db_prepare(c->db, "SELECT id, kind, base_date, due_date, unit, status, count, "
                                 "paused_days, extended_days, paused_since FROM deadlines "
                                 "WHERE entity = ? AND record_id = ? ORDER BY id");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, r->e->name);
    db_bind_int(st, 2, r->id);
    size_t cap = 4;
    r->deadlines = arena_calloc(c->a, cap, sizeof *r->deadlines);
    r->ndeadlines = 0;
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        if (r->ndeadlines == cap) {
            struct deadline_view *bigger = arena_calloc(c->a, cap * 2, sizeof *bigger);
            memcpy(bigger, r->deadlines, cap * sizeof *bigger);
            r->deadlines = bigger;
            cap *= 2;
        }
        struct deadline_view *v = &r->deadlines[r->ndeadlines++];
        v->id = db_col_int(st, 0);
        v->kind = arena_strdup(c->a, db_col_text(st, 1));
        v->base_date = arena_strdup(c->a, db_col_text(st, 2));
        v->due_date = arena_strdup(c->a, db_col_text(st, 3));
        v->unit = arena_strdup(c->a, db_col_text(st, 4));
        v->status = arena_strdup(c->a, db_col_text(st, 5));
        v->count = (int)db_col_int(st, 6);
        v->paused_days = (int)db_col_int(st, 7);
        v->extended_days = (int)db_col_int(st, 8);
        v->paused_since = db_col_text(st, 9) ? arena_strdup(c->a, db_col_text(st, 9)) : NULL;
        const struct deadline_def *d = deadline_def(r->e, v->kind);
        v->label = d ? d->label : v->kind;
        deadline_classify(c, v);
    }
    db_done(st);
    return s == DB_ERROR ? FZ_EDB : FZ_OK;
}
