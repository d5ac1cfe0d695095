/* form.c — urlencoded and multipart/form-data parsing. */
#include "form.h"

#include <string.h>

#include "core/utf8.h"
#include "core/banned.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int form_decode(arena *a, const char *s, size_t len, const char **out)
{
    char *d = arena_alloc(a, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '+') {
            d[o++] = ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= len)
                return -1;
            int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
            if (h < 0 || l < 0)
                return -1;
            d[o++] = (char)(h * 16 + l);
            i += 2;
        } else {
            d[o++] = s[i];
        }
    }
    d[o] = '\0';
    if (!utf8_valid(d, o))
        return -1;
    *out = d;
    return 0;
}

static int add_part(arena *a, struct form *f, size_t *cap, const struct form_part *p)
{
    if (f->n >= FORM_MAX_PARTS)
        return -1;
    if (f->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        struct form_part *np = arena_calloc(a, ncap, sizeof *np);
        if (f->n)
            memcpy(np, f->parts, f->n * sizeof *np);
        f->parts = np;
        *cap = ncap;
    }
    f->parts[f->n++] = *p;
    return 0;
}

int form_parse_urlencoded(arena *a, const char *body, size_t len, struct form *out)
{
    out->parts = NULL;
    out->n = 0;
    size_t cap = 0;
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && body[end] != '&')
            end++;
        if (end > i) {
            size_t eq = i;
            while (eq < end && body[eq] != '=')
                eq++;
            struct form_part p = {0};
            const char *name, *value = "";
            if (form_decode(a, body + i, eq - i, &name))
                return -1;
            if (eq < end && form_decode(a, body + eq + 1, end - eq - 1, &value))
                return -1;
            p.name = name;
            p.value = value;
            p.data = value;
            p.len = strlen(value);
            if (add_part(a, out, &cap, &p))
                return -1;
        }
        i = end + 1;
    }
    return 0;
}

const char *form_boundary(arena *a, const char *ct)
{
    if (!ct)
        return NULL;
    const char *b = strstr(ct, "boundary=");
    if (!b)
        return NULL;
    b += 9;
    size_t n;
    if (*b == '"') {
        b++;
        const char *end = strchr(b, '"');
        if (!end)
            return NULL;
        n = (size_t)(end - b);
    } else {
        n = strcspn(b, "; \t");
    }
    if (n == 0 || n > 70)
        return NULL;
    return arena_strndup(a, b, n);
}

static const void *memfind(const void *hay, size_t hlen, const void *needle, size_t nlen)
{
    if (nlen == 0 || hlen < nlen)
        return NULL;
    const char *h = hay;
    for (size_t i = 0; i + nlen <= hlen; i++) {
        const char *p = memchr(h + i, *(const char *)needle, hlen - nlen - i + 1);
        if (!p)
            return NULL;
        i = (size_t)(p - h);
        if (memcmp(p, needle, nlen) == 0)
            return p;
    }
    return NULL;
}

/* Value of a parameter in a Content-Disposition header line: name="x" or filename="y". */
static const char *disp_param(arena *a, const char *line, size_t len, const char *key)
{
    size_t klen = strlen(key);
    for (size_t i = 0; i + klen + 2 <= len; i++) {
        if ((i == 0 || line[i - 1] == ' ' || line[i - 1] == ';') &&
            strncmp(line + i, key, klen) == 0 && line[i + klen] == '=' &&
            line[i + klen + 1] == '"') {
            const char *v = line + i + klen + 2;
            const char *end = memchr(v, '"', len - (size_t)(v - line));
            if (!end)
                return NULL;
            return arena_strndup(a, v, (size_t)(end - v));
        }
    }
    return NULL;
}

static bool header_is(const char *line, size_t len, const char *name)
{
    size_t n = strlen(name);
    if (len <= n || line[n] != ':')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = line[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != name[i])
            return false;
    }
    return true;
}

int form_parse_multipart(arena *a, const char *body, size_t len, const char *boundary,
                         struct form *out)
{
    out->parts = NULL;
    out->n = 0;
    size_t cap = 0;
    if (!boundary)
        return -1;
    const char *delim = arena_printf(a, "--%s", boundary);
    size_t dlen = strlen(delim);
    const char *p = memfind(body, len, delim, dlen);
    if (!p)
        return -1;
    const char *end = body + len;
    p += dlen;
    for (;;) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return 0; /* closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return -1;
        p += 2;
        struct form_part part = {0};
        /* headers up to an empty line */
        for (;;) {
            const char *eol = memfind(p, (size_t)(end - p), "\r\n", 2);
            if (!eol)
                return -1;
            size_t ll = (size_t)(eol - p);
            if (ll == 0) {
                p = eol + 2;
                break;
            }
            if (ll > 1024)
                return -1;
            if (header_is(p, ll, "content-disposition")) {
                part.name = disp_param(a, p, ll, "name");
                part.filename = disp_param(a, p, ll, "filename");
            } else if (header_is(p, ll, "content-type")) {
                const char *v = p + 13;
                while (v < eol && (*v == ' ' || *v == '\t'))
                    v++;
                part.content_type = arena_strndup(a, v, (size_t)(eol - v));
            }
            p = eol + 2;
        }
        char *full = arena_printf(a, "\r\n%s", delim);
        const char *next = memfind(p, (size_t)(end - p), full, dlen + 2);
        if (!next)
            return -1;
        if (!part.name || !utf8_valid(part.name, strlen(part.name)))
            return -1;
        if (part.filename && !utf8_valid(part.filename, strlen(part.filename)))
            part.filename = "";
        part.len = (size_t)(next - p);
        char *copy = arena_alloc(a, part.len + 1);
        memcpy(copy, p, part.len);
        part.data = copy;
        if (!part.filename) {
            if (!utf8_valid(copy, part.len))
                return -1;
            part.value = copy;
        }
        if (add_part(a, out, &cap, &part))
            return -1;
        p = next + dlen + 2;
    }
}

const char *form_get(const struct form *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->parts[i].name, name) == 0 && !f->parts[i].filename)
            return f->parts[i].value;
    return NULL;
}

size_t form_get_all(const struct form *f, const char *name, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n && n < max; i++)
        if (strcmp(f->parts[i].name, name) == 0 && !f->parts[i].filename)
            out[n++] = f->parts[i].value;
    return n;
}
