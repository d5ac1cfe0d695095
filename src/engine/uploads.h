/* uploads.h — resumable uploads of large files: evidence video and audio recorded on phones
 * in the field, sent over poor connections.
 *
 * A client opens an upload with the file's name, size and (optionally) SHA-256, then sends
 * the bytes in chunks, each starting exactly where the bytes received so far end; after a
 * dropped connection it asks how much arrived and goes on from there. Chunks are written to
 * the database as they arrive (engine/blobs.h), never gathered in memory. When the last
 * byte is in, the file is checked — the declared SHA-256, its type sniffed from its first
 * bytes, plain text valid UTF-8 throughout — and stored like any upload (engine/files.h:
 * content-addressed, deduplicated, audited as files.create); its chunks become the blob's
 * parts without being copied. A file that fails a check is dropped with its upload.
 *
 * An upload belongs to the user who opened it; to anyone else it does not exist
 * (FZ_ENOTFOUND). It expires UPLOAD_TTL_MS after it was opened or last received a chunk;
 * expired uploads are purged with their chunks (upload_purge), and each purge is logged.
 * Upload rows are working state, not records: they are not audited, the file is. A
 * completed upload stays (small, naming its file) until it expires, so a client whose
 * connection dropped during the last chunk still learns its file. */
#ifndef FZ_UPLOADS_H
#define FZ_UPLOADS_H

#include "engine/ctx.h"

#define UPLOAD_MAX_SIZE ((int64_t)512 << 20) /* the largest file */
#define UPLOAD_CHUNK_MAX ((size_t)8 << 20)   /* the most bytes one request brings */
#define UPLOAD_CHUNK_MIN ((size_t)64 << 10)  /* the fewest, except the chunk that ends the file */
#define UPLOAD_MAX_OPEN 8                    /* unfinished uploads per user */
#define UPLOAD_TTL_MS ((int64_t)24 * 3600 * 1000)

struct upload {
    int64_t id, size, received;
    int64_t file_id;        /* the stored file, once complete; else 0 */
    const char *name;       /* the cleaned display name */
    const char *sha256;     /* as declared (lowercase), or NULL */
    const char *expires_at; /* UTC ISO 8601 */
};

/* Opens an upload for the actor, who must be a writer at org_id (the home organisation,
 * as for file_store). size 1..UPLOAD_MAX_SIZE (over it: FZ_ETOOBIG); sha256 NULL or 64 hex
 * digits; at most UPLOAD_MAX_OPEN unfinished uploads per user (else FZ_EGUARD). Purges a
 * few expired uploads first. */
fz_err upload_open(struct ctx *c, int64_t org_id, const char *name, int64_t size,
                   const char *sha256, struct upload *out);
/* The actor's upload id. An expired one is purged and FZ_ENOTFOUND. */
fz_err upload_get(struct ctx *c, int64_t id, struct upload *out);
/* Writes n bytes (at most UPLOAD_CHUNK_MAX) at offset first of upload id; total is the file
 * size the client gives with them, or -1. Then, when the upload holds every byte and has no
 * file yet, completes it as the actor with org_id (as upload_open). out is the upload after
 * (out->file_id once complete; file_get reads the file).
 *   n == 0, or bytes the upload already holds: nothing is written (a repeated request, or
 *     a question: where does it stand?); a complete upload whose file is missing (the
 *     server stopped in between) is completed now.
 *   first != the bytes received: FZ_EOFFSET, out->received says where to go on.
 *   a range past the size, or total not the size, or a chunk under UPLOAD_CHUNK_MIN that
 *     does not end the file: FZ_EINVAL.
 *   the first chunk is not a type we accept (FZ_EMEDIA), or at completion the type, the
 *     text or the SHA-256 fails (FZ_EMEDIA, FZ_EVALID on "sha256"): the upload is dropped. */
fz_err upload_write(struct ctx *c, int64_t org_id, int64_t id, int64_t first, int64_t total,
                    const void *data, size_t n, struct upload *out);
/* Cancels the actor's upload id, removing it and what it received (its file, if it has
 * one, stays). */
fz_err upload_cancel(struct ctx *c, int64_t id);
/* Purges expired uploads and their chunks, the oldest first: at most max (0: all); *purged
 * (may be NULL) gets how many. Each one is logged. */
fz_err upload_purge(struct ctx *c, int max, int *purged);

#endif
