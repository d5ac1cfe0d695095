/* tokens.c — API tokens stored as hashes, with their audit trail. */
#include "tokens.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/utf8.h"
#include "engine/audit.h"
#include "engine/canon.h"
#include "core/banned.h"

#define LAST_USED_EVERY_MS (3600LL * 1000) /* refresh last_used_at at most hourly */

static void token_hash(const char *token, char out[DIGEST_HEX_LEN])
{
    digest_hex(HASH_SHA256, token, strlen(token), out);
}

fz_err token_canon(struct ctx *c, int64_t id, buf *b)
{
    /* last_used_at is operational, not part of the audited state */
    static const struct canon_col cols[] = {
        {"id", CANON_INT},          {"org_id", CANON_INT},      {"user_id", CANON_INT},
        {"name", CANON_TEXT},       {"token_hash", CANON_TEXT}, {"created_at", CANON_TEXT},
        {"expires_at", CANON_TEXT}, {"revoked_at", CANON_TEXT}, {NULL, CANON_INT}};
    return canon_row(c->db, "api_tokens", cols, id, b);
}

static const char *canon_str(struct ctx *c, int64_t id)
{
    buf b;
    buf_init(&b, 0);
    const char *s =
        token_canon(c, id, &b) == FZ_OK && !b.err ? arena_strndup(c->a, b.p, b.len) : NULL;
    buf_release(&b);
    return s;
}

fz_err token_lookup(struct ctx *c, const char *token, int64_t *user_id)
{
    if (!token || strncmp(token, "fzt_", 4) != 0 || strlen(token) >= TOKEN_MAX_CHARS)
        return FZ_EUNAUTH;
    char th[DIGEST_HEX_LEN];
    token_hash(token, th);
    stmt *st = db_prepare(c->db, "SELECT id, user_id, expires_at, revoked_at, last_used_at "
                                 "FROM api_tokens WHERE token_hash = ?");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, th);
    enum db_step r = db_step(st);
    bool ok = false, touch = false;
    int64_t id = 0;
    if (r == DB_ROW) {
        int64_t exp = 0, used = 0;
        const char *e = db_col_text(st, 2), *u = db_col_text(st, 4);
        ok = !db_col_text(st, 3) && (!e || (time_parse_iso(e, &exp) == 0 && exp > c->now_ms));
        id = db_col_int(st, 0);
        *user_id = db_col_int(st, 1);
        touch = ok && (!u || time_parse_iso(u, &used) || c->now_ms - used > LAST_USED_EVERY_MS);
    }
    db_done(st);
    if (r == DB_ERROR)
        return FZ_EDB;
    if (touch) {
        char now[25];
        time_format_iso(c->now_ms, now);
        st = db_prepare(c->db, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
        if (st) {
            db_bind_text(st, 1, now);
            db_bind_int(st, 2, id);
            db_run(st);
        }
    }
    return ok ? FZ_OK : FZ_EUNAUTH;
}

