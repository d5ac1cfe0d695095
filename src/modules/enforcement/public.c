/* public.c — the enforcement module's public reads (public.h): officers, matters and
 * published decisions, with only public fields, masked where they name a person. */
#include "modules/enforcement/public.h"

#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "engine/entity.h"
#include "engine/mask.h"
#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

static const char *col(struct ctx *c, stmt *st, int i)
{
    const char *s = db_col_text(st, i);
    return s ? arena_strdup(c->a, s) : NULL;
}

static const char *label(const char *entity, const char *field, const char *value)
{
    const struct entity *e = entity_find(entity);
    const struct field *f = e ? entity_field(e, field) : NULL;
    const char *l = f && value ? enum_label(f, value) : NULL;
    return l ? l : value;
}

static const char *yuan(struct ctx *c, stmt *st, int i)
{
    if (db_col_null(st, i))
        return NULL;
    char m[32];
    money_format(db_col_int(st, i), m);
    return arena_printf(c->a, "%s 元", m);
}

/* Room for one more of n items of size bytes at *items (an arena array that doubles). */
static void *one_more(struct ctx *c, void *items, int n, int *cap, size_t size)
{
    if (n < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 16;
    void *grown = arena_alloc(c->a, (size_t)*cap * size);
    if (n)
        memcpy(grown, items, (size_t)n * size);
    return grown;
}

const char *cert_standing_label(enum cert_standing s)
{
    static const char *const labels[] = {"有效", "尚未生效", "已过期", "已注销"};
    return labels[s];
}

/* ---- officers ---- */

#define OFFICER_COLS                                                                               \
    "SELECT c.id, c.org_id, u.name, c.number, c.issuer, o.name, c.valid_from, c.valid_until, "    \
    "c.revoked_on, c.status, c.scope_all FROM certificates c JOIN users u ON u.id = c.holder "     \
    "LEFT JOIN orgs o ON o.id = c.org "

static fz_err officer_scope(struct ctx *c, struct public_officer *o, bool all)
{
    if (all) {
        o->scope = "本街道全部执法事项";
        return FZ_OK;
    }
    stmt *st = db_prepare(c->db, "SELECT m.name FROM record_links l JOIN matters m ON m.id = "
                                 "l.target_id WHERE l.entity = 'certificates' AND l.field = "
                                 "'matters' AND l.record_id = ? ORDER BY l.pos");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, o->id);
    buf b;
    buf_init(&b, 0);
    enum db_step r;
    while ((r = db_step(st)) == DB_ROW)
        buf_printf(&b, "%s%s", b.len ? "、" : "", db_col_text(st, 0));
    db_done(st);
    o->scope = b.len ? arena_strndup(c->a, b.p, b.len) : "（未列明）";
    buf_release(&b);
    return r == DB_ERROR ? FZ_EDB : FZ_OK;
}

static fz_err officer_row(struct ctx *c, stmt *st, struct public_officer *o)
{
    memset(o, 0, sizeof *o);
    o->id = db_col_int(st, 0);
    o->tenant = db_col_int(st, 1);
    o->name = col(c, st, 2);
    o->number = col(c, st, 3);
    o->issuer = col(c, st, 4);
    o->unit = col(c, st, 5);
    o->valid_from = col(c, st, 6);
    o->valid_until = col(c, st, 7);
    o->revoked_on = col(c, st, 8);
    const char *status = db_col_text(st, 9);
    char today[11];
    date_format(c->today, today);
    if (status && strcmp(status, "revoked") == 0)
        o->standing = CERT_REVOKED;
    else if (o->valid_from && strcmp(today, o->valid_from) < 0)
        o->standing = CERT_NOT_YET;
    else if (o->valid_until && strcmp(today, o->valid_until) > 0)
        o->standing = CERT_EXPIRED;
    else
        o->standing = CERT_VALID;
    return officer_scope(c, o, db_col_int(st, 10) != 0);
}

fz_err public_officers(struct ctx *c, int64_t tenant, struct public_officer **out, int *n)
{
    *out = NULL;
    *n = 0;
    char today[11];
    date_format(c->today, today);
    stmt *st = db_prepare(c->db, OFFICER_COLS "WHERE c.org_id = ? AND c.status = 'active' AND "
                                              "c.valid_from <= ? AND c.valid_until >= ? "
                                              "ORDER BY o.name, c.number");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, tenant);
    db_bind_text(st, 2, today);
    db_bind_text(st, 3, today);
    int cap = 0;
    enum db_step r;
    fz_err e = FZ_OK;
    while (!e && (r = db_step(st)) == DB_ROW) {
        *out = one_more(c, *out, *n, &cap, sizeof **out);
        e = officer_row(c, st, &(*out)[(*n)++]);
    }
    db_done(st);
    return e ? e : r == DB_ERROR ? FZ_EDB : FZ_OK;
}

