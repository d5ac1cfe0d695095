/* query.c — the shared SELECT of entity records, the scope predicate, and lists. */
#include "query.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/utf8.h"
#include "engine/deadline.h"
#include "engine/people.h"
#include "engine/workflow.h"
#include "core/banned.h"

#define Q_MAX_CHARS 100

enum {
    COL_ID,
    COL_ORG,
    COL_VERSION,
    COL_STATUS,
    COL_CAT,
    COL_CBY,
    COL_UAT,
    COL_UBY,
    COL_CNAME,
    COL_UNAME,
    COL_PLACE,
    COL_NEXT_DUE,
    COL__FIELDS
};

/* The organisation a record of e (alias) sits at, as an SQL expression. */
/* Appends the SQL naming a row of re under alias: its ref_label with "@" replaced, its
 * title field, or NULL. */
static void put_ref_label(buf *sql, const struct entity *re, const char *alias)
{
    if (!re || (!re->ref_label && !re->title_field)) {
        buf_puts(sql, "NULL");
        return;
    }
    if (!re->ref_label) {
        buf_printf(sql, "%s.%s", alias, re->title_field);
        return;
    }
    for (const char *p = re->ref_label; *p; p++) {
        if (*p == '@')
            buf_puts(sql, alias);
        else
            buf_putc(sql, *p);
    }
}

static void place_expr(const struct entity *e, const char *alias, int depth, buf *sql)
{
    if (!e->parent_field) {
        buf_printf(sql, "%s.%s", alias, e->unit_field);
        return;
    }
    const struct field *pf = entity_field(e, e->parent_field);
    const struct entity *pe = entity_find(pf->ref);
    char inner[16];
    snprintf(inner, sizeof inner, "p%d", depth);
    buf_puts(sql, "(SELECT ");
    place_expr(pe, inner, depth + 1, sql);
    buf_printf(sql, " FROM %s %s WHERE %s.id = %s.%s)", pe->name, inner, inner, alias, pf->name);
}

/* query_select's text depends only on the entity (a static table), so each entity's is
 * built once and kept for the life of the process: every record read (a detail, each item
 * of the home page) used to build it again, some 30 k instructions of printf. */
#define SELECT_CACHE 64
static struct {
    const struct entity *e;
    char *sql;
    size_t len;
} select_cache[SELECT_CACHE];
static int nselect_cache;
static pthread_mutex_t select_mu = PTHREAD_MUTEX_INITIALIZER;

static void build_select(const struct entity *e, buf *sql);

void query_select(const struct entity *e, buf *sql)
{
    pthread_mutex_lock(&select_mu);
    for (int i = 0; i < nselect_cache; i++) {
        if (select_cache[i].e == e) {
            buf_put(sql, select_cache[i].sql, select_cache[i].len);
            pthread_mutex_unlock(&select_mu);
            return;
        }
    }
    buf own;
    buf_init(&own, 0);
    build_select(e, &own);
    if (!own.err && nselect_cache < SELECT_CACHE) {
        size_t len;
        char *text = buf_detach(&own, &len);
        select_cache[nselect_cache].e = e;
        select_cache[nselect_cache].sql = text;
        select_cache[nselect_cache].len = len;
        nselect_cache++;
        buf_put(sql, text, len);
    } else {
        build_select(e, sql); /* not kept: the text of a failed build, or a full cache */
    }
    buf_release(&own);
    pthread_mutex_unlock(&select_mu);
}

static void build_select(const struct entity *e, buf *sql)
{
    buf_printf(sql,
               "SELECT t.id, t.org_id, t.version, %s, t.created_at, t.created_by, "
               "t.updated_at, t.updated_by, cu.name, uu.name, ",
               e->workflow ? "t.status" : "NULL");
    place_expr(e, "t", 0, sql);
    if (e->ndeadlines)
        buf_printf(sql,
                   ", (SELECT MIN(d.due_date) FROM deadlines d WHERE d.entity = '%s' "
                   "AND d.record_id = t.id AND d.status = 'running')",
                   e->name);
    else
        buf_puts(sql, ", NULL");
    for (int i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (!field_is_column(f))
            continue;
        buf_printf(sql, ", t.%s", f->name);
        if (f->type == FT_ORG)
            buf_printf(sql, ", o%d.code, o%d.name", i, i);
        if (f->type == FT_USER)
            buf_printf(sql, ", u%d.username, u%d.name", i, i);
        if (f->type == FT_REF) {
            char alias[16];
            snprintf(alias, sizeof alias, "r%d", i);
            buf_puts(sql, ", ");
            put_ref_label(sql, entity_find(f->ref), alias);
        }
    }
    buf_printf(sql,
               " FROM %s t LEFT JOIN users cu ON cu.id = t.created_by "
               "LEFT JOIN users uu ON uu.id = t.updated_by",
               e->name);
    for (int i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (f->type == FT_ORG)
            buf_printf(sql, " LEFT JOIN orgs o%d ON o%d.id = t.%s", i, i, f->name);
        if (f->type == FT_REF && entity_find(f->ref))
            buf_printf(sql, " LEFT JOIN %s r%d ON r%d.id = t.%s", f->ref, i, i, f->name);
        if (f->type == FT_USER)
            buf_printf(sql, " LEFT JOIN users u%d ON u%d.id = t.%s", i, i, f->name);
    }
}

