/* people.c — organisations, users and role bindings, with their audit trail. */
#include "people.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/utf8.h"
#include "engine/access.h"
#include "engine/audit.h"
#include "engine/canon.h"
#include "core/banned.h"

static const struct {
    const char *name, *label;
    unsigned parents; /* bitmask of allowed parent kinds; 1u << ORG__MAX = may be a root */
} kinds[ORG__MAX] = {
    [ORG_CITY] = {"city", "市", 1u << ORG__MAX},
    [ORG_DISTRICT] = {"district", "区", (1u << ORG__MAX) | (1u << ORG_CITY)},
    [ORG_SUBDISTRICT] = {"subdistrict", "街道", 1u << ORG_DISTRICT},
    [ORG_DEPARTMENT] = {"department", "部门",
                        (1u << ORG_SUBDISTRICT) | (1u << ORG_DISTRICT) | (1u << ORG_CITY)},
    [ORG_COMMUNITY] = {"community", "社区", 1u << ORG_SUBDISTRICT},
};

const char *org_kind_name(enum org_kind k)
{
    return (unsigned)k < ORG__MAX ? kinds[k].name : "?";
}

const char *org_kind_label(enum org_kind k)
{
    return (unsigned)k < ORG__MAX ? kinds[k].label : "?";
}

int org_kind_parse(const char *s)
{
    for (int i = 0; i < ORG__MAX; i++)
        if (s && strcmp(kinds[i].name, s) == 0)
            return i;
    return -1;
}

static bool valid_code(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
            return false;
    return true;
}

static fz_err check_name(struct ctx *c, const char *field, const char *label, const char *s,
                         size_t max)
{
    if (!s || !*s)
        return ctx_fail(c, FZ_EVALID, field, "请填写%s", label);
    if (!utf8_valid(s, strlen(s)) || utf8_has_controls(s, false))
        return ctx_fail(c, FZ_EVALID, field, "%s含有无效字符", label);
    if (utf8_chars(s) > max)
        return ctx_fail(c, FZ_EVALID, field, "%s不能超过 %zu 个字", label, max);
    return FZ_OK;
}

/* ---- organisations ----------------------------------------------------------------------- */

#define ORG_COLS "id, code, name, kind, parent_id, tenant_id, depth, version"

static void org_from_row(struct ctx *c, stmt *st, struct org *o)
{
    o->id = db_col_int(st, 0);
    o->code = arena_strdup(c->a, db_col_text(st, 1));
    o->name = arena_strdup(c->a, db_col_text(st, 2));
    int k = org_kind_parse(db_col_text(st, 3));
    o->kind = k < 0 ? ORG_DEPARTMENT : (enum org_kind)k;
    o->parent_id = db_col_int(st, 4);
    o->tenant_id = db_col_int(st, 5);
    o->depth = (int)db_col_int(st, 6);
    o->version = db_col_int(st, 7);
}

fz_err org_by_code(struct ctx *c, const char *code, struct org *out)
{
    stmt *st = db_prepare(c->db, "SELECT " ORG_COLS " FROM orgs WHERE code = ?");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, code);
    enum db_step r = db_step(st);
    if (r == DB_ROW)
        org_from_row(c, st, out);
    db_done(st);
    return r == DB_ROW ? FZ_OK : r == DB_DONE ? FZ_ENOTFOUND : FZ_EDB;
}

