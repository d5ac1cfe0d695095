/* buf.h — the one growable string buffer.
 *
 * Invariants: b->p is never NULL and always NUL-terminated; b->len excludes the NUL.
 * A buffer has a cap (b->max, bytes); an append past it, or a failed allocation, sets the
 * sticky b->err and makes every later append a no-op, so a run of appends needs one check.
 * Ownership: the buffer owns b->p (heap). buf_release() frees it; buf_detach() hands it over
 * (caller frees with free()). */
#ifndef FZ_BUF_H
#define FZ_BUF_H

#include <stdarg.h>
#include <stddef.h>

enum buf_err { BUF_OK = 0, BUF_TOO_BIG, BUF_NOMEM };

typedef struct buf {
    char *p;
    size_t len, cap, max;
    int err;
} buf;

#define BUF_DEFAULT_MAX ((size_t)64 << 20)

void buf_init(buf *b, size_t max);
void buf_release(buf *b);
void buf_reset(buf *b);
/* Returns the heap string (never NULL) and leaves b empty; *len gets the length if len. */
char *buf_detach(buf *b, size_t *len);

void buf_put_slow(buf *b, const void *s, size_t n); /* buf_put when it must grow (or fail) */
void buf_puts(buf *b, const char *s);

/* Appends n bytes. Inline: the common case, room already there, is a copy — pages and
 * JSON append thousands of pieces. The cap holds: room is never past it (grow clamps). */
static inline void buf_put(buf *b, const void *s, size_t n)
{
    if (b->cap - b->len <= n || b->err) {
        buf_put_slow(b, s, n);
        return;
    }
    __builtin_memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static inline void buf_putc(buf *b, char c)
{
    buf_put(b, &c, 1);
}
void buf_put_int(buf *b, long long v); /* decimal, as printf's %lld, without printf */
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Escapers: text goes in as UTF-8, comes out safe for the context. */
void buf_put_html(buf *b, const char *s);     /* & < > " ' */
void buf_put_json_str(buf *b, const char *s); /* with the quotes */
void buf_put_csv(buf *b, const char *s);      /* quoted field; guards formula injection */
void buf_put_url(buf *b, const char *s);      /* percent-encoding for a query value */

#endif
