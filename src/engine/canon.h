/* canon.h — canonical JSON objects for audit states: keys in the order written (which is
 * the table's field order), no whitespace, integers as numbers, text as JSON strings.
 * The same record always serialises to the same bytes, so states compare with strcmp. */
#ifndef FZ_CANON_H
#define FZ_CANON_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "store/store.h"

void canon_begin(buf *b);
void canon_int(buf *b, const char *key, int64_t v);
void canon_text(buf *b, const char *key, const char *s); /* NULL writes null */
void canon_null(buf *b, const char *key);
void canon_ints(buf *b, const char *key, const int64_t *v, size_t n);
/* The key of a value the caller writes itself (nested arrays). */
void canon_raw_key(buf *b, const char *key);
void canon_end(buf *b);

/* A table row's canonical state, described by its columns (tables over code). */
enum canon_kind {
    CANON_INT,
    CANON_TEXT,
    CANON_DIGEST, /* text kept as its SHA-256 (a password hash: caught if edited, never held) */
};
struct canon_col {
    const char *column;
    enum canon_kind kind;
    const char *key; /* NULL: the column's name */
};
/* Writes the row `id` of table with cols (ending with {NULL}) to b. FZ_ENOTFOUND when there
 * is no such row. table and cols are static text. */
fz_err canon_row(sconn *db, const char *table, const struct canon_col *cols, int64_t id, buf *b);

#endif
