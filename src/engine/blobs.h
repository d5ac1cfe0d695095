/* blobs.h — the bytes of stored files, for files too large to hold in memory.
 *
 * A blob (content-addressed by SHA-256, never changed) is either one row, blobs.data — a
 * file that arrived in one request (engine/files.h file_store, at most 20 MiB) — or, when
 * it arrived in chunks (engine/uploads.h), blobs.parts rows of `chunks` (each at most
 * BLOB_CHUNK_MAX bytes) listed in order by blob_parts, with an empty blobs.data. Nothing
 * ever holds such a blob whole: uploads write it chunk by chunk, and downloads (a
 * blob_reader) and verify (chunks_walk) read it so. The same chunk rows serve first as the
 * parts of an upload (upload_parts) and then, unchanged and uncopied, as the blob's.
 *
 * Ownership: a blob_reader is heap-allocated and outlives the request that opened it (it is
 * read after the handler returns); it takes a pooled connection only while reading a chunk. */
#ifndef FZ_BLOBS_H
#define FZ_BLOBS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/crypto.h"
#include "store/store.h"

/* A chunk row's bytes at most: what a streamed download holds per connection. */
#define BLOB_CHUNK_MAX ((size_t)256 << 10)

/* Steps st — prepared and bound, its rows (first_byte, data) in order — and hands each
 * chunk to fn (which returns nonzero to stop: FZ_EINTERNAL). *total gets the bytes seen;
 * *contiguous turns false (and the walk stops) at a chunk that does not start where the
 * last one ended, or an empty or oversized one. st is finished (db_done). */
typedef int (*chunk_fn)(void *cls, const unsigned char *p, size_t n);
fz_err chunks_walk(stmt *st, chunk_fn fn, void *cls, int64_t *total, bool *contiguous);

/* The SHA-256 of a blob stored in parts, read chunk by chunk; *size the bytes, *parts the
 * chunks, *contiguous as above. */
fz_err blob_parts_digest(sconn *db, const char *sha256, char out[DIGEST_HEX_LEN], int64_t *size,
                         int64_t *parts, bool *contiguous);

struct blob_reader;
/* A reader of a blob stored in parts, of size bytes; NULL when out of memory. */
struct blob_reader *blob_reader_new(store *st, const char *sha256, int64_t size);
/* Copies up to max bytes from offset pos into dst: the count, 0 past the end, -1 when the
 * store fails or the chunks do not cover pos (logged). Reads one chunk row per call at most,
 * and keeps it for the calls that follow. */
long blob_reader_read(struct blob_reader *r, uint64_t pos, char *dst, size_t max);
void blob_reader_free(struct blob_reader *r);

#endif
