/* schema.c — entity tables from their descriptions, and a self-check of those tables. */
#include "schema.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "engine/deadline.h"
#include "engine/workflow.h"
#include "core/banned.h"

static const char *col_type(const struct field *f, const char **fk_table)
{
    *fk_table = NULL;
    switch (f->type) {
    case FT_INT:
    case FT_BOOL:
    case FT_MONEY:
        return "%INT%";
    case FT_ORG:
        *fk_table = "orgs";
        return "%INT%";
    case FT_USER:
        *fk_table = "users";
        return "%INT%";
    case FT_REF:
        *fk_table = f->ref;
        return "%INT%";
    default:
        return "TEXT";
    }
}

static void column_ddl(const struct field *f, buf *b)
{
    const char *fk;
    const char *type = col_type(f, &fk);
    buf_printf(b, "%s %s", f->name, type);
    if (fk)
        buf_printf(b, " REFERENCES %s(id)", fk);
}

static fz_err exec_dialect(sconn *c, arena *a, const char *sql)
{
    return db_exec(c, store_dialect(db_backend(c), sql, a));
}

static fz_err sync_entity(sconn *c, arena *a, const struct entity *e)
{
    buf b;
    buf_init(&b, 0);
    fz_err err = FZ_OK;
    if (!db_table_exists(c, e->name)) {
        buf_printf(&b,
                   "CREATE TABLE %s (id %%ID%%, org_id %%INT%% NOT NULL REFERENCES orgs(id), "
                   "version %%INT%% NOT NULL DEFAULT 1",
                   e->name);
        if (e->workflow)
            buf_puts(&b, ", status TEXT NOT NULL");
        buf_puts(&b, ", created_at TEXT NOT NULL, created_by %INT%, updated_at TEXT NOT NULL, "
                     "updated_by %INT%");
        for (int i = 0; i < e->nfields; i++) {
            if (!field_is_column(&e->fields[i]))
                continue;
            buf_puts(&b, ", ");
            column_ddl(&e->fields[i], &b);
        }
        buf_puts(&b, ")");
        if (b.err || (err = exec_dialect(c, a, b.p)))
            goto done;
        log_info("created table %s", e->name);
    } else {
        const char **cols = db_table_columns(c, e->name, a);
        if (!cols) {
            err = FZ_EDB;
            goto done;
        }
        for (int i = 0; i < e->nfields; i++) {
            const struct field *f = &e->fields[i];
            if (!field_is_column(f))
                continue;
            bool have = false;
            for (const char **x = cols; *x && !have; x++)
                have = strcmp(*x, f->name) == 0;
            if (have)
                continue;
            buf_reset(&b);
            buf_printf(&b, "ALTER TABLE %s ADD COLUMN ", e->name);
            column_ddl(f, &b);
            if (b.err || (err = exec_dialect(c, a, b.p)))
                goto done;
            log_info("added column %s.%s", e->name, f->name);
        }
    }
    /* Indexes: tenant, place, parent, status, and every filter and sort column. */
    buf_reset(&b);
    buf_printf(&b, "CREATE INDEX IF NOT EXISTS %s_org ON %s(org_id)", e->name, e->name);
    if (b.err || (err = db_exec(c, b.p)))
        goto done;

    if (e->workflow) {
        /* with created_at: a tenant's (or the city's) list of one status sorted by it reads
         * the index alone; it replaces (org_id, status) of earlier versions, its prefix */
        buf_reset(&b);
        buf_printf(&b,
                   "CREATE INDEX IF NOT EXISTS %s_tenant_status ON %s(org_id, status, created_at)",
                   e->name, e->name);
        if (b.err || (err = db_exec(c, b.p)))
            goto done;
        buf_reset(&b);
        buf_printf(&b, "DROP INDEX IF EXISTS %s_status", e->name);
        if (b.err || (err = db_exec(c, b.p)))
            goto done;
    }
    for (int i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        bool placed = (e->unit_field && strcmp(f->name, e->unit_field) == 0) ||
                      (e->parent_field && strcmp(f->name, e->parent_field) == 0);
        if (!field_is_column(f) || (!placed && !(f->flags & (F_FILTER | F_SORT))))
            continue;
        buf_reset(&b);
        buf_printf(&b, "CREATE INDEX IF NOT EXISTS %s_%s ON %s(%s)", e->name, f->name, e->name,
                   f->name);
        if (b.err || (err = db_exec(c, b.p)))
            goto done;
    }
    /* The scope columns again with created_at: a list in a subdistrict's or a city's scope
     * sorted by it reads the index alone and stops early in each scope value, instead of
     * reading every record in scope from the table to sort it (bench/RESULTS.md, issue 6).
     * The single-column indexes stay: within one value they are in id order, the default
     * sort. */
    const char *scope_col = e->parent_field ? e->parent_field : e->unit_field;
    buf_reset(&b);
    buf_printf(&b, "CREATE INDEX IF NOT EXISTS %s_tenant_created ON %s(org_id, created_at)",
               e->name, e->name);
    if (b.err || (err = db_exec(c, b.p)))
        goto done;
    if (scope_col) {
        buf_reset(&b);
        buf_printf(&b, "CREATE INDEX IF NOT EXISTS %s_%s_created ON %s(%s, created_at)", e->name,
                   scope_col, e->name, scope_col);
        if (b.err || (err = db_exec(c, b.p)))
            goto done;
    }
    /* and with the status between: a list of one status (the pages' tabs) counts and sorts
     * from the index too */
    if (scope_col && e->workflow) {
        buf_reset(&b);
        buf_printf(&b, "CREATE INDEX IF NOT EXISTS %s_%s_status ON %s(%s, status, created_at)",
                   e->name, scope_col, e->name, scope_col);
        if (b.err || (err = db_exec(c, b.p)))
            goto done;
    }
    for (const char *const *ix = e->indexes; ix && *ix; ix++) {
        /* "a" or "a, b": the index is named after its columns, joined by "_" */
        buf_reset(&b);
        buf_printf(&b, "CREATE INDEX IF NOT EXISTS %s_", e->name);
        for (const char *p = *ix; *p; p++)
            if (*p != ' ')
                buf_putc(&b, *p == ',' ? '_' : *p);
        buf_printf(&b, " ON %s(%s)", e->name, *ix);
        if (b.err || (err = db_exec(c, b.p)))
            goto done;
    }
done:
    buf_release(&b);
    return err;
}

