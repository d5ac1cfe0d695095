/* verify.c — checks the audit chains, the audited states of every row, and the blobs. */
#include "verify.h"

#include <stdarg.h>
#include <string.h>

#include "core/buf.h"
#include "engine/audit.h"
#include "engine/entity.h"
#include "engine/blobs.h"
#include "engine/files.h"
#include "engine/people.h"
#include "engine/tokens.h"
#include "core/banned.h"

static const char zero_hash[] = "0000000000000000000000000000000000000000000000000000000000000000";

static void finding(buf *report, struct verify_result *res, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void finding(buf *report, struct verify_result *res, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_puts(report, "BAD ");
    buf_vprintf(report, fmt, ap);
    buf_putc(report, '\n');
    va_end(ap);
    res->problems++;
}

static const char *chain_name(struct ctx *c, int64_t chain)
{
    struct org o;
    if (org_by_id(c, chain, &o) == FZ_OK)
        return arena_printf(c->a, "%s %s", o.code, o.name);
    return "(no such organisation)";
}

static fz_err verify_chain(struct ctx *c, int64_t chain, buf *report, struct verify_result *res)
{
    stmt *st = db_prepare(c->db, "SELECT id, seq, at, actor_id, actor, org_id, action, entity, "
                                 "record_id, before_state, after_state, detail, prev_hash, hash "
                                 "FROM audit WHERE chain_id = ? ORDER BY seq");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, chain);
    char running[DIGEST_HEX_LEN];
    memcpy(running, zero_hash, sizeof running);
    int64_t expect = 1, count = 0;
    bool broken = false;
    buf canon;
    buf_init(&canon, 0);
    enum db_step r;
    while ((r = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0), seq = db_col_int(st, 1);
        count++;
        if (broken)
            continue;
        const char *prev = db_col_text(st, 12), *hash = db_col_text(st, 13);
        if (seq != expect) {
            finding(report, res,
                    "chain %lld (%s): entry seq %lld (audit id %lld) follows seq %lld: "
                    "entries are missing (deleted)",
                    (long long)chain, chain_name(c, chain), (long long)seq, (long long)id,
                    (long long)expect - 1);
            broken = true;
            continue;
        }
        if (!prev || strcmp(prev, running) != 0) {
            finding(report, res,
                    "chain %lld (%s): entry seq %lld (audit id %lld) does not link to the "
                    "entry before it: entries were inserted, deleted or reordered",
                    (long long)chain, chain_name(c, chain), (long long)seq, (long long)id);
            broken = true;
            continue;
        }
        struct audit_entry e = {.chain_id = chain,
                                .org_id = db_col_int(st, 5),
                                .action = db_col_text(st, 6),
                                .entity = db_col_text(st, 7),
                                .record_id = db_col_int(st, 8),
                                .before = db_col_text(st, 9),
                                .after = db_col_text(st, 10),
                                .detail = db_col_text(st, 11)};
        const char *at = db_col_text(st, 2), *actor = db_col_text(st, 4);
        buf_reset(&canon);
        buf_puts(&canon, running);
        buf_putc(&canon, '\n');
        audit_canonical(&canon, chain, seq, at ? at : "", db_col_int(st, 3), actor ? actor : "",
                        &e);
        char got[DIGEST_HEX_LEN];
        if (!e.action || !e.entity || canon.err || digest_hex(c->alg, canon.p, canon.len, got) ||
            !hash || strcmp(got, hash) != 0) {
            finding(report, res,
                    "chain %lld (%s): entry seq %lld (audit id %lld, %s) does not match its "
                    "hash: the entry was altered",
                    (long long)chain, chain_name(c, chain), (long long)seq, (long long)id,
                    e.action ? e.action : "?");
            broken = true;
            continue;
        }
        memcpy(running, hash, sizeof running);
        expect++;
    }
    db_done(st);
    buf_release(&canon);
    if (r == DB_ERROR)
        return FZ_EDB;
    res->entries += (int)count;
    if (broken)
        return FZ_OK;
    st = db_prepare(c->db, "SELECT seq, hash FROM audit_heads WHERE chain_id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, chain);
    r = db_step(st);
    if (r == DB_ROW) {
        int64_t hseq = db_col_int(st, 0);
        const char *hhash = db_col_text(st, 1);
        if (hseq != expect - 1 || !hhash || strcmp(hhash, running) != 0)
            finding(report, res,
                    "chain %lld (%s): the chain ends at seq %lld but its head records seq "
                    "%lld: the last entries were deleted or the head was altered",
                    (long long)chain, chain_name(c, chain), (long long)expect - 1, (long long)hseq);
    } else if (r == DB_DONE && count) {
        finding(report, res, "chain %lld (%s): the chain has no head record", (long long)chain,
                chain_name(c, chain));
    }
    db_done(st);
    if (r == DB_ERROR)
        return FZ_EDB;
    buf_printf(report, "ok  chain %lld (%s): %lld entries intact\n", (long long)chain,
               chain_name(c, chain), (long long)count);
    return FZ_OK;
}

/* A source of audited rows: a table and how to write one row's canonical state. */
struct audited {
    const char *table;
    const struct entity *e; /* or NULL with canon set */
    fz_err (*canon)(struct ctx *, int64_t, buf *);
};

static fz_err entity_canon_by_id(struct ctx *c, const struct entity *e, int64_t id, buf *b)
{
    struct record *r;
    fz_err err = record_load(c, e, id, &r);
    if (!err)
        record_canon(r, b);
    return err;
}

/* Merge-joins the table's ids with the audited states (both ordered by record id). */
static fz_err verify_states(struct ctx *c, const struct audited *src, buf *report,
                            struct verify_result *res)
{
    char *sql = arena_printf(c->a, "SELECT id FROM %s ORDER BY id", src->table);
    stmt *rows = db_prepare(c->db, sql);
    stmt *aud = db_prepare(c->db, "SELECT record_id, after_state FROM audit WHERE entity = ? "
                                  "AND after_state IS NOT NULL "
                                  "ORDER BY record_id, chain_id, seq");
    if (!rows || !aud) {
        db_done(rows);
        db_done(aud);
        return FZ_EDB;
    }
    db_bind_text(aud, 1, src->table);
    enum db_step ra = db_step(aud);
    buf cur;
    buf_init(&cur, 0);
    fz_err err = FZ_OK;
    int64_t last_audited_missing = 0;
    enum db_step rr;
    while ((rr = db_step(rows)) == DB_ROW) {
        int64_t id = db_col_int(rows, 0);
        res->records++;
        /* audited records with smaller ids than this row no longer exist */
        while (ra == DB_ROW && db_col_int(aud, 0) < id) {
            int64_t gone = db_col_int(aud, 0);
            if (gone != last_audited_missing)
                finding(report, res,
                        "%s id %lld: the audited record is gone (deleted behind "
                        "the program's back)",
                        src->table, (long long)gone);
            last_audited_missing = gone;
            ra = db_step(aud);
        }
        const char *last = NULL;
        while (ra == DB_ROW && db_col_int(aud, 0) == id) {
            last = arena_strdup(c->a, db_col_text(aud, 1));
            ra = db_step(aud);
        }
        buf_reset(&cur);
        err = src->e ? entity_canon_by_id(c, src->e, id, &cur) : src->canon(c, id, &cur);
        if (err)
            break;
        if (!last)
            finding(report, res,
                    "%s id %lld: the row has no audit entry (inserted behind the "
                    "program's back)",
                    src->table, (long long)id);
        else if (strcmp(last, cur.p) != 0)
            finding(report, res,
                    "%s id %lld: the row differs from its last audited state "
                    "(changed behind the program's back)",
                    src->table, (long long)id);
    }
    if (rr == DB_ERROR)
        err = FZ_EDB;
    while (!err && ra == DB_ROW) {
        int64_t gone = db_col_int(aud, 0);
        if (gone != last_audited_missing)
            finding(report, res,
                    "%s id %lld: the audited record is gone (deleted behind the "
                    "program's back)",
                    src->table, (long long)gone);
        last_audited_missing = gone;
        ra = db_step(aud);
    }
    db_done(rows);
    db_done(aud);
    buf_release(&cur);
    return err;
}

/* org_closure grants scope, so it must be exactly what the audited parent links imply. */
static fz_err verify_closure(struct ctx *c, buf *report, struct verify_result *res)
{
    struct org *orgs;
    size_t n;
    fz_err e = org_list_all(c, &orgs, &n);
    if (e)
        return e;
    int64_t expected = 0;
    for (size_t i = 0; i < n; i++) {
        /* walk up the parent links: every ancestor (and the org itself) must be recorded */
        int64_t at = orgs[i].id;
        for (int depth = 0; at && depth <= (int)n; depth++) {
            stmt *st = db_prepare(c->db, "SELECT depth FROM org_closure WHERE ancestor_id = ? "
                                         "AND descendant_id = ?");
            if (!st)
                return FZ_EDB;
            db_bind_int(st, 1, at);
            db_bind_int(st, 2, orgs[i].id);
            bool found = db_step(st) == DB_ROW && db_col_int(st, 0) == depth;
            db_done(st);
            if (!found)
                finding(report, res,
                        "org_closure: %s is not recorded under its ancestor #%lld "
                        "(the scope table was altered)",
                        orgs[i].code, (long long)at);
            expected++;
            int64_t parent = 0;
            for (size_t k = 0; k < n; k++)
                if (orgs[k].id == at)
                    parent = orgs[k].parent_id;
            at = parent;
        }
    }
    stmt *st = db_prepare(c->db, "SELECT COUNT(*) FROM org_closure");
    if (!st)
        return FZ_EDB;
    int64_t have = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
    db_done(st);
    if (have != expected)
        finding(report, res,
                "org_closure holds %lld rows where the organisation tree implies "
                "%lld: extra rows grant scope nobody was given",
                (long long)have, (long long)expected);
    return FZ_OK;
}

static fz_err verify_blobs(struct ctx *c, buf *report, struct verify_result *res)
{
    /* every file's content is there */
    stmt *missing = db_prepare(c->db, "SELECT f.id, f.sha256 FROM files f LEFT JOIN blobs b ON "
                                      "b.sha256 = f.sha256 WHERE b.sha256 IS NULL ORDER BY f.id");
    if (!missing)
        return FZ_EDB;
    enum db_step mr;
    while ((mr = db_step(missing)) == DB_ROW)
        finding(report, res, "files id %lld: its content (SHA-256 %.16s…) is gone (deleted)",
                (long long)db_col_int(missing, 0), db_col_text(missing, 1));
    db_done(missing);
    if (mr == DB_ERROR)
        return FZ_EDB;
    /* A blob stored in parts (engine/blobs.h) is read chunk by chunk, never whole: its
     * data column is empty, so this row holds little. */
    stmt *st = db_prepare(c->db, "SELECT sha256, size, data, parts FROM blobs ORDER BY sha256");
    if (!st)
        return FZ_EDB;
    enum db_step r;
    while ((r = db_step(st)) == DB_ROW) {
        res->blobs++;
        char sha[DIGEST_HEX_LEN];
        const char *key = db_col_text(st, 0);
        int64_t size = db_col_int(st, 1), parts = db_col_int(st, 3), n = 0, found = 0;
        bool contiguous = true;
        if (parts > 0) {
            fz_err e = blob_parts_digest(c->db, key ? key : "", sha, &n, &found, &contiguous);
            if (e) {
                db_done(st);
                return e;
            }
        } else {
            size_t len;
            const void *p = db_col_blob(st, 2, &len);
            n = (int64_t)len;
            if (digest_hex(HASH_SHA256, p, len, sha))
                sha[0] = '\0';
            found = parts;
        }
        if (!contiguous || found != parts)
            finding(report, res,
                    "blob %.64s: %lld of its %lld parts are there, or not in one run (deleted "
                    "or altered)",
                    key ? key : "?", (long long)found, (long long)parts);
        else if (!key || strcmp(sha, key) != 0 || n != size)
            finding(report, res, "blob %.64s: the content does not match its SHA-256 (altered)",
                    key ? key : "?");
    }
    db_done(st);
    return r == DB_ERROR ? FZ_EDB : FZ_OK;
}

static fz_err verify_snapshot(struct ctx *c, buf *report, struct verify_result *res);

/* One read transaction: a live server may keep writing, and every check must see the same
 * moment (otherwise a chain read before a write and its head read after disagree). */
fz_err verify_all(struct ctx *c, buf *report, struct verify_result *res)
{
    fz_err e = db_begin(c->db, false);
    if (e)
        return e;
    e = verify_snapshot(c, report, res);
    db_commit(c->db);
    return e;
}

static fz_err verify_snapshot(struct ctx *c, buf *report, struct verify_result *res)
{
    memset(res, 0, sizeof *res);
    stmt *st = db_prepare(c->db, "SELECT chain_id FROM audit_heads UNION "
                                 "SELECT DISTINCT chain_id FROM audit ORDER BY 1");
    if (!st)
        return FZ_EDB;
    size_t cap = 64, n = 0;
    int64_t *chains = arena_calloc(c->a, cap, sizeof *chains);
    enum db_step r;
    while ((r = db_step(st)) == DB_ROW) {
        if (n == cap) {
            int64_t *bigger = arena_calloc(c->a, cap * 2, sizeof *bigger);
            memcpy(bigger, chains, cap * sizeof *chains);
            chains = bigger;
            cap *= 2;
        }
        chains[n++] = db_col_int(st, 0);
    }
    db_done(st);
    if (r == DB_ERROR)
        return FZ_EDB;
    fz_err err;
    for (size_t i = 0; i < n; i++) {
        res->chains++;
        if ((err = verify_chain(c, chains[i], report, res)))
            return err;
    }
    static const struct audited people[] = {
        {"orgs", NULL, org_canon},
        {"users", NULL, user_canon},
        {"user_roles", NULL, user_role_canon},
        {"files", NULL, file_canon},
        {"api_tokens", NULL, token_canon},
    };
    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++)
        if ((err = verify_states(c, &people[i], report, res)))
            return err;
    int ne;
    const struct entity *const *all = entity_all(&ne);
    for (int i = 0; i < ne; i++) {
        struct audited src = {all[i]->name, all[i], NULL};
        if ((err = verify_states(c, &src, report, res)))
            return err;
    }
    if ((err = verify_closure(c, report, res)) || (err = verify_blobs(c, report, res)))
        return err;
    buf_printf(report, "%d chain(s), %d audit entries, %d records, %d blobs checked: %s\n",
               res->chains, res->entries, res->records, res->blobs,
               res->problems ? "PROBLEMS FOUND" : "intact");
    return FZ_OK;
}