fz_err org_by_id(struct ctx *c, int64_t id, struct org *out)
{
    stmt *st = db_prepare(c->db, "SELECT " ORG_COLS " FROM orgs WHERE id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, id);
    enum db_step r = db_step(st);
    if (r == DB_ROW)
        org_from_row(c, st, out);
    db_done(st);
    return r == DB_ROW ? FZ_OK : r == DB_DONE ? FZ_ENOTFOUND : FZ_EDB;
}

struct kid {
    int64_t parent, id;
    size_t at; /* index in the list as read */
};

static int kid_cmp(const void *a, const void *b)
{
    const struct kid *x = a, *y = b;
    if (x->parent != y->parent)
        return x->parent < y->parent ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Pushes the children of parent (0: the roots) so that they pop in id order. */
static void push_children(const struct kid *kids, size_t n, int64_t parent, size_t *stack,
                          size_t *sp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) { /* the first kid with this parent or a later one */
        size_t mid = lo + (hi - lo) / 2;
        if (kids[mid].parent < parent)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < n && kids[end].parent == parent)
        end++;
    for (size_t j = end; j-- > lo;)
        stack[(*sp)++] = kids[j].at;
}

fz_err org_list_all(struct ctx *c, struct org **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    stmt *st = db_prepare(c->db, "SELECT COUNT(*) FROM orgs");
    if (!st || db_step(st) != DB_ROW) {
        db_done(st);
        return FZ_EDB;
    }
    size_t count = (size_t)db_col_int(st, 0);
    db_done(st);
    struct org *list = arena_calloc(c->a, count + 1, sizeof *list);
    /* Depth-first order: sort by the root-to-node path of ids, which org_closure gives. */
    st = db_prepare(c->db, "SELECT " ORG_COLS " FROM orgs ORDER BY depth, id");
    if (!st)
        return FZ_EDB;
    size_t i = 0;
    while (i < count && db_step(st) == DB_ROW)
        org_from_row(c, st, &list[i++]);
    db_done(st);
    /* Reorder into tree order: each node right after its parent's earlier siblings' trees.
     * The children of a node are a run of `kids`, sorted by (parent, id): found by binary
     * search, so a city's thousands of units take n log n, not n². */
    struct kid *kids = arena_calloc(c->a, i + 1, sizeof *kids);
    for (size_t k = 0; k < i; k++)
        kids[k] = (struct kid){list[k].parent_id, list[k].id, k};
    qsort(kids, i, sizeof *kids, kid_cmp);
    struct org *sorted = arena_calloc(c->a, count + 1, sizeof *sorted);
    size_t m = 0;
    size_t *stack = arena_calloc(c->a, count + 1, sizeof *stack);
    size_t sp = 0;
    push_children(kids, i, 0, stack, &sp); /* the roots */
    while (sp > 0) {
        size_t k = stack[--sp];
        sorted[m++] = list[k];
        push_children(kids, i, list[k].id, stack, &sp);
    }
    *out = sorted;
    *n = m;
    return FZ_OK;
}

bool org_is_within(struct ctx *c, int64_t descendant, int64_t ancestor)
{
    stmt *st = db_prepare(c->db, "SELECT 1 FROM org_closure WHERE ancestor_id = ? AND "
                                 "descendant_id = ?");
    if (!st)
        return false;
    db_bind_int(st, 1, ancestor);
    db_bind_int(st, 2, descendant);
    bool yes = db_step(st) == DB_ROW;
    db_done(st);
    return yes;
}

fz_err org_canon(struct ctx *c, int64_t id, buf *b)
{
    struct org o;
    fz_err e = org_by_id(c, id, &o);
    if (e)
        return e;
    canon_begin(b);
    canon_int(b, "id", o.id);
    canon_text(b, "code", o.code);
    canon_text(b, "name", o.name);
    canon_text(b, "kind", org_kind_name(o.kind));
    canon_int(b, "parent_id", o.parent_id);
    canon_int(b, "tenant_id", o.tenant_id);
    canon_int(b, "depth", o.depth);
    canon_int(b, "version", o.version);
    canon_end(b);
    return FZ_OK;
}

static const char *canon_of(struct ctx *c, fz_err (*fn)(struct ctx *, int64_t, buf *), int64_t id)
{
    buf b;
    buf_init(&b, 0);
    const char *s = NULL;
    if (fn(c, id, &b) == FZ_OK && !b.err)
        s = arena_strndup(c->a, b.p, b.len);
    buf_release(&b);
    return s;
}

fz_err org_add(struct ctx *c, const char *code, const char *name, const char *kind_s,
               const char *parent_code, int64_t *id_out)
{
    fz_err e;
    if (!code || !valid_code(code, 1, 32))
        return ctx_fail(c, FZ_EVALID, "code", "机构代码须为 1–32 位字母、数字、-、_ 或 .");
    if ((e = check_name(c, "name", "机构名称", name, 64)))
        return e;
    int kind = org_kind_parse(kind_s);
    if (kind < 0)
        return ctx_fail(c, FZ_EVALID, "kind",
                        "机构类型须为 city、district、subdistrict、department 或 community");
    struct org parent = {0};
    if (parent_code && *parent_code) {
        e = org_by_code(c, parent_code, &parent);
        if (e == FZ_ENOTFOUND)
            return ctx_fail(c, FZ_EVALID, "parent", "上级机构“%s”不存在", parent_code);
        if (e)
            return e;
        if (!(kinds[kind].parents & (1u << parent.kind)))
            return ctx_fail(c, FZ_EVALID, "parent", "%s不能设在%s之下", kinds[kind].label,
                            kinds[parent.kind].label);
        if (!c->actor->system && !access_covers(c, R(ROLE_ADMIN), parent.id))
            return ctx_fail(c, FZ_EFORBIDDEN, NULL, "只有上级机构的系统管理员可以添加机构");
    } else {
        if (!(kinds[kind].parents & (1u << ORG__MAX)))
            return ctx_fail(c, FZ_EVALID, "parent", "%s必须指定上级机构", kinds[kind].label);
        if (!c->actor->system)
            return ctx_fail(c, FZ_EFORBIDDEN, NULL, "只有系统可以添加顶级机构");
    }

    if ((e = db_begin(c->db, true)))
        return e;
    char now[25];
    time_format_iso(c->now_ms, now);
    bool own_tenant = kind == ORG_SUBDISTRICT || kind == ORG_DISTRICT || kind == ORG_CITY;
    stmt *st = db_prepare(c->db, "INSERT INTO orgs (code, name, kind, parent_id, tenant_id, "
                                 "depth, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                                 "RETURNING id");
    if (!st)
        goto fail;
    db_bind_text(st, 1, code);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, kinds[kind].name);
    if (parent.id)
        db_bind_int(st, 4, parent.id);
    else
        db_bind_null(st, 4);
    if (own_tenant)
        db_bind_null(st, 5);
    else
        db_bind_int(st, 5, parent.tenant_id);
    db_bind_int(st, 6, parent.id ? parent.depth + 1 : 0);
    db_bind_text(st, 7, now);
    db_bind_text(st, 8, now);
    enum db_step r = db_step(st);
    int64_t id = r == DB_ROW ? db_col_int(st, 0) : 0;
    bool dup = r == DB_ERROR && db_err_unique(c->db);
    db_done(st);
    if (dup) {
        db_rollback(c->db);
        return ctx_fail(c, FZ_EEXISTS, "code", "机构代码“%s”已存在", code);
    }
    if (!id)
        goto fail;
    if (own_tenant) {
        st = db_prepare(c->db, "UPDATE orgs SET tenant_id = id WHERE id = ?");
        if (!st)
            goto fail;
        db_bind_int(st, 1, id);
        if (db_run(st))
            goto fail;
    }
    st = db_prepare(c->db, "INSERT INTO org_closure (ancestor_id, descendant_id, depth) "
                           "SELECT ancestor_id, ?, depth + 1 FROM org_closure "
                           "WHERE descendant_id = ?");
    if (!st)
        goto fail;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, parent.id);
    if (db_run(st))
        goto fail;
    st = db_prepare(c->db,
                    "INSERT INTO org_closure (ancestor_id, descendant_id, depth) VALUES (?, ?, 0)");
    if (!st)
        goto fail;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, id);
    if (db_run(st))
        goto fail;
    struct org o;
    if (org_by_id(c, id, &o))
        goto fail;
    struct audit_entry ae = {.chain_id = o.tenant_id,
                             .org_id = id,
                             .action = "orgs.create",
                             .entity = "orgs",
                             .record_id = id,
                             .after = canon_of(c, org_canon, id)};
    if (!ae.after || audit_append(c, &ae))
        goto fail;
    if ((e = db_commit(c->db)))
        return e;
    if (id_out)
        *id_out = id;
    return FZ_OK;
