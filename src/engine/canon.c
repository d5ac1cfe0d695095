/* canon.c — canonical JSON writer. */
#include "canon.h"

#include "core/banned.h"

static void key(buf *b, const char *k)
{
    if (b->len && b->p[b->len - 1] != '{')
        buf_putc(b, ',');
    buf_put_json_str(b, k);
    buf_putc(b, ':');
}

void canon_begin(buf *b)
{
    buf_putc(b, '{');
}

void canon_int(buf *b, const char *k, int64_t v)
{
    key(b, k);
    buf_printf(b, "%lld", (long long)v);
}

void canon_text(buf *b, const char *k, const char *s)
{
    key(b, k);
    if (s)
        buf_put_json_str(b, s);
    else
        buf_puts(b, "null");
}

void canon_null(buf *b, const char *k)
{
    key(b, k);
    buf_puts(b, "null");
}

void canon_ints(buf *b, const char *k, const int64_t *v, size_t n)
{
    key(b, k);
    buf_putc(b, '[');
    for (size_t i = 0; i < n; i++)
        buf_printf(b, i ? ",%lld" : "%lld", (long long)v[i]);
    buf_putc(b, ']');
}

void canon_raw_key(buf *b, const char *k)
{
    key(b, k);
}

void canon_end(buf *b)
{
    buf_putc(b, '}');
}
