/* audit.c — appending to the per-tenant hash chains. Verification is in verify.c. */
#include "audit.h"

#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/log.h"
#include "store/migrate.h"
#include "core/banned.h"

static const char zero_hash[] = "0000000000000000000000000000000000000000000000000000000000000000";

static void put_str_or_null(buf *b, const char *s)
{
    if (s)
        buf_put_json_str(b, s);
    else
        buf_puts(b, "null");
}

void audit_canonical(buf *b, int64_t chain_id, int64_t seq, const char *at, int64_t actor_id,
                     const char *actor, const struct audit_entry *e)
{
    buf_printf(b, "[%lld,%lld,", (long long)chain_id, (long long)seq);
    buf_put_json_str(b, at);
    buf_printf(b, ",%lld,", (long long)actor_id);
    buf_put_json_str(b, actor);
    buf_printf(b, ",%lld,", (long long)e->org_id);
    buf_put_json_str(b, e->action);
    buf_putc(b, ',');
    buf_put_json_str(b, e->entity);
    buf_printf(b, ",%lld,", (long long)e->record_id);
    put_str_or_null(b, e->before);
    buf_putc(b, ',');
    put_str_or_null(b, e->after);
    buf_putc(b, ',');
    put_str_or_null(b, e->detail);
    buf_putc(b, ']');
}

enum hash_alg audit_alg(sconn *db, arena *a)
{
    const char *v = meta_get(db, "hash_alg", a);
    enum hash_alg alg = HASH_SHA256;
    if (v && hash_alg_parse(v, &alg) != 0)
        log_error("meta.hash_alg is \"%s\", not sha256 or sm3; using sha256", v);
    return alg;
}

fz_err audit_append(struct ctx *c, const struct audit_entry *e)
{
    fz_err err = db_begin(c->db, true);
    if (err)
        return err;
    int64_t seq = 1;
    const char *prev = zero_hash;
    /* Taking the next seq with an UPDATE locks the chain's head row (PostgreSQL) and is
     * serialised by the write transaction (SQLite). */
    stmt *st = db_prepare(c->db, "UPDATE audit_heads SET seq = seq + 1 WHERE chain_id = ? "
                                 "RETURNING seq, hash");
    if (!st)
        goto fail;
    db_bind_int(st, 1, e->chain_id);
    enum db_step r = db_step(st);
    if (r == DB_ROW) {
        seq = db_col_int(st, 0);
        prev = arena_strdup(c->a, db_col_text(st, 1));
    }
    db_done(st);
    if (r == DB_ERROR)
        goto fail;
    if (r == DB_DONE) {
        st = db_prepare(c->db, "INSERT INTO audit_heads (chain_id, seq, hash) VALUES (?, 1, ?)");
        if (!st)
            goto fail;
        db_bind_int(st, 1, e->chain_id);
        db_bind_text(st, 2, zero_hash);
        if (db_run(st))
            goto fail;
    }

    char at[25];
    time_format_iso(c->now_ms, at);
    const struct actor *who = c->actor;
    buf canon;
    buf_init(&canon, 0);
    buf_puts(&canon, prev);
    buf_putc(&canon, '\n');
    audit_canonical(&canon, e->chain_id, seq, at, who->user_id, who->username, e);
    char hash[DIGEST_HEX_LEN];
    int bad = canon.err || digest_hex(c->alg, canon.p, canon.len, hash);
    buf_release(&canon);
    if (bad)
        goto fail;

    st = db_prepare(c->db, "INSERT INTO audit (chain_id, seq, at, actor_id, actor, org_id, action, "
                           "entity, record_id, before_state, after_state, detail, prev_hash, hash) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        goto fail;
    db_bind_int(st, 1, e->chain_id);
    db_bind_int(st, 2, seq);
    db_bind_text(st, 3, at);
    if (who->user_id)
        db_bind_int(st, 4, who->user_id);
    else
        db_bind_null(st, 4);
    db_bind_text(st, 5, who->username);
    db_bind_int(st, 6, e->org_id);
    db_bind_text(st, 7, e->action);
    db_bind_text(st, 8, e->entity);
    db_bind_int(st, 9, e->record_id);
    db_bind_text(st, 10, e->before);
    db_bind_text(st, 11, e->after);
    db_bind_text(st, 12, e->detail);
    db_bind_text(st, 13, prev);
    db_bind_text(st, 14, hash);
    if (db_run(st))
        goto fail;

    st = db_prepare(c->db, "UPDATE audit_heads SET hash = ? WHERE chain_id = ?");
    if (!st)
        goto fail;
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, e->chain_id);
    if (db_run(st))
        goto fail;
    return db_commit(c->db);
fail:
    log_error("audit: cannot append %s to chain %lld", e->action, (long long)e->chain_id);
    db_rollback(c->db);
    return FZ_EDB;
}

struct pending_audit {
    struct pending_audit *next;
    struct audit_entry e;
};

static const char *dup_or_null(arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

fz_err audit_append_own_tx(struct ctx *c, const struct audit_entry *e)
{
    if (!db_in_tx(c->db))
        return audit_append(c, e);
    struct pending_audit *p = arena_alloc(c->a, sizeof *p);
    p->e = *e;
    p->e.action = arena_strdup(c->a, e->action);
    p->e.entity = arena_strdup(c->a, e->entity);
    p->e.before = dup_or_null(c->a, e->before);
    p->e.after = dup_or_null(c->a, e->after);
    p->e.detail = dup_or_null(c->a, e->detail);
    /* keep them in the order they happened */
    struct pending_audit **tail = &c->pending;
    while (*tail)
        tail = &(*tail)->next;
    *tail = p;
    return FZ_OK;
}

fz_err audit_flush_refusals(struct ctx *c)
{
    if (db_in_tx(c->db)) {
        log_error("audit: refusals flushed inside a transaction");
        return FZ_EINTERNAL;
    }
    fz_err err = FZ_OK;
    for (struct pending_audit *p = c->pending; p; p = p->next) {
        fz_err e = audit_append(c, &p->e);
        if (e && !err)
            err = e;
    }
    c->pending = NULL;
    return err;
}

fz_err audit_read(struct ctx *c, const char *entity, int64_t record_id, int64_t chain_id,
                  int64_t org_id)
{
    struct audit_entry ae = {.chain_id = chain_id,
                             .org_id = org_id,
                             .action = arena_printf(c->a, "%s.read", entity),
                             .entity = entity,
                             .record_id = record_id};
    return audit_append_own_tx(c, &ae);
}