fail:
    db_rollback(c->db);
    return ctx_fail(c, FZ_EDB, NULL, NULL);
}

/* ---- users ------------------------------------------------------------------------------- */

fz_err user_canon(struct ctx *c, int64_t id, buf *b)
{
    /* The password hash enters the state as its digest: a direct edit of the hash is caught
     * by verify, and the audit trail never holds the hash itself. */
    static const struct canon_col cols[] = {
        {"id", CANON_INT},          {"org_id", CANON_INT},
        {"home_org_id", CANON_INT}, {"username", CANON_TEXT},
        {"name", CANON_TEXT},       {"password_hash", CANON_DIGEST, "password_digest"},
        {"active", CANON_INT},      {"version", CANON_INT},
        {NULL, CANON_INT}};
    return canon_row(c->db, "users", cols, id, b);
}

fz_err user_role_canon(struct ctx *c, int64_t id, buf *b)
{
    static const struct canon_col cols[] = {
        {"id", CANON_INT},    {"org_id", CANON_INT},       {"user_id", CANON_INT},
        {"role", CANON_TEXT}, {"scope_org_id", CANON_INT}, {"version", CANON_INT},
        {NULL, CANON_INT}};
    return canon_row(c->db, "user_roles", cols, id, b);
}

static fz_err check_password(struct ctx *c, const char *pw)
{
    size_t n = pw ? strlen(pw) : 0;
    if (n > 256 || !utf8_valid(pw, n))
        return ctx_fail(c, FZ_EVALID, "password", "密码过长（最多 256 字节）或含有无效字符");
    if (utf8_chars(pw) < 8)
        return ctx_fail(c, FZ_EVALID, "password", "密码至少需要 8 个字符");
    return FZ_OK;
}

