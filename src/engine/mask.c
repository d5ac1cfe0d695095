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

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
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
        if (is_digit(*p)) {
            size_t run = 0;
            while (is_digit(p[run]))
                run++;
            if (p[run] == 'X' || p[run] == 'x')
                run++;
            if (run >= 11) {
                for (size_t i = 0; i < run; i++)
                    buf_puts(&b, "*");
                p += run;
                continue;
            }
            /* a short number is kept one digit at a time: a secret may start inside it
             * ("88886666" in "088886666"), and every later digit begins a shorter run */
        }
        buf_put(&b, p, 1);
        p++;
    }
    char *out = arena_strndup(a, b.p ? b.p : "", b.len);
    buf_release(&b);
    return out;
}
