/* zip.h — a minimal ZIP writer for office documents (DOCX): entries stored uncompressed with
 * their CRC-32, a fixed timestamp (so the same content gives the same bytes), and the
 * central directory. Ownership: the archive is appended to the caller's buffer. */
#ifndef FZ_ZIP_H
#define FZ_ZIP_H

#include <stddef.h>

#include "core/buf.h"

#define ZIP_MAX_ENTRIES 32

struct zip {
    buf *out;
    struct {
        const char *name; /* the caller's string, alive until zip_finish */
        unsigned long crc;
        size_t size, offset;
    } entries[ZIP_MAX_ENTRIES];
    int n;
    size_t base; /* where the archive starts in out */
    int err;     /* an entry too many or too large */
};

void zip_init(struct zip *z, buf *out);
void zip_add(struct zip *z, const char *name, const void *data, size_t len);
/* Writes the central directory; 0, or -1 if any add failed or the buffer did. */
int zip_finish(struct zip *z);

#endif