fz_err token_create(struct ctx *c, int64_t user_id, const char *name, int days,
                    char out[TOKEN_MAX_CHARS], int64_t *id_out)
{
    if (!name || !*name || !utf8_valid(name, strlen(name)) || utf8_chars(name) > 64 ||
        utf8_has_controls(name, false))
        return ctx_fail(c, FZ_EVALID, "name", "请填写令牌名称（不超过 64 个字）");
    char secret[TOKEN_MAX_CHARS - 8];
    if (random_token(secret, sizeof secret, 32))
        return ctx_fail(c, FZ_EINTERNAL, NULL, NULL);
    snprintf(out, TOKEN_MAX_CHARS, "fzt_%s", secret);
    char th[DIGEST_HEX_LEN], now[25], exp[25];
    token_hash(out, th);
    time_format_iso(c->now_ms, now);
    time_format_iso(c->now_ms + (int64_t)days * 86400 * 1000, exp);
    stmt *st = db_prepare(c->db, "SELECT org_id, home_org_id FROM users WHERE id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, user_id);
    int64_t tenant = 0, home = 0;
    if (db_step(st) == DB_ROW) {
        tenant = db_col_int(st, 0);
        home = db_col_int(st, 1);
    }
    db_done(st);
    if (!tenant)
        return ctx_fail(c, FZ_ENOTFOUND, NULL, "用户不存在");
    fz_err e = db_begin(c->db, true);
    if (e)
        return e;
    st = db_prepare(c->db, "INSERT INTO api_tokens (org_id, user_id, name, token_hash, "
                           "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    int64_t id = 0;
    if (st) {
        db_bind_int(st, 1, tenant);
        db_bind_int(st, 2, user_id);
        db_bind_text(st, 3, name);
        db_bind_text(st, 4, th);
        db_bind_text(st, 5, now);
        db_bind_text(st, 6, days > 0 ? exp : NULL);
        if (db_step(st) == DB_ROW)
            id = db_col_int(st, 0);
        db_done(st);
    }
    struct audit_entry ae = {.chain_id = tenant,
                             .org_id = home,
                             .action = "api_tokens.create",
                             .entity = "api_tokens",
                             .record_id = id,
                             .after = id ? canon_str(c, id) : NULL};
    if (!id || !ae.after || audit_append(c, &ae)) {
        db_rollback(c->db);
        return ctx_fail(c, FZ_EDB, NULL, NULL);
    }
    if ((e = db_commit(c->db)))
        return e;
    if (id_out)
        *id_out = id;
    return FZ_OK;
}

fz_err token_revoke(struct ctx *c, int64_t id)
{
    stmt *st = db_prepare(c->db, "SELECT t.org_id, u.home_org_id, t.revoked_at FROM api_tokens "
                                 "t JOIN users u ON u.id = t.user_id WHERE t.id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, id);
    int64_t tenant = 0, home = 0;
    bool revoked = false;
    if (db_step(st) == DB_ROW) {
        tenant = db_col_int(st, 0);
        home = db_col_int(st, 1);
        revoked = db_col_text(st, 2) != NULL;
    }
    db_done(st);
    if (!tenant)
        return ctx_fail(c, FZ_ENOTFOUND, NULL, "令牌不存在");
    if (revoked)
        return FZ_OK;
    fz_err e = db_begin(c->db, true);
    if (e)
        return e;
    const char *before = canon_str(c, id);
    char now[25];
    time_format_iso(c->now_ms, now);
    st = db_prepare(c->db, "UPDATE api_tokens SET revoked_at = ? WHERE id = ?");
    if (!before || !st)
        goto fail;
    db_bind_text(st, 1, now);
    db_bind_int(st, 2, id);
    if (db_run(st))
        goto fail;
    struct audit_entry ae = {.chain_id = tenant,
                             .org_id = home,
                             .action = "api_tokens.revoke",
                             .entity = "api_tokens",
                             .record_id = id,
                             .before = before,
                             .after = canon_str(c, id)};
    if (!ae.after || audit_append(c, &ae))
        goto fail;
    return db_commit(c->db);
fail:
    db_rollback(c->db);
    return ctx_fail(c, FZ_EDB, NULL, NULL);
}

fz_err token_list(struct ctx *c, int64_t user_id, struct token_row **out, size_t *n)
{
    stmt *st = db_prepare(c->db, "SELECT t.id, t.user_id, u.username, t.name, t.created_at, "
                                 "t.expires_at, t.revoked_at, t.last_used_at FROM api_tokens t "
                                 "JOIN users u ON u.id = t.user_id WHERE (? = 0 OR t.user_id = ?) "
                                 "ORDER BY t.id DESC");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, user_id);
    db_bind_int(st, 2, user_id);
    size_t cap = 16, count = 0;
    struct token_row *rows = arena_calloc(c->a, cap, sizeof *rows);
    enum db_step r;
    while ((r = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct token_row *bigger = arena_calloc(c->a, cap * 2, sizeof *bigger);
            memcpy(bigger, rows, cap * sizeof *rows);
            rows = bigger;
            cap *= 2;
        }
        struct token_row *t = &rows[count++];
        t->id = db_col_int(st, 0);
        t->user_id = db_col_int(st, 1);
        const char *cols[6];
        for (int i = 0; i < 6; i++) {
            const char *v = db_col_text(st, 2 + i);
            cols[i] = v ? arena_strdup(c->a, v) : NULL;
        }
        t->username = cols[0], t->name = cols[1], t->created_at = cols[2];
        t->expires_at = cols[3], t->revoked_at = cols[4], t->last_used_at = cols[5];
    }
    db_done(st);
    if (r == DB_ERROR)
        return FZ_EDB;
    *out = rows;
    *n = count;
    return FZ_OK;
}