static fz_err add_role_tx(struct ctx *c, int64_t user_id, int role, const struct org *o)
{
    char now[25];
    time_format_iso(c->now_ms, now);
    stmt *st = db_prepare(c->db, "INSERT INTO user_roles (org_id, user_id, role, scope_org_id, "
                                 "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, o->tenant_id);
    db_bind_int(st, 2, user_id);
    db_bind_text(st, 3, role_name((enum role)role));
    db_bind_int(st, 4, o->id);
    db_bind_text(st, 5, now);
    db_bind_text(st, 6, now);
    enum db_step r = db_step(st);
    int64_t id = r == DB_ROW ? db_col_int(st, 0) : 0;
    bool dup = r == DB_ERROR && db_err_unique(c->db);
    db_done(st);
    if (dup)
        return ctx_fail(c, FZ_EEXISTS, "role", "该用户在“%s”已有此角色", o->name);
    if (!id)
        return FZ_EDB;
    struct audit_entry ae = {.chain_id = o->tenant_id,
                             .org_id = o->id,
                             .action = "user_roles.create",
                             .entity = "user_roles",
                             .record_id = id,
                             .after = canon_of(c, user_role_canon, id)};
    return ae.after ? audit_append(c, &ae) : FZ_EDB;
}

static fz_err role_target(struct ctx *c, const char *role, const char *org_code, int *role_out,
                          struct org *o)
{
    int r = role ? role_parse(role) : -1;
    if (r < 0)
        return ctx_fail(c, FZ_EVALID, "role",
                        "角色须为 admin、leader、staff、officer、legal_reviewer、legal_advisor、"
                        "mediator、grid_worker 或 supervisor");
    fz_err e = org_by_code(c, org_code ? org_code : "", o);
    if (e == FZ_ENOTFOUND)
        return ctx_fail(c, FZ_EVALID, "org", "机构“%s”不存在", org_code ? org_code : "");
    if (e)
        return e;
    if (!c->actor->system && !access_covers(c, R(ROLE_ADMIN), o->id))
        return ctx_fail(c, FZ_EFORBIDDEN, NULL, "只有该机构的系统管理员可以分配角色");
    *role_out = r;
    return FZ_OK;
}

fz_err user_add(struct ctx *c, const char *username, const char *name, const char *org_code,
                const char *role, const char *password, int64_t *id_out)
{
    fz_err e;
    if (!username || !valid_code(username, 3, 32))
        return ctx_fail(c, FZ_EVALID, "username", "用户名须为 3–32 位字母、数字、-、_ 或 .");
    if ((e = check_name(c, "name", "姓名", name, 32)) || (e = check_password(c, password)))
        return e;
    int r = 0;
    struct org o = {0};
    if ((e = role_target(c, role, org_code, &r, &o)))
        return e;
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(password, hash))
        return ctx_fail(c, FZ_EINTERNAL, NULL, NULL);

    if ((e = db_begin(c->db, true)))
        return e;
    char now[25];
    time_format_iso(c->now_ms, now);
    stmt *st = db_prepare(c->db, "INSERT INTO users (org_id, home_org_id, username, name, "
                                 "password_hash, created_at, updated_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st)
        goto fail;
    db_bind_int(st, 1, o.tenant_id);
    db_bind_int(st, 2, o.id);
    db_bind_text(st, 3, username);
    db_bind_text(st, 4, name);
    db_bind_text(st, 5, hash);
    db_bind_text(st, 6, now);
    db_bind_text(st, 7, now);
    enum db_step sr = db_step(st);
    int64_t id = sr == DB_ROW ? db_col_int(st, 0) : 0;
    bool dup = sr == DB_ERROR && db_err_unique(c->db);
    db_done(st);
    if (dup) {
        db_rollback(c->db);
        return ctx_fail(c, FZ_EEXISTS, "username", "用户名“%s”已被使用", username);
    }
    if (!id)
        goto fail;
    struct audit_entry ae = {.chain_id = o.tenant_id,
                             .org_id = o.id,
                             .action = "users.create",
                             .entity = "users",
                             .record_id = id,
                             .after = canon_of(c, user_canon, id)};
    if (!ae.after || audit_append(c, &ae))
        goto fail;
    if ((e = add_role_tx(c, id, r, &o))) {
        db_rollback(c->db);
        return e == FZ_EDB ? ctx_fail(c, e, NULL, NULL) : e;
    }
    if ((e = db_commit(c->db)))
        return e;
    if (id_out)
        *id_out = id;
    return FZ_OK;
fail:
    db_rollback(c->db);
    return ctx_fail(c, FZ_EDB, NULL, NULL);
}

fz_err user_role_add(struct ctx *c, int64_t user_id, const char *role, const char *org_code)
{
    int r = 0;
    struct org o = {0};
    fz_err e = role_target(c, role, org_code, &r, &o);
    if (e)
        return e;
    if ((e = db_begin(c->db, true)))
        return e;
    if ((e = add_role_tx(c, user_id, r, &o))) {
        db_rollback(c->db);
        return e == FZ_EDB ? ctx_fail(c, e, NULL, NULL) : e;
    }
    return db_commit(c->db);
}

fz_err user_set_password(struct ctx *c, int64_t user_id, const char *password)
{
    fz_err e = check_password(c, password);
    if (e)
        return e;
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(password, hash))
        return ctx_fail(c, FZ_EINTERNAL, NULL, NULL);
    if ((e = db_begin(c->db, true)))
        return e;
    const char *before = canon_of(c, user_canon, user_id);
    stmt *st = db_prepare(c->db, "UPDATE users SET password_hash = ?, version = version + 1, "
                                 "updated_at = ? WHERE id = ? RETURNING org_id, home_org_id");
    if (!before || !st) {
        db_rollback(c->db);
        return before ? FZ_EDB : ctx_fail(c, FZ_ENOTFOUND, NULL, "用户不存在");
    }
    char now[25];
    time_format_iso(c->now_ms, now);
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, now);
    db_bind_int(st, 3, user_id);
    int64_t tenant = 0, home = 0;
    if (db_step(st) == DB_ROW) {
        tenant = db_col_int(st, 0);
        home = db_col_int(st, 1);
    }
    db_done(st);
    if (!tenant) {
        db_rollback(c->db);
        return FZ_EDB;
    }
    /* The session table is not audited state; existing sessions end with a password change. */
    st = db_prepare(c->db, "DELETE FROM sessions WHERE user_id = ?");
    if (!st) {
        db_rollback(c->db);
        return FZ_EDB;
    }
    db_bind_int(st, 1, user_id);
    if (db_run(st)) {
        db_rollback(c->db);
        return FZ_EDB;
    }
    struct audit_entry ae = {.chain_id = tenant,
                             .org_id = home,
                             .action = "users.set_password",
                             .entity = "users",
                             .record_id = user_id,
                             .before = before,
                             .after = canon_of(c, user_canon, user_id)};
    if (!ae.after || audit_append(c, &ae)) {
        db_rollback(c->db);
        return FZ_EDB;
    }
    return db_commit(c->db);
}

