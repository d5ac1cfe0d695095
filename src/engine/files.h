/* files.h — uploaded files: content-addressed blobs (SHA-256) and the file records that
 * name them. A blob is never changed or deleted; uploading the same bytes twice stores
 * them once. Every upload is audited. */
#ifndef FZ_FILES_H
#define FZ_FILES_H

#include "engine/ctx.h"

#define FILE_NAME_MAX_CHARS 100

struct file_info {
    int64_t id, org_id, size, uploaded_by;
    const char *sha256, *mime, *name, *uploaded_at;
};

/* Why an upload's type is refused: the kinds accepted, in Chinese. */
extern const char file_types_refused[];

/* Stores data as a file of the actor's tenant (org_id: the uploader's organisation). Its
 * type is read from the bytes (core/mime.h), not from what the client declared; it must be
 * in the allowed list. name is cleaned to a safe display name. */
fz_err file_store(struct ctx *c, int64_t org_id, const char *name, const char *declared,
                  const void *data, size_t n, struct file_info *out);
/* Reads a file record (no content). FZ_ENOTFOUND unless the actor may see the file: its
 * uploader, or a reader of a record it is attached to (file_visible). */
fz_err file_get(struct ctx *c, int64_t id, struct file_info *out);
bool file_visible(struct ctx *c, int64_t id, int64_t uploaded_by, int64_t tenant);
/* The content of a blob stored whole; the pointer is valid until the arena is freed.
 * FZ_ETOOBIG for a blob stored in parts (engine/blobs.h), which is read piece by piece. */
fz_err file_content(struct ctx *c, const char *sha256, const void **data, size_t *n);
/* The kinds of file accepted for upload (what core/mime.c recognises), for pickers and
 * docs; ends with {NULL, NULL}. */
struct upload_type {
    const char *ext, *mime;
};
extern const struct upload_type upload_types[];
/* Whether mime is accepted for upload. */
bool file_mime_allowed(const char *mime);
fz_err file_canon(struct ctx *c, int64_t id, buf *b);

/* The pieces file_store is made of, shared with chunked uploads (engine/uploads.h): */
/* A display name from what the client called the file: valid UTF-8, its last path
 * component, no controls or quotes, at most FILE_NAME_MAX_CHARS; "附件" if nothing is left. */
const char *file_clean_name(arena *a, const char *name);
/* The tenant of org_id, where the actor must be allowed to upload (a writer there). */
fz_err file_upload_tenant(struct ctx *c, int64_t org_id, int64_t *tenant);
/* Inside the caller's write transaction, with the blob sha stored: the file record and its
 * audit entry (files.create). name is already clean. */
fz_err file_insert(struct ctx *c, int64_t tenant, int64_t org_id, const char *name,
                   const char *mime, const char *sha, int64_t size, int64_t *id);

#endif
