/* fuzz_plaintext.c — the public form text check (core/plaintext.h): it must never crash or
 * read past the length, and whatever it accepts must be valid UTF-8 within the character
 * limit with no '<' before a letter, '/', '!' or '?'. The first byte is the limit. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/plaintext.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t max_chars = data[0];
    size_t n = size - 1;
    /* a heap copy of exactly n bytes, so ASan sees any read past the length */
    char *s = malloc(n ? n : 1);
    if (!s)
        return 0;
    memcpy(s, data + 1, n);
    const char *why = NULL;
    if (plaintext_ok(s, n, max_chars, &why)) {
        if (why || memchr(s, '\0', n) || !utf8_valid(s, n))
            abort();
        size_t chars = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            chars += (c & 0xC0) != 0x80;
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
                abort();
            if (c == '<' && i + 1 < n) {
                unsigned char d = (unsigned char)s[i + 1];
                if (((d | 0x20) >= 'a' && (d | 0x20) <= 'z') || d == '/' || d == '!' || d == '?')
                    abort();
            }
        }
        if (chars > max_chars)
            abort();
    } else if (!why) {
        abort();
    }
    free(s);
    return 0;
}