fz_err user_set_active(struct ctx *c, int64_t user_id, bool active)
{
    stmt *st = db_prepare(c->db, "SELECT org_id, home_org_id, active FROM users WHERE id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, user_id);
    int64_t tenant = 0, home = 0, was = 0;
    if (db_step(st) == DB_ROW) {
        tenant = db_col_int(st, 0);
        home = db_col_int(st, 1);
        was = db_col_int(st, 2);
    }
    db_done(st);
    if (!tenant)
        return ctx_fail(c, FZ_ENOTFOUND, NULL, "用户不存在");
    if (!c->actor->system && !access_covers(c, R(ROLE_ADMIN), home))
        return ctx_fail(c, FZ_EFORBIDDEN, NULL, "只有该用户所在机构的系统管理员可以停用或启用账号");
    if ((was != 0) == active)
        return FZ_OK;
    fz_err e = db_begin(c->db, true);
    if (e)
        return e;
    const char *before = canon_of(c, user_canon, user_id);
    char now[25];
    time_format_iso(c->now_ms, now);
    st = db_prepare(c->db, "UPDATE users SET active = ?, version = version + 1, updated_at = ? "
                           "WHERE id = ?");
    if (!before || !st)
        goto fail;
    db_bind_int(st, 1, active ? 1 : 0);
    db_bind_text(st, 2, now);
    db_bind_int(st, 3, user_id);
    if (db_run(st))
        goto fail;
    if (!active) {
        st = db_prepare(c->db, "DELETE FROM sessions WHERE user_id = ?");
        if (!st)
            goto fail;
        db_bind_int(st, 1, user_id);
        if (db_run(st))
            goto fail;
    }
    struct audit_entry ae = {.chain_id = tenant,
                             .org_id = home,
                             .action = active ? "users.enable" : "users.disable",
                             .entity = "users",
                             .record_id = user_id,
                             .before = before,
                             .after = canon_of(c, user_canon, user_id)};
    if (!ae.after || audit_append(c, &ae))
        goto fail;
    return db_commit(c->db);
fail:
    db_rollback(c->db);
    return ctx_fail(c, FZ_EDB, NULL, NULL);
}

/* Reads user rows from a query whose columns are id, username, name, home org code, active
 * and an organisation id the caller filters on (into *orgs, parallel to *out). */
static fz_err read_users(struct ctx *c, const char *sql, struct user_row **out, int64_t **orgs,
                         size_t *n)
{
    stmt *st = db_prepare(c->db, sql);
    if (!st)
        return FZ_EDB;
    size_t cap = 32, count = 0;
    struct user_row *rows = arena_calloc(c->a, cap, sizeof *rows);
    int64_t *ids = arena_calloc(c->a, cap, sizeof *ids);
    enum db_step r;
    while ((r = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct user_row *nr = arena_calloc(c->a, cap * 2, sizeof *nr);
            int64_t *ni = arena_calloc(c->a, cap * 2, sizeof *ni);
            memcpy(nr, rows, cap * sizeof *nr);
            memcpy(ni, ids, cap * sizeof *ni);
            rows = nr, ids = ni, cap *= 2;
        }
        rows[count].id = db_col_int(st, 0);
        rows[count].username = arena_strdup(c->a, db_col_text(st, 1));
        rows[count].name = arena_strdup(c->a, db_col_text(st, 2));
        rows[count].home_org_code = arena_strdup(c->a, db_col_text(st, 3));
        rows[count].active = db_col_int(st, 4) != 0;
        ids[count] = db_col_int(st, 5);
        count++;
    }
    db_done(st);
    if (r == DB_ERROR)
        return FZ_EDB;
    *out = rows;
    *orgs = ids;
    *n = count;
    return FZ_OK;
}

fz_err user_choices(struct ctx *c, struct user_row **out, size_t *n)
{
    struct user_row *rows;
    int64_t *tenants;
    size_t count;
    fz_err e = read_users(c,
                          "SELECT u.id, u.username, u.name, o.code, u.active, u.org_id FROM "
                          "users u JOIN orgs o ON o.id = u.home_org_id WHERE u.active = 1 "
                          "ORDER BY u.name, u.username",
                          &rows, &tenants, &count);
    if (e)
        return e;
    size_t kept = 0;
    for (size_t i = 0; i < count; i++)
        if (access_in_tenant(c, tenants[i]))
            rows[kept++] = rows[i];
    *out = rows;
    *n = kept;
    return FZ_OK;
}

fz_err user_list(struct ctx *c, struct user_row **out, size_t *n)
{
    struct user_row *rows;
    int64_t *homes;
    size_t count;
    fz_err e = read_users(c,
                          "SELECT u.id, u.username, u.name, o.code, u.active, u.home_org_id "
                          "FROM users u JOIN orgs o ON o.id = u.home_org_id ORDER BY "
                          "u.username",
                          &rows, &homes, &count);
    if (e)
        return e;
    stmt *st;
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        if (!c->actor->system && !access_covers(c, R(ROLE_ADMIN), homes[i]))
            continue;
        buf roles;
        buf_init(&roles, 0);
        st = db_prepare(c->db, "SELECT r.role, o.code FROM user_roles r JOIN orgs o ON o.id = "
                               "r.scope_org_id WHERE r.user_id = ? ORDER BY r.id");
        if (!st) {
            buf_release(&roles);
            return FZ_EDB;
        }
        db_bind_int(st, 1, rows[i].id);
        while (db_step(st) == DB_ROW)
            buf_printf(&roles, "%s%s@%s", roles.len ? ", " : "", db_col_text(st, 0),
                       db_col_text(st, 1));
        db_done(st);
        rows[i].roles = arena_strndup(c->a, roles.p, roles.len);
        buf_release(&roles);
        rows[kept++] = rows[i];
    }
    *out = rows;
    *n = kept;
    return FZ_OK;
}

