/* mask.c — the portal's masking rules (mask.h). */
#include "engine/mask.h"

#include <stdbool.h>
#include <string.h>

#include "core/buf.h"
#include "core/banned.h"

static bool continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

const char *mask_person_name(arena *a, const char *name)
{
    if (!name || !*name)
        return "";
    size_t first = 1;
    while (name[first] && continuation((unsigned char)name[first]))
        first++;
    size_t rest = 0;
    for (const char *p = name + first; *p; p++)
        rest += !continuation((unsigned char)*p);
    buf b;
    buf_init(&b, 0);
    if (rest == 0)
        buf_puts(&b, "*");
    else
        buf_put(&b, name, first);
    for (size_t i = 0; i < rest; i++)
        buf_puts(&b, "*");
    char *out = arena_strndup(a, b.p, b.len);
    buf_release(&b);
    return out;
}

/* The length in bytes of a digit at p (ASCII or full-width ０-９), or 0. */
static size_t digit_at(const char *p)
{
    if (*p >= '0' && *p <= '9')
        return 1;
    const unsigned char *u = (const unsigned char *)p;
    return u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99 ? 3 : 0;
}

/* The length of a separator people put inside long numbers (space, hyphen, full-width
 * hyphen or space, middle dot), or 0. */
static size_t separator_at(const char *p)
{
    static const char *const seps[] = {" ", "-", "\xef\xbc\x8d", "\xe3\x80\x80", "\xc2\xb7"};
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
        if (strncmp(p, seps[i], strlen(seps[i])) == 0)
            return strlen(seps[i]);
    return 0;
}

/* A number starting at p: digits, separators between digits, and an identity number's
 * final X. *len gets its bytes; returns its digits. */
static size_t number_at(const char *p, size_t *len)
{
    size_t n = 0, at = 0, k;
    for (;;) {
        if ((k = digit_at(p + at))) {
            at += k;
            n++;
        } else if (n && (k = separator_at(p + at)) && digit_at(p + at + k)) {
            at += k;
        } else {
            break;
        }
    }
    if (n && (p[at] == 'X' || p[at] == 'x')) {
        at++;
        n++;
    } else if (n && strncmp(p + at, "\xef\xbc\xb8", 3) == 0) { /* full-width X */
        at += 3;
        n++;
    }
    *len = at;
    return n;
}

const char *mask_text(arena *a, const char *text, const struct mask_secret *secrets, int n)
{
    if (!text)
        return "";
    buf b;
    buf_init(&b, 0);
    const char *p = text;
    while (*p) {
        /* the longest secret starting here */
        int best = -1;
        size_t best_len = 0;
        for (int i = 0; i < n; i++) {
            const char *v = secrets[i].value;
            size_t l = v ? strlen(v) : 0;
            if (l >= 2 && l > best_len && strncmp(p, v, l) == 0)
                best = i, best_len = l;
        }
        if (best >= 0) {
            buf_puts(&b, secrets[best].replacement ? secrets[best].replacement : "***");
            p += best_len;
            continue;
        }
        size_t len, digits = number_at(p, &len);
        if (digits >= 11) {
            for (size_t i = 0; i < digits; i++)
                buf_puts(&b, "*");
            p += len;
            continue;
        }
        /* a short number is kept one byte at a time: a secret may start inside it
         * ("88886666" in "088886666"), and every later digit begins a shorter number */
        buf_put(&b, p, 1);
        p++;
    }
    char *out = arena_strndup(a, b.p ? b.p : "", b.len);
    buf_release(&b);
    return out;
}
