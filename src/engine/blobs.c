/* blobs.c — blobs stored in chunks: walking, hashing and streaming them (blobs.h). */
#include "blobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/banned.h"

fz_err chunks_walk(stmt *st, chunk_fn fn, void *cls, int64_t *total, bool *contiguous)
{
    *total = 0;
    *contiguous = true;
    enum db_step r;
    while ((r = db_step(st)) == DB_ROW) {
        size_t n;
        const unsigned char *p = db_col_blob(st, 1, &n);
        if (db_col_int(st, 0) != *total || n == 0 || n > BLOB_CHUNK_MAX) {
            *contiguous = false;
            break;
        }
        if (fn && fn(cls, p, n)) {
            db_done(st);
            return FZ_EINTERNAL;
        }
        *total += (int64_t)n;
    }
    db_done(st);
    return r == DB_ERROR ? FZ_EDB : FZ_OK;
}

static int digest_chunk(void *cls, const unsigned char *p, size_t n)
{
    digest_update(cls, p, n);
    return 0;
}

fz_err blob_parts_digest(sconn *db, const char *sha256, char out[DIGEST_HEX_LEN], int64_t *size,
                         int64_t *parts, bool *contiguous)
{
    stmt *count = db_prepare(db, "SELECT COUNT(*) FROM blob_parts WHERE sha256 = ?");
    if (!count)
        return FZ_EDB;
    db_bind_text(count, 1, sha256);
    enum db_step r = db_step(count);
    *parts = r == DB_ROW ? db_col_int(count, 0) : 0;
    db_done(count);
    if (r != DB_ROW)
        return FZ_EDB;
    stmt *st = db_prepare(db, "SELECT p.first_byte, c.data FROM blob_parts p JOIN chunks c ON "
                              "c.id = p.chunk_id WHERE p.sha256 = ? ORDER BY p.first_byte");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, sha256);
    digest_ctx *d = digest_begin(HASH_SHA256);
    if (!d) {
        db_done(st);
        return FZ_EINTERNAL;
    }
    fz_err e = chunks_walk(st, digest_chunk, d, size, contiguous);
    if (digest_end(d, out) && !e)
        e = FZ_EINTERNAL;
    return e;
}

struct blob_reader {
    store *st;
    char sha256[DIGEST_HEX_LEN];
    int64_t size;
    unsigned char *chunk; /* BLOB_CHUNK_MAX bytes: the chunk read last */
    int64_t at;           /* its first byte's offset in the blob */
    size_t len;           /* its length (0: none read yet) */
};

struct blob_reader *blob_reader_new(store *st, const char *sha256, int64_t size)
{
    struct blob_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->chunk = malloc(BLOB_CHUNK_MAX);
    if (!r->chunk) {
        free(r);
        return NULL;
    }
    r->st = st;
    snprintf(r->sha256, sizeof r->sha256, "%s", sha256);
    r->size = size;
    return r;
}

/* Reads the chunk holding byte pos into r->chunk. */
static int load_chunk(struct blob_reader *r, int64_t pos)
{
    sconn *db = store_acquire(r->st);
    if (!db)
        return -1;
    stmt *st = db_prepare(db, "SELECT p.first_byte, c.data FROM blob_parts p JOIN chunks c ON "
                              "c.id = p.chunk_id WHERE p.sha256 = ? AND p.first_byte <= ? "
                              "ORDER BY p.first_byte DESC LIMIT 1");
    int rc = -1;
    if (st) {
        db_bind_text(st, 1, r->sha256);
        db_bind_int(st, 2, pos);
        if (db_step(st) == DB_ROW) {
            size_t n;
            const void *p = db_col_blob(st, 1, &n);
            int64_t at = db_col_int(st, 0);
            if (n <= BLOB_CHUNK_MAX && pos < at + (int64_t)n) {
                memcpy(r->chunk, p, n);
                r->at = at;
                r->len = n;
                rc = 0;
            }
        }
        db_done(st);
    }
    store_release(r->st, db);
    if (rc)
        log_error("blob %.16s…: no chunk holds byte %lld", r->sha256, (long long)pos);
    return rc;
}

long blob_reader_read(struct blob_reader *r, uint64_t pos, char *dst, size_t max)
{
    if (pos >= (uint64_t)r->size)
        return 0;
    int64_t p = (int64_t)pos;
    if ((r->len == 0 || p < r->at || p >= r->at + (int64_t)r->len) && load_chunk(r, p))
        return -1;
    size_t n = (size_t)(r->at + (int64_t)r->len - p);
    if (n > max)
        n = max;
    memcpy(dst, r->chunk + (p - r->at), n);
    return (long)n;
}

void blob_reader_free(struct blob_reader *r)
{
    if (!r)
        return;
    free(r->chunk);
    free(r);
}