fz_err public_officer(struct ctx *c, int64_t cert_id, struct public_officer *out)
{
    stmt *st = db_prepare(c->db, OFFICER_COLS "WHERE c.id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, cert_id);
    enum db_step r = db_step(st);
    fz_err e = r == DB_ROW ? officer_row(c, st, out) : r == DB_DONE ? FZ_ENOTFOUND : FZ_EDB;
    db_done(st);
    return e;
}

/* ---- matters ---- */

static fz_err matter_benchmarks(struct ctx *c, struct public_matter *m, const char *today)
{
    stmt *st = db_prepare(c->db, "SELECT tier, party_kind, fine_min, fine_max, circumstances "
                                 "FROM discretion_benchmarks WHERE matter = ? AND "
                                 "effective_from <= ? AND (effective_to IS NULL OR "
                                 "effective_to >= ?) ORDER BY fine_min, id");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, m->id);
    db_bind_text(st, 2, today);
    db_bind_text(st, 3, today);
    int cap = 0;
    enum db_step r;
    while ((r = db_step(st)) == DB_ROW) {
        m->benchmarks = one_more(c, m->benchmarks, m->nbenchmarks, &cap, sizeof *m->benchmarks);
        struct public_benchmark *b = &m->benchmarks[m->nbenchmarks++];
        b->tier = label("discretion_benchmarks", "tier", col(c, st, 0));
        b->party_kind = label("discretion_benchmarks", "party_kind", col(c, st, 1));
        b->fine_min = yuan(c, st, 2);
        b->fine_max = yuan(c, st, 3);
        b->circumstances = col(c, st, 4);
    }
    db_done(st);
    return r == DB_ERROR ? FZ_EDB : FZ_OK;
}

fz_err public_matters(struct ctx *c, int64_t tenant, struct public_matter **out, int *n)
{
    *out = NULL;
    *n = 0;
    char today[11];
    date_format(c->today, today);
    stmt *st = db_prepare(c->db, "SELECT id, code, name, category, legal_basis, penalty_basis, "
                                 "competent_body, delegated, delegation_basis, effective_from "
                                 "FROM matters WHERE org_id = ? AND effective_from <= ? AND "
                                 "(effective_to IS NULL OR effective_to >= ?) ORDER BY code");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, tenant);
    db_bind_text(st, 2, today);
    db_bind_text(st, 3, today);
    int cap = 0;
    enum db_step r;
    while ((r = db_step(st)) == DB_ROW) {
        *out = one_more(c, *out, *n, &cap, sizeof **out);
        struct public_matter *m = &(*out)[(*n)++];
        memset(m, 0, sizeof *m);
        m->id = db_col_int(st, 0);
        m->code = col(c, st, 1);
        m->name = col(c, st, 2);
        m->category = label("matters", "category", col(c, st, 3));
        m->legal_basis = col(c, st, 4);
        m->penalty_basis = col(c, st, 5);
        m->competent_body = col(c, st, 6);
        m->delegation_basis = db_col_int(st, 7) ? col(c, st, 8) : NULL;
        m->effective_from = col(c, st, 9);
    }
    db_done(st);
    if (r == DB_ERROR)
        return FZ_EDB;
    for (int i = 0; i < *n; i++) {
        fz_err e = matter_benchmarks(c, &(*out)[i], today);
        if (e)
            return e;
    }
    return FZ_OK;
}

/* ---- decisions ---- */

#define DECISION_FROM                                                                              \
    " FROM disclosure_items d JOIN penalty_cases c ON c.id = d.penalty_case JOIN parties p ON "   \
    "p.id = c.party LEFT JOIN matters m ON m.id = c.matter JOIN orgs t ON t.id = d.org_id "       \
    "LEFT JOIN orgs u ON u.id = c.department WHERE d.org_id = ? AND d.status IN ('published', "   \
    "'withdrawal_pending', 'withdrawn')"
#define DECISION_COLS                                                                              \
    "SELECT d.id, d.status, c.decision_number, c.decided_on, d.published_on, d.withdrawn_on, "    \
    "t.name, u.name, p.name, p.kind, p.uscc, p.id_number, p.address, p.phone, m.name, "           \
    "c.act_summary, m.penalty_basis, c.decided_penalty, c.decided_fine, c.status, "              \
    "p.legal_representative"

/* The row as the public may see it: a citizen's name masked everywhere it appears, the
 * identity number, address and telephone never; a withdrawn decision keeps only its number
 * and dates. */
