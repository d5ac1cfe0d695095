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

/* Stores data as a file of the actor's tenant (org_id: the uploader's organisation). Its
 * type is read from the bytes (core/mime.h), not from what the client declared; it must be
 * in the allowed list. name is cleaned to a safe display name. */
fz_err file_store(struct ctx *c, int64_t org_id, const char *name, const char *declared,
                  const void *data, size_t n, struct file_info *out);
/* Reads a file record (no content). FZ_ENOTFOUND unless the actor may see the file: its
 * uploader, or a reader of a record it is attached to (file_visible). */
fz_err file_get(struct ctx *c, int64_t id, struct file_info *out);
bool file_visible(struct ctx *c, int64_t id, int64_t uploaded_by, int64_t tenant);
/* The content; the pointer is valid until the arena is freed. */
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

#endif
