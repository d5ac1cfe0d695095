/* buf.c — growable capped string buffer with sticky errors, and context escapers. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static char empty[1];

void buf_init(buf *b, size_t max)
{
    b->p = empty;
    b->len = b->cap = 0;
    b->max = max ? max : BUF_DEFAULT_MAX;
    b->err = BUF_OK;
}

void buf_release(buf *b)
{
    if (b->cap)
        free(b->p);
    b->p = empty;
    b->len = b->cap = 0;
}

void buf_reset(buf *b)
{
    b->len = 0;
    b->err = BUF_OK;
    if (b->cap)
        b->p[0] = '\0';
}

char *buf_detach(buf *b, size_t *len)
{
    char *p;
    if (b->cap) {
        p = b->p;
    } else {
        p = malloc(1);
        if (p)
            p[0] = '\0';
    }
    if (len)
        *len = b->len;
    b->p = empty;
    b->len = b->cap = 0;
    return p;
}

static int grow(buf *b, size_t extra)
{
    if (b->err)
        return -1;
    if (extra > b->max || b->len > b->max - extra) {
        b->err = BUF_TOO_BIG;
        return -1;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
    /* never past the cap: buf_put's fast path relies on room meaning "within max" */
    if (b->max < (size_t)-1 && cap > b->max + 1)
        cap = b->max + 1;
    char *p = realloc(b->cap ? b->p : NULL, cap);
    if (!p) {
        b->err = BUF_NOMEM;
        return -1;
    }
    if (!b->cap)
        p[0] = '\0';
    b->p = p;
    b->cap = cap;
    return 0;
}

void buf_put_slow(buf *b, const void *s, size_t n)
{
    if (grow(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void buf_puts(buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

void buf_put_int(buf *b, long long v)
{
    char d[24];
    size_t i = sizeof d;
    /* negate as unsigned: LLONG_MIN has no positive counterpart */
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        d[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        d[--i] = '-';
    buf_put(b, d + i, sizeof d - i);
}

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0 || grow(b, (size_t)n))
        return;
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_put_html(buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep;
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        buf_put(b, run, (size_t)(s - run));
        buf_puts(b, rep);
        run = s + 1;
    }
    buf_put(b, run, (size_t)(s - run));
}

/* Bytes buf_put_json_str escapes: the control characters (and the NUL that ends the string),
 * " and \, and < > & so JSON is safe inside <script> too. UTF-8 passes through. */
/* clang-format off */
static const unsigned char json_escaped[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1, ['<'] = 1, ['>'] = 1, ['&'] = 1,
};
/* clang-format on */

void buf_put_json_str(buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    for (;;) {
        const char *run = s;
        while (!json_escaped[(unsigned char)*s])
            s++;
        buf_put(b, run, (size_t)(s - run));
        unsigned char c = (unsigned char)*s;
        if (!c)
            break;
        switch (c) {
        case '"':
            buf_put(b, "\\\"", 2);
            break;
        case '\\':
            buf_put(b, "\\\\", 2);
            break;
        case '\n':
            buf_put(b, "\\n", 2);
            break;
        case '\r':
            buf_put(b, "\\r", 2);
            break;
        case '\t':
            buf_put(b, "\\t", 2);
            break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            buf_put(b, u, 6);
        }
        }
        s++;
    }
    buf_putc(b, '"');
}

void buf_put_csv(buf *b, const char *s)
{
    buf_putc(b, '"');
    /* A cell starting with = + - @ (or tab/CR) is read as a formula by spreadsheets. */
    if (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r')
        buf_putc(b, '\'');
    const char *run = s;
    for (; *s; s++) {
        if (*s != '"')
            continue;
        buf_put(b, run, (size_t)(s - run + 1));
        buf_putc(b, '"');
        run = s + 1;
    }
    buf_put(b, run, (size_t)(s - run));
    buf_putc(b, '"');
}

void buf_put_url(buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            buf_putc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_put(b, e, 3);
        }
    }
}
