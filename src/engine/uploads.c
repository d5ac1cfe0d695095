/* uploads.c — resumable chunked uploads (uploads.h): opening, chunks, completion, purge. */
#include "uploads.h"

#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "core/mime.h"
#include "core/utf8.h"
#include "engine/blobs.h"
#include "engine/files.h"
#include "core/banned.h"

#define NOT_FOUND_TEXT "未找到该上传，或它已过期，请重新上传"

/* ---- rows -------------------------------------------------------------------------------- */

/* Reads upload id into out (strings in c->a) and its owner into *user. */
static enum db_step load(struct ctx *c, int64_t id, struct upload *out, int64_t *user)
{
    stmt *st = db_prepare(c->db, "SELECT user_id, name, size, sha256, received, file_id, "
                                 "expires_at FROM uploads WHERE id = ?");
    if (!st)
        return DB_ERROR;
    db_bind_int(st, 1, id);
    enum db_step r = db_step(st);
    if (r == DB_ROW) {
        *user = db_col_int(st, 0);
        out->id = id;
        out->name = arena_strdup(c->a, db_col_text(st, 1));
        out->size = db_col_int(st, 2);
        out->sha256 = db_col_null(st, 3) ? NULL : arena_strdup(c->a, db_col_text(st, 3));
        out->received = db_col_int(st, 4);
        out->file_id = db_col_null(st, 5) ? 0 : db_col_int(st, 5);
        out->expires_at = arena_strdup(c->a, db_col_text(st, 6));
    }
    db_done(st);
    return r;
}