fz_err user_lookup(struct ctx *c, const char *username, int64_t *id, const char **hash,
                   bool *active)
{
    stmt *st = db_prepare(c->db, "SELECT id, password_hash, active FROM users WHERE username = ?");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, username);
    enum db_step r = db_step(st);
    if (r == DB_ROW) {
        *id = db_col_int(st, 0);
        *hash = arena_strdup(c->a, db_col_text(st, 1));
        *active = db_col_int(st, 2) != 0;
    }
    db_done(st);
    return r == DB_ROW ? FZ_OK : r == DB_DONE ? FZ_ENOTFOUND : FZ_EDB;
}

fz_err actor_load(struct ctx *c, int64_t user_id, struct actor *out)
{
    memset(out, 0, sizeof *out);
    stmt *st = db_prepare(c->db, "SELECT u.id, u.username, u.name, u.home_org_id, u.org_id, "
                                 "o.name, u.active FROM users u JOIN orgs o ON o.id = "
                                 "u.home_org_id WHERE u.id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, user_id);
    enum db_step r = db_step(st);
    bool active = false;
    if (r == DB_ROW) {
        out->user_id = db_col_int(st, 0);
        out->username = arena_strdup(c->a, db_col_text(st, 1));
        out->name = arena_strdup(c->a, db_col_text(st, 2));
        out->home_org_id = db_col_int(st, 3);
        out->tenant_id = db_col_int(st, 4);
        out->home_org_name = arena_strdup(c->a, db_col_text(st, 5));
        active = db_col_int(st, 6) != 0;
    }
    db_done(st);
    if (r != DB_ROW)
        return r == DB_DONE ? FZ_ENOTFOUND : FZ_EDB;
    if (!active)
        return FZ_EFORBIDDEN;
    st = db_prepare(c->db, "SELECT r.role, o.id, o.tenant_id, o.kind, o.code, o.name, "
                           "CASE WHEN o.parent_id IS NULL AND NOT EXISTS (SELECT 1 FROM orgs x "
                           "WHERE x.parent_id IS NULL AND x.id <> o.id) THEN 1 ELSE 0 END "
                           "FROM user_roles r JOIN orgs o ON o.id = r.scope_org_id "
                           "WHERE r.user_id = ? ORDER BY r.id");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, user_id);
    while (db_step(st) == DB_ROW && out->nroles < ACTOR_MAX_ROLES) {
        int role = role_parse(db_col_text(st, 0));
        int kind = org_kind_parse(db_col_text(st, 3));
        if (role < 0 || kind < 0)
            continue;
        struct role_binding *b = &out->roles[out->nroles++];
        b->role = (enum role)role;
        b->org_id = db_col_int(st, 1);
        b->tenant_id = db_col_int(st, 2);
        b->kind = (enum org_kind)kind;
        b->org_code = arena_strdup(c->a, db_col_text(st, 4));
        b->org_name = arena_strdup(c->a, db_col_text(st, 5));
        b->everything = db_col_int(st, 6) != 0;
    }
    db_done(st);
    return FZ_OK;
}