static void decision_row(struct ctx *c, stmt *st, struct public_decision *d)
{
    memset(d, 0, sizeof *d);
    d->id = db_col_int(st, 0);
    d->state = col(c, st, 1);
    d->decision_number = col(c, st, 2);
    d->decided_on = col(c, st, 3);
    d->published_on = col(c, st, 4);
    d->withdrawn_on = col(c, st, 5);
    d->body = col(c, st, 6);
    d->unit = col(c, st, 7);
    bool citizen = db_col_text(st, 9) && strcmp(db_col_text(st, 9), "citizen") == 0;
    d->party_kind = label("parties", "kind", col(c, st, 9));
    const char *case_status = db_col_text(st, 19);
    bool revoked = case_status && strcmp(case_status, "revoked") == 0;
    if (strcmp(d->state, "published") != 0)
        d->revoked_note = revoked ? "该处罚决定已依法撤销，公开内容相应撤下。"
                                  : "该处罚决定已依法变更，公开内容相应撤下。";
    /* revoked or changed: only the number, the dates and why stay, from the moment the
     * decision was revoked (the item's withdrawal step only records the taking down) */
    if (strcmp(d->state, "published") != 0)
        return;
    const char *name = db_col_text(st, 8);
    d->party = citizen ? mask_person_name(c->a, name) : col(c, st, 8);
    d->uscc = citizen ? NULL : col(c, st, 10);
    const char *rep = db_col_text(st, 20);
    const struct mask_secret secrets[] = {
        {name, d->party},
        {db_col_text(st, 11), NULL},
        {db_col_text(st, 12), NULL},
        {db_col_text(st, 13), NULL},
        {rep, mask_person_name(c->a, rep)},
    };
    d->matter = col(c, st, 14);
    d->act_summary = mask_text(c->a, db_col_text(st, 15), secrets, 5);
    d->legal_basis = col(c, st, 16);
    d->penalty = label("penalty_cases", "decided_penalty", col(c, st, 17));
    d->fine = yuan(c, st, 18);
}

/* Appends the filter's conditions; binds are counted in the same order by bind_filter. */
static void filter_sql(buf *b, const struct decision_filter *f)
{
    if (f->from)
        buf_puts(b, " AND c.decided_on >= ?");
    if (f->to)
        buf_puts(b, " AND c.decided_on <= ?");
    if (f->matter)
        buf_puts(b, " AND c.matter = ?");
    if (f->party_kind)
        buf_puts(b, " AND p.kind = ?");
}

static int bind_filter(stmt *st, int i, int64_t tenant, const struct decision_filter *f)
{
    db_bind_int(st, i++, tenant);
    if (f->from)
        db_bind_text(st, i++, f->from);
    if (f->to)
        db_bind_text(st, i++, f->to);
    if (f->matter)
        db_bind_int(st, i++, f->matter);
    if (f->party_kind)
        db_bind_text(st, i++, f->party_kind);
    return i;
}

/* Whether the words are in what the public sees of the decision: its number, matter and
 * masked act summary. Never the stored text: a search must not confirm a hidden name or
 * number by its count. */
static bool shows(const struct public_decision *d, const char *q)
{
    const char *seen[] = {d->decision_number, d->matter, d->act_summary};
    for (size_t i = 0; i < sizeof seen / sizeof seen[0]; i++)
        if (seen[i] && strstr(seen[i], q))
            return true;
    return false;
}

fz_err public_decisions(struct ctx *c, int64_t tenant, const struct decision_filter *f,
                        struct public_decision **out, int *n, int *total)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    buf sql;
    buf_init(&sql, 0);
    enum db_step r;
    stmt *st;
    if (!f->q) {
        buf_puts(&sql, "SELECT COUNT(*)" DECISION_FROM);
        filter_sql(&sql, f);
        st = db_prepare(c->db, sql.p);
        if (!st) {
            buf_release(&sql);
            return FZ_EDB;
        }
        bind_filter(st, 1, tenant, f);
        r = db_step(st);
        *total = r == DB_ROW ? (int)db_col_int(st, 0) : 0;
        db_done(st);
        if (r == DB_ERROR) {
            buf_release(&sql);
            return FZ_EDB;
        }
        buf_reset(&sql);
    }
    buf_puts(&sql, DECISION_COLS DECISION_FROM);
    filter_sql(&sql, f);
    buf_puts(&sql, " ORDER BY c.decided_on DESC, d.id DESC LIMIT ? OFFSET ?");
    st = db_prepare(c->db, sql.p);
    buf_release(&sql);
    if (!st)
        return FZ_EDB;
    int i = bind_filter(st, 1, tenant, f);
    /* with words, the newest PUBLIC_SEARCH_SPAN decisions of the other filters are masked
     * and searched here */
    db_bind_int(st, i++, f->q ? PUBLIC_SEARCH_SPAN : f->limit);
    db_bind_int(st, i, f->q ? 0 : f->offset);
    *out = arena_alloc(c->a, (size_t)(f->limit > 0 ? f->limit : 1) * sizeof **out);
    struct public_decision d;
    while ((r = db_step(st)) == DB_ROW) {
        if (!f->q) {
            if (*n < f->limit)
                decision_row(c, st, &(*out)[(*n)++]);
            continue;
        }
        decision_row(c, st, &d);
        if (!shows(&d, f->q))
            continue;
        if (*total >= f->offset && *n < f->limit)
            (*out)[(*n)++] = d;
        (*total)++;
    }
    db_done(st);
    return r == DB_ERROR ? FZ_EDB : FZ_OK;
}

fz_err public_decision(struct ctx *c, int64_t tenant, int64_t id, struct public_decision *out)
{
    stmt *st = db_prepare(c->db, DECISION_COLS DECISION_FROM " AND d.id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, id);
    enum db_step r = db_step(st);
    if (r == DB_ROW)
        decision_row(c, st, out);
    db_done(st);
    return r == DB_ROW ? FZ_OK : r == DB_DONE ? FZ_ENOTFOUND : FZ_EDB;
}
