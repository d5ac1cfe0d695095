/* utf8.c — strict UTF-8 validation (RFC 3629) and character counting. */
#include "utf8.h"

#include <string.h>

#include "banned.h"

bool utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str, *end = s + n;
    while (s < end) {
        unsigned c = *s;
        if (c == 0)
            return false;
        if (c < 0x80) {
            s++;
            continue;
        }
        size_t len;
        unsigned cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2, cp = c & 0x1F, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3, cp = c & 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4, cp = c & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if ((size_t)(end - s) < len)
            return false;
        for (size_t i = 1; i < len; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        s += len;
    }
    return true;
}

size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

bool utf8_has_controls(const char *str, bool multiline)
{
    const unsigned char *s = (const unsigned char *)str;
    for (; *s; s++) {
        if (*s < 0x20) {
            if (multiline && (*s == '\n' || *s == '\r' || *s == '\t'))
                continue;
            return true;
        }
        if (*s == 0x7F)
            return true;
        /* C1 controls U+0080..U+009F are encoded C2 80..C2 9F */
        if (*s == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)
            return true;
        /* bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069) can make a
         * name read differently from what it is: E2 80 AA..AE, E2 81 A6..A9 */
        if (*s == 0xE2 && s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE)
            return true;
        if (*s == 0xE2 && s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)
            return true;
    }
    return false;
}

size_t utf8_prefix(const char *s, size_t max_chars)
{
    size_t i = 0, chars = 0;
    while (s[i]) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == max_chars)
                break;
            chars++;
        }
        i++;
    }
    return i;
}

/* The length of the character a lead byte starts (0: not a lead byte of a multi-byte one). */
static size_t lead_len(unsigned char c)
{
    return c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
}

/* How many bytes at the end of s[0..n) start a character that the bytes do not finish. */
static size_t cut_tail(const unsigned char *s, size_t n)
{
    for (size_t back = 1; back <= 3 && back <= n; back++) {
        unsigned char c = s[n - back];
        if ((c & 0xC0) != 0x80) /* the last character starts here */
            return lead_len(c) > back ? back : 0;
    }
    return 0;
}

void utf8_stream_feed(struct utf8_stream *u, const void *data, size_t n)
{
    const unsigned char *p = data;
    if (u->bad)
        return;
    if (u->ncarry) {
        size_t need = lead_len(u->carry[0]) - u->ncarry;
        size_t take = need < n ? need : n;
        memcpy(u->carry + u->ncarry, p, take);
        u->ncarry = (unsigned char)(u->ncarry + take);
        p += take;
        n -= take;
        if (take < need)
            return;
        u->bad = !utf8_valid((const char *)u->carry, u->ncarry);
        u->ncarry = 0;
        if (u->bad)
            return;
    }
    size_t tail = cut_tail(p, n);
    if (!utf8_valid((const char *)p, n - tail)) {
        u->bad = true;
        return;
    }
    memcpy(u->carry, p + n - tail, tail);
    u->ncarry = (unsigned char)tail;
}

bool utf8_stream_end(const struct utf8_stream *u)
{
    return !u->bad && u->ncarry == 0;
}