/* Removes what upload id received: its parts, then their chunks. */
static fz_err drop_parts(struct ctx *c, int64_t id)
{
    stmt *st = db_prepare(c->db, "SELECT chunk_id FROM upload_parts WHERE upload_id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, id);
    size_t n = 0, cap = 64;
    int64_t *chunks = arena_calloc(c->a, cap, sizeof *chunks);
    enum db_step r;
    while ((r = db_step(st)) == DB_ROW) {
        if (n == cap) {
            int64_t *more = arena_calloc(c->a, cap * 2, sizeof *more);
            memcpy(more, chunks, n * sizeof *chunks);
            chunks = more;
            cap *= 2;
        }
        chunks[n++] = db_col_int(st, 0);
    }
    db_done(st);
    if (r == DB_ERROR)
        return FZ_EDB;
    if (!(st = db_prepare(c->db, "DELETE FROM upload_parts WHERE upload_id = ?")))
        return FZ_EDB;
    db_bind_int(st, 1, id);
    if (db_run(st))
        return FZ_EDB;
    for (size_t i = 0; i < n; i++) {
        if (!(st = db_prepare(c->db, "DELETE FROM chunks WHERE id = ?")))
            return FZ_EDB;
        db_bind_int(st, 1, chunks[i]);
        if (db_run(st))
            return FZ_EDB;
    }
    return FZ_OK;
}

/* Removes upload id and what it received, in the caller's write transaction. */
static fz_err drop(struct ctx *c, int64_t id)
{
    if (drop_parts(c, id))
        return FZ_EDB;
    stmt *st = db_prepare(c->db, "DELETE FROM uploads WHERE id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, id);
    return db_run(st);
}

/* Drops upload id in a transaction of its own (after a refusal), logging why. */
static void drop_refused(struct ctx *c, const struct upload *up, const char *why)
{
    fz_err e = db_begin(c->db, true);
    if (!e && (e = drop(c, up->id)))
        db_rollback(c->db);
    if (!e)
        e = db_commit(c->db);
    if (e)
        log_error("uploads: cannot drop refused upload %lld: %s", (long long)up->id, err_code(e));
    else
        log_info("uploads: upload %lld refused (%s) and dropped", (long long)up->id, why);
}

static bool expired(const struct ctx *c, const struct upload *up)
{
    char now[25];
    time_format_iso(c->now_ms, now);
    return strcmp(up->expires_at, now) < 0;
}

static void log_purge(const struct upload *up, int64_t user)
{
    if (up->file_id)
        log_debug("uploads: purged finished upload %lld", (long long)up->id);
    else
        log_info("uploads: purged expired upload %lld of user %lld (%lld of %lld bytes "
                 "received)",
                 (long long)up->id, (long long)user, (long long)up->received, (long long)up->size);
}

/* Inside a write transaction: the actor's live upload id into out. An expired one is
 * dropped (the caller commits that) and, like another's, FZ_ENOTFOUND. */
static fz_err find(struct ctx *c, int64_t id, struct upload *out)
{
    int64_t user = 0;
    enum db_step r = load(c, id, out, &user);
    if (r == DB_ERROR)
        return FZ_EDB;
    if (r != DB_ROW || !c->actor->user_id || user != c->actor->user_id)
        return ctx_fail(c, FZ_ENOTFOUND, NULL, NOT_FOUND_TEXT);
    if (expired(c, out)) {
        if (drop(c, id))
            return FZ_EDB;
        log_purge(out, user);
        return ctx_fail(c, FZ_ENOTFOUND, NULL, NOT_FOUND_TEXT);
    }
    return FZ_OK;
}

/* ---- opening ----------------------------------------------------------------------------- */

static bool hex64(const char *s)
{
    if (!s || strlen(s) != 64)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F')))
            return false;
    return true;
}

fz_err upload_open(struct ctx *c, int64_t org_id, const char *name, int64_t size,
                   const char *sha256, struct upload *out)
{
    if (size <= 0)
        return ctx_fail(c, FZ_EVALID, "size", "文件是空的");
    if (size > UPLOAD_MAX_SIZE)
        return ctx_fail(c, FZ_ETOOBIG, "size", "文件超过 %lld MB 的上限，无法上传",
                        (long long)(UPLOAD_MAX_SIZE >> 20));
    if (sha256 && !hex64(sha256))
        return ctx_fail(c, FZ_EVALID, "sha256", "“sha256”应为 64 位十六进制数字");
    if (!c->actor->user_id)
        return ctx_fail(c, FZ_EFORBIDDEN, NULL, "只有登录的用户可以上传文件");
    int64_t tenant;
    fz_err err = file_upload_tenant(c, org_id, &tenant);
    if (err)
        return err;
    /* Opportunistic: whoever opens an upload clears a few expired ones. A failure here is
     * logged by upload_purge and does not stop this upload. */
    if (upload_purge(c, 2, NULL))
        log_warn("uploads: purge before opening an upload failed");
    char *sha = NULL;
    if (sha256) {
        sha = arena_strdup(c->a, sha256);
        for (char *p = sha; *p; p++)
            if (*p >= 'A' && *p <= 'F')
                *p = (char)(*p - 'A' + 'a');
    }
    name = file_clean_name(c->a, name);
    char now[25], expires[25];
    time_format_iso(c->now_ms, now);
    time_format_iso(c->now_ms + UPLOAD_TTL_MS, expires);
    if ((err = db_begin(c->db, true)))
        return ctx_fail(c, err, NULL, NULL);
    stmt *st = db_prepare(c->db, "SELECT COUNT(*) FROM uploads WHERE user_id = ? AND file_id IS "
                                 "NULL AND expires_at >= ?");
    if (!st)
        goto fail;
    db_bind_int(st, 1, c->actor->user_id);
    db_bind_text(st, 2, now);
    int64_t open = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
    db_done(st);
    if (open < 0)
        goto fail;
    if (open >= UPLOAD_MAX_OPEN) {
        db_rollback(c->db);
        return ctx_fail(c, FZ_EGUARD, NULL,
                        "您已有 %d 个未完成的上传，请先完成或取消后再上传新文件", UPLOAD_MAX_OPEN);
    }
    st = db_prepare(c->db, "INSERT INTO uploads (org_id, user_id, name, size, sha256, received, "
                           "created_at, expires_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING id");
    if (!st)
        goto fail;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, c->actor->user_id);
    db_bind_text(st, 3, name);
    db_bind_int(st, 4, size);
    db_bind_text(st, 5, sha);
    db_bind_text(st, 6, now);
    db_bind_text(st, 7, expires);
    int64_t id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    if (!id)
        goto fail;
    if ((err = db_commit(c->db)))
        return ctx_fail(c, err, NULL, NULL);
    *out = (struct upload){.id = id,
                           .size = size,
                           .name = name,
                           .sha256 = sha,
                           .expires_at = arena_strdup(c->a, expires)};
    return FZ_OK;
fail:
    db_rollback(c->db);
    return ctx_fail(c, FZ_EDB, NULL, NULL);
}

fz_err upload_get(struct ctx *c, int64_t id, struct upload *out)
{
    /* a write transaction: finding an expired upload purges it */
    fz_err err = db_begin(c->db, true);
    if (err)
        return ctx_fail(c, err, NULL, NULL);
    err = find(c, id, out);
    if (err == FZ_EDB) {
        db_rollback(c->db);
        return ctx_fail(c, FZ_EDB, NULL, NULL);
    }
    fz_err ce = db_commit(c->db);
    return err ? err : ce ? ctx_fail(c, ce, NULL, NULL) : FZ_OK;
}

fz_err upload_cancel(struct ctx *c, int64_t id)
{
    struct upload up = {0};
    fz_err err = db_begin(c->db, true);
    if (err)
        return ctx_fail(c, err, NULL, NULL);
    err = find(c, id, &up);
    if (!err && drop(c, id))
        err = FZ_EDB;
    if (err == FZ_EDB) {
        db_rollback(c->db);
        return ctx_fail(c, FZ_EDB, NULL, NULL);
    }
    fz_err ce = db_commit(c->db);
    if (err)
        return err;
    if (ce)
        return ctx_fail(c, ce, NULL, NULL);
    if (!up.file_id)
        log_info("uploads: upload %lld cancelled by user %lld (%lld of %lld bytes received)",
                 (long long)id, (long long)c->actor->user_id, (long long)up.received,
                 (long long)up.size);
    return FZ_OK;
}

/* ---- completion -------------------------------------------------------------------------- */

/* One pass over the chunks of a complete upload. */
struct pass {
    digest_ctx *digest;
    unsigned char head[MIME_HEAD_BYTES];
    size_t nhead;
    struct utf8_stream text;
    int64_t parts;
};

static int pass_chunk(void *cls, const unsigned char *p, size_t n)
{
    struct pass *ps = cls;
    digest_update(ps->digest, p, n);
    utf8_stream_feed(&ps->text, p, n);
    size_t room = sizeof ps->head - ps->nhead;
    size_t take = n < room ? n : room;
    memcpy(ps->head + ps->nhead, p, take);
    ps->nhead += take;
    ps->parts++;
    return 0;
}

/* Reads every chunk of up: its SHA-256 into sha, its type (NULL when refused). */
static fz_err check_chunks(struct ctx *c, const struct upload *up, char sha[DIGEST_HEX_LEN],
                           const char **mime, int64_t *parts)
{
    struct pass ps = {.digest = digest_begin(HASH_SHA256)};
    if (!ps.digest)
        return FZ_EINTERNAL;
    /* one read transaction: the chunks as of one moment */
    fz_err err = db_begin(c->db, false);
    stmt *st = err ? NULL
                   : db_prepare(c->db, "SELECT p.first_byte, k.data FROM upload_parts p JOIN "
                                       "chunks k ON k.id = p.chunk_id WHERE p.upload_id = ? "
                                       "ORDER BY p.first_byte");
    int64_t total = 0;
    bool contiguous = false;
    if (st) {
        db_bind_int(st, 1, up->id);
        err = chunks_walk(st, pass_chunk, &ps, &total, &contiguous);
    } else if (!err) {
        err = FZ_EDB;
    }
    if (db_in_tx(c->db)) {
        fz_err ce = db_commit(c->db);
        if (!err)
            err = ce;
    }
    if (digest_end(ps.digest, sha) && !err)
        err = FZ_EINTERNAL;
    if (err)
        return err;
    if (!contiguous || total != up->size) {
        log_error("uploads: the chunks of upload %lld hold %lld of its %lld bytes, not in one run",
                  (long long)up->id, (long long)total, (long long)up->size);
        return FZ_EINTERNAL;
    }
    *mime = (size_t)up->size <= ps.nhead ? mime_sniff(ps.head, ps.nhead, up->name)
                                         : mime_sniff_head(ps.head, ps.nhead, up->name);
    if (*mime && strcmp(*mime, "text/plain") == 0 && !utf8_stream_end(&ps.text))
        *mime = NULL;
    if (*mime && !file_mime_allowed(*mime))
        *mime = NULL;
    *parts = ps.parts;
    return FZ_OK;
}

/* The blob of a complete upload: its chunks, now the blob's parts; or, when the same bytes
 * are stored already, nothing (the chunks go). In the caller's write transaction. */
static fz_err store_blob(struct ctx *c, const struct upload *up, const char *sha, int64_t parts)
{
    stmt *st = db_prepare(c->db, "INSERT INTO blobs (sha256, size, data, parts) VALUES "
                                 "(?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, sha);
    db_bind_int(st, 2, up->size);
    db_bind_blob(st, 3, "", 0); /* empty, not NULL: the bytes are in the parts */
    db_bind_int(st, 4, parts);
    if (db_run(st))
        return FZ_EDB;
    if (db_changes(c->db) == 0)
        return drop_parts(c, up->id);
    st = db_prepare(c->db, "INSERT INTO blob_parts (sha256, first_byte, chunk_id) SELECT ?, "
                           "first_byte, chunk_id FROM upload_parts WHERE upload_id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, sha);
    db_bind_int(st, 2, up->id);
    if (db_run(st))
        return FZ_EDB;
    if (!(st = db_prepare(c->db, "DELETE FROM upload_parts WHERE upload_id = ?")))
        return FZ_EDB;
    db_bind_int(st, 1, up->id);
    return db_run(st);
}

/* Checks and stores the file of an upload that holds every byte. */
static fz_err complete(struct ctx *c, int64_t org_id, struct upload *up)
{
    char sha[DIGEST_HEX_LEN];
    const char *mime = NULL;
    int64_t parts = 0, tenant;
    fz_err err = check_chunks(c, up, sha, &mime, &parts);
    if (err)
        return ctx_fail(c, err, NULL, NULL);
    if (!mime) {
        drop_refused(c, up, "type");
        return ctx_fail(c, FZ_EMEDIA, "file", "%s", file_types_refused);
    }
    if (up->sha256 && strcmp(up->sha256, sha) != 0) {
        drop_refused(c, up, "sha256");
        return ctx_fail(c, FZ_EVALID, "sha256",
                        "收到的文件内容与声明的 SHA-256 不一致（可能在传输中损坏），请重新上传");
    }
    if ((err = file_upload_tenant(c, org_id, &tenant)))
        return err;
    if ((err = db_begin(c->db, true)))
        return ctx_fail(c, err, NULL, NULL);
    /* another request may have completed it meanwhile, or cancelled it */
    struct upload now = {0};
    err = find(c, up->id, &now);
    if (err || now.file_id || now.received != now.size) {
        if (err == FZ_EDB) {
            db_rollback(c->db);
            return ctx_fail(c, FZ_EDB, NULL, NULL);
        }
        fz_err ce = db_commit(c->db);
        *up = now;
        return err ? err : ce ? ctx_fail(c, ce, NULL, NULL) : FZ_OK;
    }
    int64_t file_id = 0;
    if (store_blob(c, up, sha, parts) ||
        file_insert(c, tenant, org_id, up->name, mime, sha, up->size, &file_id))
        goto fail;
    stmt *st = db_prepare(c->db, "UPDATE uploads SET file_id = ? WHERE id = ?");
    if (!st)
        goto fail;
    db_bind_int(st, 1, file_id);
    db_bind_int(st, 2, up->id);
    if (db_run(st))
        goto fail;
    if ((err = db_commit(c->db)))
        return ctx_fail(c, err, NULL, NULL);
    up->file_id = file_id;
    return FZ_OK;
fail:
    db_rollback(c->db);
    return ctx_fail(c, FZ_EDB, NULL, NULL);
}

/* ---- chunks ------------------------------------------------------------------------------ */

/* Appends data at up->received, chunk rows of at most BLOB_CHUNK_MAX, and moves the expiry
 * on. In the caller's write transaction. */
static fz_err append(struct ctx *c, struct upload *up, const unsigned char *data, size_t n)
{
    for (size_t off = 0; off < n; off += BLOB_CHUNK_MAX) {
        size_t len = n - off < BLOB_CHUNK_MAX ? n - off : BLOB_CHUNK_MAX;
        stmt *st = db_prepare(c->db, "INSERT INTO chunks (data) VALUES (?) RETURNING id");
        if (!st)
            return FZ_EDB;
        db_bind_blob(st, 1, data + off, len);
        int64_t chunk = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
        db_done(st);
        if (!chunk)
            return FZ_EDB;
        st = db_prepare(c->db, "INSERT INTO upload_parts (upload_id, first_byte, chunk_id) "
                               "VALUES (?, ?, ?)");
        if (!st)
            return FZ_EDB;
        db_bind_int(st, 1, up->id);
        db_bind_int(st, 2, up->received + (int64_t)off);
        db_bind_int(st, 3, chunk);
        if (db_run(st))
            return FZ_EDB;
    }
    char expires[25];
    time_format_iso(c->now_ms + UPLOAD_TTL_MS, expires);
    stmt *st = db_prepare(c->db, "UPDATE uploads SET received = ?, expires_at = ? WHERE id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, up->received + (int64_t)n);
    db_bind_text(st, 2, expires);
    db_bind_int(st, 3, up->id);
    if (db_run(st))
        return FZ_EDB;
    up->received += (int64_t)n;
    up->expires_at = arena_strdup(c->a, expires);
    return FZ_OK;
}

/* Checks a chunk against the upload, in the caller's write transaction: the refusal, or
 * FZ_OK with *fresh telling whether it brings bytes the upload does not hold yet. */
static fz_err admit(struct ctx *c, const struct upload *up, int64_t first, int64_t total,
                    const unsigned char *data, size_t n, bool *fresh)
{
    *fresh = false;
    if (total >= 0 && total != up->size)
        return ctx_fail(c, FZ_EINVAL, NULL,
                        "Content-Range 中的文件总长度 %lld 与上传时声明的大小 %lld 不一致",
                        (long long)total, (long long)up->size);
    if (first < 0 || first + (int64_t)n > up->size)
        return ctx_fail(c, FZ_EINVAL, NULL, "这一段超出了文件的大小（%lld 字节）",
                        (long long)up->size);
    if (n == 0 || up->file_id || first + (int64_t)n <= up->received)
        return FZ_OK;
    if (first != up->received)
        return ctx_fail(c, FZ_EOFFSET, NULL, "已收到 %lld 字节，请从这里继续上传",
                        (long long)up->received);
    if (n < UPLOAD_CHUNK_MIN && first + (int64_t)n < up->size)
        return ctx_fail(c, FZ_EINVAL, NULL, "除最后一段外，每段至少 %zu KB",
                        UPLOAD_CHUNK_MIN >> 10);
    if (first == 0) {
        /* refuse a file of the wrong kind at its first chunk, not after all of it */
        const char *m = (int64_t)n == up->size ? mime_sniff(data, n, up->name)
                                               : mime_sniff_head(data, n, up->name);
        if (!m || !file_mime_allowed(m))
            return ctx_fail(c, FZ_EMEDIA, "file", "%s", file_types_refused);
    }
    *fresh = true;
    return FZ_OK;
}

fz_err upload_write(struct ctx *c, int64_t org_id, int64_t id, int64_t first, int64_t total,
                    const void *data, size_t n, struct upload *out)
{
    if (n > UPLOAD_CHUNK_MAX)
        return ctx_fail(c, FZ_ETOOBIG, NULL, "每段不能超过 %zu MB", UPLOAD_CHUNK_MAX >> 20);
    fz_err err = db_begin(c->db, true);
    if (err)
        return ctx_fail(c, err, NULL, NULL);
    bool fresh = false;
    err = find(c, id, out);
    if (!err)
        err = admit(c, out, first, total, data, n, &fresh);
    if (err == FZ_EMEDIA) {
        err = drop(c, id) ? FZ_EDB : FZ_EMEDIA;
        if (err == FZ_EMEDIA)
            log_info("uploads: upload %lld refused (type) and dropped", (long long)id);
    } else if (!err && fresh && append(c, out, data, n)) {
        err = FZ_EDB;
    }
    if (err == FZ_EDB) {
        db_rollback(c->db);
        return ctx_fail(c, FZ_EDB, NULL, NULL);
    }
    /* a refusal still commits what it changed: an expired or refused upload is dropped */
    fz_err ce = db_commit(c->db);
    if (err)
        return err;
    if (ce)
        return ctx_fail(c, ce, NULL, NULL);
    if (out->received == out->size && !out->file_id)
        return complete(c, org_id, out);
    return FZ_OK;
}

/* ---- purging ----------------------------------------------------------------------------- */

#define PURGE_BATCH 16

fz_err upload_purge(struct ctx *c, int max, int *purged)
{
    int done = 0;
    char now[25];
    time_format_iso(c->now_ms, now);
    for (;;) {
        int want = max && max - done < PURGE_BATCH ? max - done : PURGE_BATCH;
        if (want <= 0)
            break;
        stmt *st = db_prepare(c->db, "SELECT id FROM uploads WHERE expires_at < ? ORDER BY "
                                     "expires_at, id LIMIT ?");
        if (!st)
            return FZ_EDB;
        db_bind_text(st, 1, now);
        db_bind_int(st, 2, want);
        int64_t ids[PURGE_BATCH];
        int n = 0;
        enum db_step r = DB_DONE;
        while (n < want && (r = db_step(st)) == DB_ROW)
            ids[n++] = db_col_int(st, 0);
        db_done(st);
        if (n < want && r == DB_ERROR)
            return FZ_EDB;
        for (int i = 0; i < n; i++) {
            /* each in its own transaction: a purge never holds the write lock for long */
            struct upload up;
            int64_t user = 0;
            fz_err err = db_begin(c->db, true);
            if (err)
                return err;
            enum db_step lr = load(c, ids[i], &up, &user);
            if (lr == DB_ERROR || (lr == DB_ROW && expired(c, &up) && drop(c, ids[i]))) {
                db_rollback(c->db);
                log_error("uploads: cannot purge upload %lld", (long long)ids[i]);
                return FZ_EDB;
            }
            if ((err = db_commit(c->db)))
                return err;
            if (lr == DB_ROW && expired(c, &up)) {
                log_purge(&up, user);
                done++;
            }
        }
        if (n < want)
            break;
    }
    if (purged)
        *purged = done;
    return FZ_OK;
}
