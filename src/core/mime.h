/* mime.h — what an uploaded file really is, from its first bytes and (for container formats
 * that several types share) its name. The type a client declares is never trusted: a page
 * or script renamed to .pdf stays refused. */
#ifndef FZ_MIME_H
#define FZ_MIME_H

#include <stddef.h>

/* How many leading bytes mime_sniff_head wants to decide (fewer are fine for most types). */
#define MIME_HEAD_BYTES 4096

/* The media type of data (named name), or NULL if it is none of the accepted kinds: PDF;
 * JPEG, PNG, WebP and HEIC images; MP4, QuickTime (MOV), 3GPP, WebM and Matroska video; MP3,
 * M4A, AAC, AMR, WAV and Ogg audio; plain UTF-8 text (.txt); Word and Excel documents (.doc
 * .docx .xls .xlsx). */
const char *mime_sniff(const void *data, size_t n, const char *name);
/* The same from the first n bytes of a longer file (a chunked upload's head): plain text
 * is judged on those bytes, and a character cut at their end is no fault. The caller checks
 * the rest of a text file as it reads it (core/utf8.h utf8_stream). */
const char *mime_sniff_head(const void *head, size_t n, const char *name);

#endif