static const char *dup_col(struct ctx *c, stmt *st, int col)
{
    const char *s = db_col_text(st, col);
    return s ? arena_strdup(c->a, s) : NULL;
}

/* "#id" into out (24 bytes), without snprintf (a list writes one a row). */
static void id_text(int64_t id, char out[24])
{
    char d[24];
    size_t i = sizeof d;
    unsigned long long u = id < 0 ? 0ULL - (unsigned long long)id : (unsigned long long)id;
    do {
        d[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (id < 0)
        d[--i] = '-';
    out[0] = '#';
    memcpy(out + 1, d + i, sizeof d - i);
    out[1 + sizeof d - i] = '\0';
}

struct record *record_from_row(struct ctx *c, const struct entity *e, stmt *st)
{
    struct record *r = arena_alloc(c->a, sizeof *r);
    r->e = e;
    r->id = db_col_int(st, COL_ID);
    id_text(r->id, r->id_text);
    r->org_id = db_col_int(st, COL_ORG);
    r->version = db_col_int(st, COL_VERSION);
    r->status = dup_col(c, st, COL_STATUS);
    r->created_at = dup_col(c, st, COL_CAT);
    r->created_by = db_col_int(st, COL_CBY);
    r->updated_at = dup_col(c, st, COL_UAT);
    r->updated_by = db_col_int(st, COL_UBY);
    r->created_by_name = dup_col(c, st, COL_CNAME);
    r->updated_by_name = dup_col(c, st, COL_UNAME);
    r->place_org_id = db_col_int(st, COL_PLACE);
    r->next_due = dup_col(c, st, COL_NEXT_DUE);
    r->v = arena_calloc(c->a, (size_t)e->nfields + 1, sizeof *r->v);
    int col = COL__FIELDS;
    for (int i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        struct value *v = &r->v[i];
        if (!field_is_column(f))
            continue;
        /* A text column is null exactly when its text is (both backends): those skip the
         * separate null test, one call fewer per column of every row of a list. */
        switch (f->type) {
        case FT_INT:
        case FT_BOOL:
            v->null = db_col_null(st, col);
            v->i = db_col_int(st, col++);
            break;
        case FT_ORG:
            v->null = db_col_null(st, col);
            v->i = db_col_int(st, col++);
            v->s = dup_col(c, st, col++);
            v->label = dup_col(c, st, col++);
            break;
        case FT_REF:
            v->null = db_col_null(st, col);
            v->i = db_col_int(st, col++);
            v->label = dup_col(c, st, col++);
            if (!v->label && !v->null)
                v->label = arena_printf(c->a, "#%lld", (long long)v->i);
            break;
        case FT_DATE:
            v->s = dup_col(c, st, col++);
            v->null = !v->s;
            if (v->s) {
                int d;
                if (date_parse(v->s, &d) == 0)
                    v->i = d;
            }
            break;
        case FT_ENUM:
            v->s = dup_col(c, st, col++);
            v->null = !v->s;
            v->label = enum_label(f, v->s);
            break;
        case FT_MONEY: {
            v->null = db_col_null(st, col);
            v->i = db_col_int(st, col++);
            if (!v->null) {
                char m[32];
                money_format(v->i, m);
                v->s = arena_strdup(c->a, m);
            }
            break;
        }
        case FT_USER:
            v->null = db_col_null(st, col);
            v->i = db_col_int(st, col++);
            v->s = dup_col(c, st, col++);
            v->label = dup_col(c, st, col++);
            break;
        case FT_DATETIME:
            v->s = dup_col(c, st, col++);
            v->null = !v->s;
            if (v->s)
                time_parse_iso(v->s, &v->i);
            break;
        default:
            v->s = dup_col(c, st, col++);
            v->null = !v->s;
        }
    }
    return r;
}

/* The most records whose links one query reads: the IN list is padded to a power of two up
 * to this, so a list page prepares a handful of statement shapes, not one per page size. */
#define LINKS_BATCH 64

/* "SELECT l.record_id, id, code, label FROM record_links l JOIN … WHERE l.record_id IN
 * (?, …)" for field f, with nids placeholders; parameters: entity, field, the ids. */
static const char *links_sql(struct ctx *c, const struct field *f, size_t nids)
{
    buf q;
    buf_init(&q, 0);
    if (f->type == FT_ORGS) {
        buf_puts(&q, "SELECT l.record_id, o.id, o.code, o.name FROM record_links l JOIN orgs o "
                     "ON o.id = l.target_id");
    } else if (f->type == FT_FILES) {
        buf_puts(&q, "SELECT l.record_id, x.id, x.sha256, x.name FROM record_links l JOIN files "
                     "x ON x.id = l.target_id");
    } else {
        /* FT_REFS: the referenced records' titles (identifiers from the tables) */
        const struct entity *re = entity_find(f->ref);
        if (!re) {
            buf_release(&q);
            return NULL;
        }
        buf_puts(&q, "SELECT l.record_id, x.id, NULL, ");
        put_ref_label(&q, re, "x");
        buf_printf(&q, " FROM record_links l JOIN %s x ON x.id = l.target_id", re->name);
    }
    buf_puts(&q, " WHERE l.entity = ? AND l.field = ? AND l.record_id IN (?");
    for (size_t i = 1; i < nids; i++)
        buf_puts(&q, ", ?");
    buf_puts(&q, ") ORDER BY l.record_id, l.pos");
    const char *sql = q.err ? NULL : arena_strndup(c->a, q.p, q.len);
    buf_release(&q);
    return sql;
}

static void link_push(struct ctx *c, struct value *v, size_t *cap, int64_t id, const char *code,
                      const char *label)
{
    if (v->n == *cap) {
        size_t n2 = *cap * 2;
        int64_t *ids = arena_calloc(c->a, n2, sizeof *ids);
        const char **codes = arena_calloc(c->a, n2, sizeof *codes);
        const char **labels = arena_calloc(c->a, n2, sizeof *labels);
        memcpy(ids, v->ids, *cap * sizeof *ids);
        memcpy(codes, v->codes, *cap * sizeof *codes);
        memcpy(labels, v->labels, *cap * sizeof *labels);
        v->ids = ids, v->codes = codes, v->labels = labels;
        *cap = n2;
    }
    v->ids[v->n] = id;
    v->codes[v->n] = code;
    v->labels[v->n] = label ? label : arena_printf(c->a, "#%lld", (long long)id);
    v->n++;
}

/* Field i's links of up to LINKS_BATCH records of one entity, in one query. */
static fz_err load_links_batch(struct ctx *c, struct record **rows, size_t n, int i)
{
    const struct entity *e = rows[0]->e;
    const struct field *f = &e->fields[i];
    size_t slots = 1;
    while (slots < n)
        slots *= 2;
    const char *sql = links_sql(c, f, slots);
    stmt *st = sql ? db_prepare(c->db, sql) : NULL;
    if (!st)
        return sql ? FZ_EDB : FZ_EINTERNAL;
    db_bind_text(st, 1, e->name);
    db_bind_text(st, 2, f->name);
    /* the padding repeats the last id: IN ignores duplicates */
    for (size_t k = 0; k < slots; k++)
        db_bind_int(st, 3 + (int)k, rows[k < n ? k : n - 1]->id);
    size_t *caps = arena_calloc(c->a, n, sizeof *caps);
    for (size_t k = 0; k < n; k++) {
        struct value *v = &rows[k]->v[i];
        caps[k] = 4;
        v->ids = arena_calloc(c->a, caps[k], sizeof *v->ids);
        v->codes = arena_calloc(c->a, caps[k], sizeof *v->codes);
        v->labels = arena_calloc(c->a, caps[k], sizeof *v->labels);
        v->n = 0;
    }
    enum db_step s;
    size_t at = 0; /* the record of the last row: rows come grouped by record */
    while ((s = db_step(st)) == DB_ROW) {
        int64_t rid = db_col_int(st, 0);
        if (rows[at]->id != rid) {
            for (at = 0; at < n && rows[at]->id != rid; at++)
                ;
            if (at == n) { /* cannot happen: only the ids bound are read */
                at = 0;
                continue;
            }
        }
        link_push(c, &rows[at]->v[i], &caps[at], db_col_int(st, 1), dup_col(c, st, 2),
                  dup_col(c, st, 3));
    }
    db_done(st);
    if (s == DB_ERROR)
        return FZ_EDB;
    for (size_t k = 0; k < n; k++)
        rows[k]->v[i].null = rows[k]->v[i].n == 0;
    return FZ_OK;
}

fz_err records_load_links(struct ctx *c, struct record **rows, size_t n)
{
    if (!n)
        return FZ_OK;
    const struct entity *e = rows[0]->e;
    for (int i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (field_is_column(f) || (f->flags & F_DERIVED))
            continue;
        for (size_t k = 0; k < n; k += LINKS_BATCH) {
            fz_err err =
                load_links_batch(c, rows + k, n - k < LINKS_BATCH ? n - k : LINKS_BATCH, i);
            if (err)
                return err;
        }
    }
    return FZ_OK;
}

fz_err record_load_links(struct ctx *c, struct record *r)
{
    return records_load_links(c, &r, 1);
}

/* ---- scope ------------------------------------------------------------------------------- */

static bool is_tenant_kind(enum org_kind k)
{
    return k == ORG_CITY || k == ORG_DISTRICT || k == ORG_SUBDISTRICT;
}

/* Whether b's term is implied by another role's: a role a bound at a tenant (a city, a
 * district or a subdistrict) reads every record whose tenant lies under a, which takes in
 * every record b reads when b's organisation belongs to a's own tenant (b.tenant_id is a) —
 * a record's tenant is its unit's tenant (entity.c placement), and a's term is written on
 * the tenant. Not for an entity scoped through linked organisations too (a task's
 * partners): a partner may sit in another tenant than the record. A supervisor bound at
 * the district and at a district department gives one term, not an OR the planner answers
 * with two index scans merged (bench/RESULTS.md, issue 6). */
static bool subsumed(const struct entity *e, const struct actor *a, unsigned roles,
                     const struct role_binding *b)
{
    for (int k = 0; k < e->nfields; k++)
        if (e->fields[k].type == FT_ORGS && (e->fields[k].flags & F_SCOPE))
            return false;
    for (int j = 0; j < a->nroles; j++) {
        const struct role_binding *t = &a->roles[j];
        if ((roles & R(t->role)) && is_tenant_kind(t->kind) && t->org_id != b->org_id &&
            b->tenant_id == t->org_id)
            return true;
    }
    return false;
}

/* Whether one of the actor's roles in roles is bound at the top of the only organisation
 * tree (a city's or district's supervisor): every record's tenant lies under it, so its
 * scope is everything (org_closure holds each organisation under itself). The scope is
 * still written out — the indexes on (org_id, …) serve its sorts — but an unfiltered
 * list counts the table without reading each record's place. */
static bool reads_everything(const struct actor *a, unsigned roles)
{
    if (a->system)
        return true;
    for (int i = 0; i < a->nroles; i++)
        if ((roles & R(a->roles[i].role)) && a->roles[i].everything &&
            is_tenant_kind(a->roles[i].kind))
            return true;
    return false;
}

static void scope_rec(struct ctx *c, const struct entity *e, const char *alias, unsigned roles,
                      int depth, buf *sql, struct sql_params *p)
{
    const struct actor *a = c->actor;
    if (a->system) {
        buf_puts(sql, "(1 = 1)");
        return;
    }
    if (e->parent_field) {
        const struct field *pf = entity_field(e, e->parent_field);
        const struct entity *pe = entity_find(pf->ref);
        char inner[16];
        snprintf(inner, sizeof inner, "s%d", depth);
        buf_printf(sql, "(%s.%s IN (SELECT %s.id FROM %s %s WHERE ", alias, pf->name, inner,
                   pe->name, inner);
        scope_rec(c, pe, inner, roles, depth + 1, sql, p);
        buf_puts(sql, "))");
        return;
    }
    buf_putc(sql, '(');
    int terms = 0;
    for (int i = 0; i < a->nroles; i++) {
        const struct role_binding *b = &a->roles[i];
        if (!(roles & R(b->role)))
            continue;
        /* two roles at one place (a head who is leader and staff) give one term: an OR of
         * the same subquery twice makes the planner merge two index scans */
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = (roles & R(a->roles[j].role)) && a->roles[j].org_id == b->org_id;
        if (seen || subsumed(e, a, roles, b))
            continue;
        if (terms++)
            buf_puts(sql, " OR ");
        if (is_tenant_kind(b->kind)) {
            /* Bound at a tenant or above: every tenant below, by the indexed org_id. */
            buf_printf(sql,
                       "%s.org_id IN (SELECT descendant_id FROM org_closure "
                       "WHERE ancestor_id = ?)",
                       alias);
            sqlp_int(p, b->org_id);
            continue;
        }
        if (e->tenant_read) {
            buf_printf(sql, "%s.org_id = ?", alias);
            sqlp_int(p, b->tenant_id);
            continue;
        }
        buf_printf(sql, "%s.%s IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ?)",
                   alias, e->unit_field);
        sqlp_int(p, b->org_id);
        for (int k = 0; k < e->nfields; k++) {
            const struct field *f = &e->fields[k];
            if (f->type != FT_ORGS || !(f->flags & F_SCOPE))
                continue;
            buf_printf(sql,
                       " OR EXISTS (SELECT 1 FROM record_links l JOIN org_closure oc ON "
                       "oc.descendant_id = l.target_id WHERE l.entity = '%s' AND "
                       "l.field = '%s' AND l.record_id = %s.id AND oc.ancestor_id = ?)",
                       e->name, f->name, alias);
            sqlp_int(p, b->org_id);
        }
    }
    if (!terms)
        buf_puts(sql, "1 = 0");
    buf_putc(sql, ')');
}

void query_scope(struct ctx *c, const struct entity *e, const char *alias, unsigned roles, buf *sql,
                 struct sql_params *p)
{
    scope_rec(c, e, alias, roles, 0, sql, p);
}

const char *ref_label(struct ctx *c, const struct entity *re, int64_t id)
{
    buf sql;
    buf_init(&sql, 0);
    buf_puts(&sql, "SELECT ");
    put_ref_label(&sql, re, "x");
    buf_printf(&sql, " FROM %s x WHERE x.id = ?", re->name);
    stmt *st = sql.err ? NULL : db_prepare(c->db, sql.p);
    buf_release(&sql);
    const char *out = NULL;
    if (st) {
        db_bind_int(st, 1, id);
        if (db_step(st) == DB_ROW && db_col_text(st, 0))
            out = arena_strdup(c->a, db_col_text(st, 0));
        db_done(st);
    }
    return out ? out : arena_printf(c->a, "#%lld", (long long)id);
}

bool entity_visible(struct ctx *c, const struct entity *e, int64_t id)
{
    buf sql;
    buf_init(&sql, 0);
    struct sql_params p = {0};
    buf_printf(&sql, "SELECT 1 FROM %s t WHERE t.id = ? AND ", e->name);
    sqlp_int(&p, id);
    query_scope(c, e, "t", e->read_roles, &sql, &p);
    stmt *st = sqlp_prepare(c->db, &sql, &p);
    buf_release(&sql);
    if (!st)
        return false;
    bool yes = db_step(st) == DB_ROW;
    db_done(st);
    return yes;
}

/* ---- lists ------------------------------------------------------------------------------- */

static fz_err bad_arg(struct ctx *c, const char *key, const char *why)
{
    return ctx_fail(c, FZ_EINVAL, key, "查询参数“%.*s”%s", (int)utf8_prefix(key, 40), key, why);
}

static bool parse_int(const char *s, int64_t *out)
{
    if (!s || !*s || strlen(s) > 18)
        return false;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end)
        return false;
    *out = v;
    return true;
}

/* Escapes LIKE wildcards so ?q= matches literally. */
static const char *like_pattern(arena *a, const char *q)
{
    buf b;
    buf_init(&b, 0);
    buf_putc(&b, '%');
    for (; *q; q++) {
        if (*q == '%' || *q == '_' || *q == '\\')
            buf_putc(&b, '\\');
        buf_putc(&b, *q);
    }
    buf_putc(&b, '%');
    const char *s = arena_strndup(a, b.p, b.len);
    buf_release(&b);
    return s;
}

static fz_err filter_field(struct ctx *c, const struct entity *e, const struct field *f,
                           const char *suffix, const char *val, buf *w, struct sql_params *p)
{
    int64_t n;
    int day;
    if (suffix) {
        const char *op = strcmp(suffix, "from") == 0 ? ">=" : "<=";
        int64_t fen, ms;
        if (f->type == FT_DATE) {
            if (date_parse(val, &day))
                return bad_arg(c, f->name, "应为日期 YYYY-MM-DD");
            buf_printf(w, " AND t.%s %s ?", f->name, op);
            sqlp_text(p, val);
        } else if (f->type == FT_MONEY) {
            if (money_parse(val, &fen))
                return bad_arg(c, f->name, "应为金额，如 2000.00");
            buf_printf(w, " AND t.%s %s ?", f->name, op);
            sqlp_int(p, fen);
        } else if (f->type == FT_DATETIME) {
            /* a whole day in Asia/Shanghai, or an instant */
            if (date_parse(val, &day) == 0) {
                char iso[25];
                time_format_iso((int64_t)(day + (op[0] == '<')) * 86400000 - 8LL * 3600000 -
                                    (op[0] == '<'),
                                iso);
                buf_printf(w, " AND t.%s %s ?", f->name, op);
                sqlp_text(p, arena_strdup(c->a, iso));
            } else if (time_parse_iso(val, &ms) == 0) {
                buf_printf(w, " AND t.%s %s ?", f->name, op);
                sqlp_text(p, val);
            } else {
                return bad_arg(c, f->name, "应为日期 YYYY-MM-DD 或时间");
            }
        } else {
            return bad_arg(c, f->name, "不能按范围筛选");
        }
        return FZ_OK;
    }
    switch (f->type) {
    case FT_ORG:
    case FT_ORGS: {
        struct org o;
        if (org_by_code(c, val, &o))
            return bad_arg(c, f->name, "中的机构不存在");
        if (f->type == FT_ORG)
            buf_printf(w,
                       " AND t.%s IN (SELECT descendant_id FROM org_closure WHERE "
                       "ancestor_id = ?)",
                       f->name);
        else
            buf_printf(w,
                       " AND EXISTS (SELECT 1 FROM record_links l JOIN org_closure oc ON "
                       "oc.descendant_id = l.target_id WHERE l.entity = '%s' AND l.field = "
                       "'%s' AND l.record_id = t.id AND oc.ancestor_id = ?)",
                       e->name, f->name);
        sqlp_int(p, o.id);
        return FZ_OK;
    }
    case FT_ENUM:
        for (const struct choice *ch = f->choices; ch && ch->value; ch++) {
            if (strcmp(ch->value, val) == 0) {
                buf_printf(w, " AND t.%s = ?", f->name);
                sqlp_text(p, ch->value);
                return FZ_OK;
            }
        }
        return bad_arg(c, f->name, "的取值不在可选范围内");
    case FT_INT:
    case FT_REF:
        if (!parse_int(val, &n))
            return bad_arg(c, f->name, "应为整数");
        buf_printf(w, " AND t.%s = ?", f->name);
        sqlp_int(p, n);
        return FZ_OK;
    case FT_REFS:
        if (!parse_int(val, &n))
            return bad_arg(c, f->name, "应为记录编号");
        buf_printf(w,
                   " AND EXISTS (SELECT 1 FROM record_links l WHERE l.entity = '%s' AND "
                   "l.field = '%s' AND l.record_id = t.id AND l.target_id = ?)",
                   e->name, f->name);
        sqlp_int(p, n);
        return FZ_OK;
    case FT_MONEY:
        if (money_parse(val, &n))
            return bad_arg(c, f->name, "应为金额，如 2000.00");
        buf_printf(w, " AND t.%s = ?", f->name);
        sqlp_int(p, n);
        return FZ_OK;
    case FT_USER:
        buf_printf(w, " AND t.%s = (SELECT id FROM users WHERE username = ?)", f->name);
        sqlp_text(p, val);
        return FZ_OK;
    case FT_FILES:
        return bad_arg(c, f->name, "不能用作筛选条件");
    case FT_BOOL:
        if (strcmp(val, "1") != 0 && strcmp(val, "0") != 0 && strcmp(val, "true") != 0 &&
            strcmp(val, "false") != 0)
            return bad_arg(c, f->name, "应为 true 或 false");
        buf_printf(w, " AND t.%s = ?", f->name);
        sqlp_int(p, val[0] == '1' || val[0] == 't');
        return FZ_OK;
    case FT_DATE:
        if (date_parse(val, &day))
            return bad_arg(c, f->name, "应为日期 YYYY-MM-DD");
        /* fall through */
    default:
        buf_printf(w, " AND t.%s = ?", f->name);
        sqlp_text(p, val);
        return FZ_OK;
    }
}

static fz_err parse_sort(struct ctx *c, const struct entity *e, const char *s, buf *order,
                         const char **applied)
{
    bool desc = *s == '-';
    const char *name = desc ? s + 1 : s;
    const char *col = NULL;
    static const char *const sys[] = {"id", "created_at", "updated_at", NULL};
    for (const char *const *x = sys; *x; x++)
        if (strcmp(*x, name) == 0)
            col = *x;
    if (!col && strcmp(name, "status") == 0 && e->workflow)
        col = "status";
    if (!col && strcmp(name, "next_due") == 0 && e->ndeadlines)
        col = "next_due";
    const struct field *f = entity_field(e, name);
    if (!col && f && (f->flags & F_SORT) && field_is_column(f))
        col = f->name;
    if (!col)
        return bad_arg(c, "sort", "不是可排序的字段");
    if (strcmp(col, "next_due") == 0) {
        buf_printf(order, " ORDER BY (next_due IS NULL), next_due %s, t.id DESC",
                   desc ? "DESC" : "ASC");
    } else if (col == sys[0]) {
        buf_printf(order, " ORDER BY t.id %s", desc ? "DESC" : "ASC");
    } else if (col == sys[1] || col == sys[2]) {
        /* never NULL: no "IS NULL" term to sort on first; the id breaks ties (records
         * created in one transaction share the instant), so pages neither repeat nor skip
         * a record — and an index on (scope, created_at) still gives the order */
        buf_printf(order, " ORDER BY t.%s %s, t.id %s", col, desc ? "DESC" : "ASC",
                   desc ? "DESC" : "ASC");
    } else {
        buf_printf(order, " ORDER BY (t.%s IS NULL), t.%s %s", col, col, desc ? "DESC" : "ASC");
        if (strcmp(col, "id") != 0)
            buf_printf(order, ", t.id %s", desc ? "DESC" : "ASC");
    }
    *applied = s;
    return FZ_OK;
}

static fz_err list(struct ctx *c, const struct entity *e, const struct kv *args, size_t nargs,
                   int max_per_page, bool lenient, struct list_result *out);

fz_err entity_list(struct ctx *c, const struct entity *e, const struct kv *args, size_t nargs,
                   int max_per_page, struct list_result *out)
{
    return list(c, e, args, nargs, max_per_page, false, out);
}

fz_err entity_list_lenient(struct ctx *c, const struct entity *e, const struct kv *args,
                           size_t nargs, int max_per_page, struct list_result *out)
{
    return list(c, e, args, nargs, max_per_page, true, out);
}

static fz_err list(struct ctx *c, const struct entity *e, const struct kv *args, size_t nargs,
                   int max_per_page, bool lenient, struct list_result *out)
{
    memset(out, 0, sizeof *out);
    out->page = 1;
    out->per_page = LIST_DEFAULT_PER_PAGE;
    buf w, order;
    buf_init(&w, 0);
    buf_init(&order, 0);
    struct sql_params p = {0};
    fz_err err = FZ_OK;
    const char *sort = e->default_sort ? e->default_sort : "-id";

    buf_puts(&w, " WHERE ");
    query_scope(c, e, "t", e->read_roles, &w, &p);
    size_t scope_end = w.len; /* filters follow */
    for (size_t i = 0; i < nargs && !err; i++) {
        const char *k = args[i].key, *val = args[i].value;
        int64_t n;
        if (!val || !*val)
            continue; /* an empty form field is no filter */
        if (strcmp(k, "page") == 0) {
            if (!parse_int(val, &n) || n < 1 || n > 1000000)
                err = bad_arg(c, k, "应为正整数");
            else
                out->page = (int)n;
        } else if (strcmp(k, "per_page") == 0) {
            if (!parse_int(val, &n) || n < 1 || n > max_per_page)
                err =
                    ctx_fail(c, FZ_EINVAL, k, "查询参数“per_page”应在 1 到 %d 之间", max_per_page);
            else
                out->per_page = (int)n;
        } else if (strcmp(k, "sort") == 0) {
            sort = val;
        } else if (strcmp(k, "q") == 0) {
            if (!utf8_valid(val, strlen(val)) || utf8_chars(val) > Q_MAX_CHARS) {
                err = bad_arg(c, k, "过长或含有无效字符");
                continue;
            }
            const char *pat = like_pattern(c->a, val);
            int nsearch = 0;
            for (int f = 0; f < e->nfields; f++) {
                if (!(e->fields[f].flags & F_SEARCH))
                    continue;
                buf_puts(&w, nsearch++ ? " OR " : " AND (");
                buf_printf(&w, "t.%s LIKE ? ESCAPE '\\'", e->fields[f].name);
                sqlp_text(&p, pat);
            }
            if (nsearch)
                buf_putc(&w, ')');
        } else if (strcmp(k, "status") == 0 && e->workflow) {
            if (!wf_state(e->workflow, val))
                err = bad_arg(c, k, "不是有效的状态");
            buf_puts(&w, " AND t.status = ?");
            sqlp_text(&p, val);
        } else if ((strcmp(k, "overdue") == 0 || strcmp(k, "due_soon") == 0) && e->ndeadlines) {
            if (strcmp(val, "1") != 0 && strcmp(val, "true") != 0) {
                if (strcmp(val, "0") != 0 && strcmp(val, "false") != 0)
                    err = bad_arg(c, k, "应为 1 或 0");
                continue;
            }
            char today[11], soon[11];
            date_format(c->today, today);
            buf_printf(&w,
                       " AND EXISTS (SELECT 1 FROM deadlines d WHERE d.entity = '%s' AND "
                       "d.record_id = t.id AND d.status = 'running' AND ",
                       e->name);
            if (k[0] == 'o') {
                buf_puts(&w, "d.due_date < ?)");
                sqlp_text(&p, arena_strdup(c->a, today));
            } else {
                date_format(calendar_add_working_days(c->cal, c->today, DEADLINE_SOON_WORKING_DAYS,
                                                      NULL, NULL),
                            soon);
                buf_puts(&w, "d.due_date >= ? AND d.due_date <= ?)");
                sqlp_text(&p, arena_strdup(c->a, today));
                sqlp_text(&p, arena_strdup(c->a, soon));
            }
        } else {
            const char *us = strrchr(k, '_');
            const struct field *f = entity_field(e, k);
            const char *suffix = NULL;
            if (!f && us && (strcmp(us, "_from") == 0 || strcmp(us, "_to") == 0)) {
                char *base = arena_strndup(c->a, k, (size_t)(us - k));
                f = entity_field(e, base);
                suffix = us + 1;
            }
            bool is_parent = f && e->parent_field && strcmp(f->name, e->parent_field) == 0;
            if ((!f || (!(f->flags & F_FILTER) && !is_parent)) && lenient)
                continue;
            if (!f || (!(f->flags & F_FILTER) && !is_parent))
                err = bad_arg(c, k, "不是可用的筛选条件");
            else
                err = filter_field(c, e, f, suffix, val, &w, &p);
        }
    }
    if (!err)
        err = parse_sort(c, e, sort, &order, &out->sort);
    if (!err && p.n > (int)(sizeof p.v / sizeof p.v[0]) - 4) /* LIMIT/OFFSET still to come */
        err = ctx_fail(c, FZ_EINVAL, NULL, "筛选条件过多，请减少后重试");
    if (!err && p.overflow)
        err = ctx_fail(c, FZ_EINVAL, NULL, "筛选条件过多，请减少后重试");
    if (err) {
        buf_release(&w);
        buf_release(&order);
        return err;
    }

    buf sql;
    buf_init(&sql, 0);
    /* everything, unfiltered: a COUNT without WHERE, which SQLite answers from the b-tree's
     * pages instead of reading each row's place (bound parameters: none) */
    bool all = w.len == scope_end && reads_everything(c->actor, e->read_roles);
    struct sql_params none = {0};
    buf_printf(&sql, "SELECT COUNT(*) FROM %s t%s", e->name, all ? "" : w.p);
    stmt *st = sqlp_prepare(c->db, &sql, all ? &none : &p);
    if (!st) {
        err = FZ_EDB;
        goto done;
    }
    if (db_step(st) != DB_ROW) {
        db_done(st);
        err = FZ_EDB;
        goto done;
    }
    out->total = db_col_int(st, 0);
    db_done(st);

    buf_reset(&sql);
    query_select(e, &sql);
    if (strstr(order.p, "next_due")) {
        /* ORDER BY the deadline subquery by repeating it (portable; no column aliases). */
        char *o = arena_strdup(c->a, order.p);
        buf_reset(&order);
        char sub[200];
        snprintf(sub, sizeof sub,
                 "(SELECT MIN(d.due_date) FROM deadlines d WHERE d.entity = '%s' AND "
                 "d.record_id = t.id AND d.status = 'running')",
                 e->name);
        for (const char *s = o; *s;) {
            if (strncmp(s, "next_due", 8) == 0) {
                buf_puts(&order, sub);
                s += 8;
            } else {
                buf_putc(&order, *s++);
            }
        }
    }
    /* The page's ids first, sorted on the table alone; then only those rows are read with
     * their joins and computed columns: sorting every record in scope with all its columns
     * (and the next deadline of each) cost most of a list's time once a subdistrict holds a
     * few thousand cases (bench/RESULTS.md). The ids are a derived table the rows are
     * joined to, so that every planner starts from those few ids (PostgreSQL's generic plan
     * for "t.id IN (…)" joined the whole table first and sorted out the page last). */
    char *from = arena_printf(c->a, " FROM %s t ", e->name);
    char *at = strstr(sql.p, from);
    if (!at) {
        err = FZ_EINTERNAL;
        goto done;
    }
    char *rest = arena_strdup(c->a, at + strlen(from));
    sql.len = (size_t)(at - sql.p);
    buf_printf(&sql,
               " FROM (SELECT t.id FROM %s t%s%s LIMIT ? OFFSET ?) pg JOIN %s t ON t.id = pg.id %s",
               e->name, w.p, order.p, e->name, rest);
    buf_puts(&sql, order.p);
    sqlp_int(&p, out->per_page);
    sqlp_int(&p, (int64_t)(out->page - 1) * out->per_page);
    st = sqlp_prepare(c->db, &sql, &p);
    if (!st) {
        err = FZ_EDB;
        goto done;
    }
    out->rows = arena_calloc(c->a, (size_t)out->per_page + 1, sizeof(struct record *));
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW && out->n < (size_t)out->per_page)
        out->rows[out->n++] = record_from_row(c, e, st);
    db_done(st);
    if (s == DB_ERROR) {
        err = FZ_EDB;
        goto done;
    }
    /* every row's links in a query per field (not a query per row and field) */
    err = records_load_links(c, out->rows, out->n);
done:
    buf_release(&sql);
    buf_release(&w);
    buf_release(&order);
    if (err == FZ_EDB)
        ctx_fail(c, FZ_EDB, NULL, NULL);
    return err;
}

fz_err query_count(struct ctx *c, const char *sql, int64_t org, const char *from, const char *to,
                   int64_t *out)
{
    stmt *st = db_prepare(c->db, sql);
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, org);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    enum db_step r = db_step(st);
    *out = r == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    return r == DB_ERROR ? FZ_EDB : FZ_OK;
}
