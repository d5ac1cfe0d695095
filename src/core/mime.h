/* mime.h — what an uploaded file really is, from its first bytes and (for container formats
 * that several types share) its name. The type a client declares is never trusted: a page
 * or script renamed to .pdf stays refused. */
#ifndef FZ_MIME_H
#define FZ_MIME_H

#include <stddef.h>

/* The media type of data (named name), or NULL if it is none of the accepted kinds: PDF,
 * JPEG, PNG, WebP, HEIC, MP4 video, MP3 and M4A audio, plain UTF-8 text (.txt), Word and
 * Excel documents (.doc .docx .xls .xlsx). */
const char *mime_sniff(const void *data, size_t n, const char *name);

#endif
