/* canon.h — canonical JSON objects for audit states: keys in the order written (which is
 * the table's field order), no whitespace, integers as numbers, text as JSON strings.
 * The same record always serialises to the same bytes, so states compare with strcmp. */
#ifndef FZ_CANON_H
#define FZ_CANON_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

void canon_begin(buf *b);
void canon_int(buf *b, const char *key, int64_t v);
void canon_text(buf *b, const char *key, const char *s); /* NULL writes null */
void canon_null(buf *b, const char *key);
void canon_ints(buf *b, const char *key, const int64_t *v, size_t n);
/* The key of a value the caller writes itself (nested arrays). */
void canon_raw_key(buf *b, const char *key);
void canon_end(buf *b);

#endif
