/* fuzz_form.c — form bodies (urlencoded and multipart) and the multipart boundary from a
 * Content-Type: must never crash, read out of bounds, or return invalid UTF-8 text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "http/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    arena *a = arena_new();
    /* first byte picks the parser; for multipart the next line is the Content-Type */
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    struct form f;
    if (data[0] & 1) {
        const char *nl = memchr(body, '\n', len);
        size_t hl = nl ? (size_t)(nl - body) : len;
        char *ct = arena_strndup(a, body, hl);
        const char *b = form_boundary(a, ct);
        const char *rest = nl ? nl + 1 : body + len;
        if (form_parse_multipart(a, rest, (size_t)(body + len - rest), b ? b : "x", &f) == 0) {
            for (size_t i = 0; i < f.n; i++) {
                if (!utf8_valid(f.parts[i].name, strlen(f.parts[i].name)))
                    abort();
                if (f.parts[i].value && !utf8_valid(f.parts[i].value, strlen(f.parts[i].value)))
                    abort();
            }
        }
    } else if (form_parse_urlencoded(a, body, len, &f) == 0) {
        for (size_t i = 0; i < f.n; i++)
            if (!utf8_valid(f.parts[i].value, strlen(f.parts[i].value)))
                abort();
        form_get(&f, "_csrf");
    }
    arena_free(a);
    return 0;
}
