/* form.h — HTML form bodies: application/x-www-form-urlencoded and multipart/form-data
 * (RFC 7578). Pure parsers over bytes (fuzzed in fuzz/fuzz_form.c); the request keeps the
 * parsed form so a body is parsed once.
 *
 * Ownership: parts and their strings come from the arena given; part data points into a
 * copy in the same arena. */
#ifndef FZ_FORM_H
#define FZ_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

#define FORM_MAX_PARTS 200

struct form_part {
    const char *name;
    const char *filename;     /* NULL for a plain field */
    const char *content_type; /* of a file part */
    const char *value;        /* NUL-terminated (plain fields) */
    const char *data;         /* file bytes */
    size_t len;
};

struct form {
    struct form_part *parts;
    size_t n;
};

/* Returns 0, or -1 if the body is malformed (bad escapes, invalid UTF-8 in names or plain
 * values, too many parts). */
int form_parse_urlencoded(arena *a, const char *body, size_t len, struct form *out);
/* boundary comes from the Content-Type header; see form_boundary(). */
int form_parse_multipart(arena *a, const char *body, size_t len, const char *boundary,
                         struct form *out);
/* The boundary parameter of a multipart Content-Type, or NULL. */
const char *form_boundary(arena *a, const char *content_type);
/* Percent-decoding of one urlencoded component ('+' is a space). -1 on a bad escape. */
int form_decode(arena *a, const char *s, size_t len, const char **out);

const char *form_get(const struct form *f, const char *name);
/* Every value of a repeated field (multi-select); returns the count. */
size_t form_get_all(const struct form *f, const char *name, const char **out, size_t max);

#endif