fz_err schema_sync(sconn *c, arena *a)
{
    int n;
    const struct entity *const *all = entity_all(&n);
    fz_err err = db_begin(c, true);
    if (err)
        return err;
    /* Parents first: a child's REFERENCES needs the parent table. */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < n; i++) {
            if ((all[i]->parent_field != NULL) != (pass == 1))
                continue;
            if ((err = sync_entity(c, a, all[i]))) {
                db_rollback(c);
                return err;
            }
        }
    }
    return db_commit(c);
}

/* ---- self-check -------------------------------------------------------------------------- */

static int problem(buf *msgs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int problem(buf *msgs, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    log_error("%s", line);
    if (msgs) {
        buf_puts(msgs, line);
        buf_putc(msgs, '\n');
    }
    return 1;
}

static bool ident(const char *s)
{
    if (!s || !*s || strlen(s) > 40 || !islower((unsigned char)*s))
        return false;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

static const char *const reserved[] = {
    "id",         "org_id",     "version",  "status",   "created_at", "created_by",
    "updated_at", "updated_by", "next_due", "overdue",  "deadlines",  "page",
    "per_page",   "sort",       "q",        "due_soon", NULL};

/* Tables of the core schema, and path words of the router, that an entity must not take. */
static const char *const reserved_entities[] = {
    "orgs",      "org_closure",  "users",           "user_roles", "sessions", "api_tokens",
    "audit",     "audit_heads",  "blobs",           "files",      "meta",     "schema_migrations",
    "deadlines", "record_links", "signin_failures", "session",    "calendar", "me",
    "openapi",   "signin",       "signout",         "static",     NULL};

int schema_check_tables(buf *msgs)
{
    int n, bad = 0;
    const struct entity *const *all = entity_all(&n);
    for (int i = 0; i < n; i++) {
        const struct entity *e = all[i];
        if (!ident(e->name))
            bad += problem(msgs, "entity \"%s\": name is not an identifier", e->name);
        if (!e->label || !*e->label)
            bad += problem(msgs, "entity %s: no label", e->name);
        for (const char *const *x = reserved_entities; *x; x++)
            if (strcmp(*x, e->name) == 0)
                bad += problem(msgs, "entity %s: the name is taken by the core schema or a route",
                               e->name);
        for (int k = 0; k < i; k++)
            if (strcmp(all[k]->name, e->name) == 0)
                bad += problem(msgs, "entity %s: registered twice", e->name);
        if (!!e->unit_field == !!e->parent_field)
            bad +=
                problem(msgs, "entity %s: needs exactly one of unit_field, parent_field", e->name);
        const struct field *uf = entity_field(e, e->unit_field);
        if (e->unit_field && (!uf || uf->type != FT_ORG || !(uf->flags & F_REQUIRED)))
            bad += problem(msgs, "entity %s: unit_field %s is not a required FT_ORG field", e->name,
                           e->unit_field);
        const struct field *pf = entity_field(e, e->parent_field);
        if (e->parent_field && (!pf || pf->type != FT_REF || !entity_find(pf->ref) ||
                                !(pf->flags & F_FIXED) || !(pf->flags & F_REQUIRED)))
            bad += problem(msgs,
                           "entity %s: parent_field %s is not a required, fixed FT_REF "
                           "to a registered entity",
                           e->name, e->parent_field);
        if (e->title_field && !entity_field(e, e->title_field))
            bad +=
                problem(msgs, "entity %s: title_field %s is not a field", e->name, e->title_field);
        for (int f = 0; f < e->nfields; f++) {
            const struct field *fd = &e->fields[f];
            if (!ident(fd->name) || !fd->label)
                bad += problem(msgs, "entity %s: field \"%s\" needs an identifier and label",
                               e->name, fd->name);
            for (const char *const *r = reserved; *r; r++)
                if (strcmp(*r, fd->name) == 0)
                    bad += problem(msgs, "entity %s: field name %s is reserved", e->name, fd->name);
            if (fd->type == FT_ENUM && (!fd->choices || !fd->choices[0].value))
                bad += problem(msgs, "entity %s: enum field %s has no choices", e->name, fd->name);
            if ((fd->type == FT_REF || fd->type == FT_REFS) && !entity_find(fd->ref ? fd->ref : ""))
                bad += problem(msgs, "entity %s: field %s refers to an unknown entity", e->name,
                               fd->name);
            if ((fd->flags & F_SCOPE) && fd->type != FT_ORGS)
                bad += problem(msgs, "entity %s: F_SCOPE on %s, which is not FT_ORGS", e->name,
                               fd->name);
            for (int g = 0; g < f; g++)
                if (strcmp(e->fields[g].name, fd->name) == 0)
                    bad += problem(msgs, "entity %s: field %s appears twice", e->name, fd->name);
        }
        for (int d = 0; d < e->ndeadlines; d++) {
            const struct deadline_def *dd = &e->deadlines[d];
            const struct field *df = entity_field(e, dd->date_field);
            if (dd->date_field && (!df || df->type != FT_DATE))
                bad += problem(msgs, "entity %s: deadline %s's date_field is not a date", e->name,
                               dd->name);
            if (dd->unit == DL_ON_DATE && !dd->date_field)
                bad += problem(msgs, "entity %s: deadline %s on a date needs date_field", e->name,
                               dd->name);
        }
        if (e->default_sort) {
            const char *ds = e->default_sort[0] == '-' ? e->default_sort + 1 : e->default_sort;
            const struct field *sf = entity_field(e, ds);
            bool sys = strcmp(ds, "id") == 0 || strcmp(ds, "created_at") == 0 ||
                       strcmp(ds, "updated_at") == 0 ||
                       (strcmp(ds, "status") == 0 && e->workflow) ||
                       (strcmp(ds, "next_due") == 0 && e->ndeadlines);
            if (!sys && (!sf || !(sf->flags & F_SORT) || !field_is_column(sf)))
                bad += problem(msgs, "entity %s: default_sort %s is not a sortable field", e->name,
                               e->default_sort);
        }
        if (e->create_deadline && !deadline_def(e, e->create_deadline))
            bad += problem(msgs, "entity %s: create_deadline %s is not defined", e->name,
                           e->create_deadline);
        const struct workflow *w = e->workflow;
        if (!w)
            continue;
        if (!wf_state(w, w->initial))
            bad += problem(msgs, "entity %s: initial state %s is not a state", e->name, w->initial);
        for (int t = 0; t < w->ntransitions; t++) {
            const struct wf_transition *tr = &w->transitions[t];
            if (!ident(tr->name) || !tr->label)
                bad += problem(msgs, "entity %s: transition \"%s\" needs identifier and label",
                               e->name, tr->name);
            if (tr->to && !wf_state(w, tr->to))
                bad += problem(msgs, "entity %s: transition %s goes to an unknown state", e->name,
                               tr->name);
            for (int k = 0; k < tr->nparams; k++) {
                const struct field *par = &tr->params[k];
                const struct field *ef = entity_field(e, par->name);
                if (ef &&
                    (ef->type != par->type || (ef->type == FT_ENUM && ef->choices != par->choices)))
                    bad += problem(msgs,
                                   "entity %s: transition %s's parameter %s differs from "
                                   "the field of that name",
                                   e->name, tr->name, par->name);
            }
            const char *dls[] = {tr->suspend_deadline, tr->resume_deadline, tr->extend_deadline};
            for (int k = 0; k < 3; k++) {
                for (const char *p = dls[k]; p && *p;) {
                    size_t len = strcspn(p, " ");
                    char name[64];
                    snprintf(name, sizeof name, "%.*s", (int)len, p);
                    if (!deadline_def(e, name))
                        bad += problem(msgs,
                                       "entity %s: transition %s names an unknown deadline %s",
                                       e->name, tr->name, name);
                    p += len;
                    p += strspn(p, " ");
                }
            }
            if (tr->extend_deadline) {
                bool has = false;
                for (int k = 0; k < tr->nparams; k++)
                    has |= strcmp(tr->params[k].name, "extension_days") == 0 &&
                           tr->params[k].type == FT_INT && (tr->params[k].flags & F_REQUIRED);
                if (!has)
                    bad += problem(msgs,
                                   "entity %s: transition %s extends a deadline without a "
                                   "required integer extension_days",
                                   e->name, tr->name);
            }
            for (int k = 0; k < WF_MAX_SETS && tr->sets[k].field; k++) {
                const struct field *sf2 = entity_field(e, tr->sets[k].field);
                if (!sf2 || !field_is_column(sf2) || !tr->sets[k].value ||
                    (strcmp(tr->sets[k].value, "@actor") == 0 && sf2->type != FT_USER) ||
                    (strcmp(tr->sets[k].value, "@today") == 0 && sf2->type != FT_DATE))
                    bad += problem(msgs, "entity %s: transition %s sets %s wrongly", e->name,
                                   tr->name, tr->sets[k].field ? tr->sets[k].field : "?");
            }
            const struct field *nf = entity_field(e, tr->number_field);
            if (tr->number_field &&
                (!nf || nf->type != FT_TEXT || !(nf->flags & F_SYSTEM) || !tr->number_format))
                bad += problem(msgs,
                               "entity %s: transition %s numbers a field that is not a "
                               "system text field (or has no format)",
                               e->name, tr->name);
            if (!tr->roles != tr->system_only)
                bad += problem(msgs, "entity %s: transition %s %s", e->name, tr->name,
                               tr->system_only ? "is the system's alone but has roles"
                                               : "has no roles");
            /* every from-state is a state */
            bool from_any = false;
            for (int s = 0; s < w->nstates; s++)
                from_any |= wf_from_ok(tr, w->states[s].name);
            if (!from_any)
                bad += problem(msgs, "entity %s: transition %s starts from no known state", e->name,
                               tr->name);
            if (tr->start_deadline && !deadline_def(e, tr->start_deadline))
                bad += problem(msgs, "entity %s: transition %s starts an unknown deadline", e->name,
                               tr->name);
            const char *const ends[] = {tr->stop_deadline, tr->void_deadline};
            for (int k = 0; k < 2; k++)
                for (const char *sd = ends[k]; sd && *sd;) {
                    size_t len = strcspn(sd, " ");
                    char name[64];
                    snprintf(name, sizeof name, "%.*s", (int)len, sd);
                    if (!deadline_def(e, name))
                        bad += problem(msgs,
                                       "entity %s: transition %s ends an unknown deadline %s",
                                       e->name, tr->name, name);
                    sd += len;
                    sd += strspn(sd, " ");
                }
            const struct field *sf = entity_field(e, tr->set_date_field);
            if (tr->set_date_field && (!sf || sf->type != FT_DATE || !(sf->flags & F_SYSTEM)))
                bad += problem(msgs, "entity %s: transition %s sets a non-system date field",
                               e->name, tr->name);
        }
        /* every state reachable from the initial one */
        bool reach[64] = {false};
        if (w->nstates > 64)
            bad += problem(msgs, "entity %s: too many states", e->name);
        for (int s = 0; s < w->nstates && s < 64; s++)
            reach[s] = strcmp(w->states[s].name, w->initial) == 0 ||
                       wf_state_in(w->other_initials, w->states[s].name);
        for (bool grew = true; grew;) {
            grew = false;
            for (int t = 0; t < w->ntransitions; t++)
                for (int s = 0; s < w->nstates && s < 64; s++)
                    if (reach[s] && wf_from_ok(&w->transitions[t], w->states[s].name))
                        for (int d = 0; d < w->nstates && d < 64; d++)
                            if (!reach[d] && w->transitions[t].to &&
                                strcmp(w->states[d].name, w->transitions[t].to) == 0)
                                reach[d] = grew = true;
        }
        for (int s = 0; s < w->nstates && s < 64; s++)
            if (!reach[s])
                bad +=
                    problem(msgs, "entity %s: state %s is unreachable", e->name, w->states[s].name);
    }
    return bad;
}
