/* fuzz_mask.c — the portal's masking rules (engine/mask.h). Input: NUL-separated pieces, the
 * first the text, the next (up to 8) the secrets, each replaced by the default "***".
 * mask_person_name must give the first character and one star per other character of a
 * valid name; mask_text must keep valid UTF-8 valid (when the secrets are valid too), leave
 * no secret without '*' anywhere in its output, leave no run of 11 or more ASCII digits, and
 * change nothing in a text that holds no secret and fewer than 11 digits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "engine/mask.h"

#define MAX_SECRETS 8

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static size_t longest_digit_run(const char *s)
{
    size_t best = 0, run = 0;
    for (; *s; s++) {
        run = *s >= '0' && *s <= '9' ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}

static void check_name(arena *a, const char *name)
{
    const char *m = mask_person_name(a, name);
    if (!m)
        abort();
    size_t len = strlen(name);
    if (!utf8_valid(name, len))
        return;
    size_t k = chars(name);
    if (k == 0) {
        if (*m)
            abort();
        return;
    }
    if (k == 1) {
        if (strcmp(m, "*") != 0)
            abort();
        return;
    }
    size_t first = 1;
    while (((unsigned char)name[first] & 0xC0) == 0x80)
        first++;
    if (strlen(m) != first + k - 1 || memcmp(m, name, first) != 0 ||
        strspn(m + first, "*") != k - 1 || !utf8_valid(m, strlen(m)))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    /* pieces as C strings: the text, then the secrets */
    const char *pieces[1 + MAX_SECRETS];
    int np = 0;
    size_t at = 0;
    while (np < 1 + MAX_SECRETS && (at < size || np == 0)) {
        const uint8_t *nul = memchr(data + at, '\0', size - at);
        size_t end = nul ? (size_t)(nul - data) : size;
        pieces[np++] = arena_strndup(a, (const char *)data + at, end - at);
        at = end + 1;
    }
    const char *text = pieces[0];
    struct mask_secret secrets[MAX_SECRETS];
    int n = np - 1;
    bool secrets_valid = true;
    for (int i = 0; i < n; i++) {
        secrets[i].value = pieces[1 + i];
        secrets[i].replacement = NULL;
        secrets_valid &= utf8_valid(pieces[1 + i], strlen(pieces[1 + i]));
    }

    check_name(a, text);

    const char *out = mask_text(a, text, secrets, n);
    if (!out)
        abort();
    if (utf8_valid(text, strlen(text)) && secrets_valid && !utf8_valid(out, strlen(out)))
        abort();
    bool any_secret = false;
    for (int i = 0; i < n; i++) {
        const char *v = secrets[i].value;
        if (strlen(v) < 2)
            continue;
        any_secret |= strstr(text, v) != NULL;
        if (!strchr(v, '*') && strstr(out, v))
            abort();
    }
    if (longest_digit_run(out) >= 11)
        abort();
    /* numbers count their digits across the separators people write in them ("0571-8886
     * 6657"), full-width digits and an identity number's final X too: a text with fewer
     * than 11 of them in all has none */
    size_t digits = 0;
    for (const char *q = text; *q; q++)
        digits += (*q >= '0' && *q <= '9') || *q == 'X' || *q == 'x' ||
                  ((unsigned char)q[0] == 0xEF && (unsigned char)q[1] == 0xBC &&
                   (((unsigned char)q[2] >= 0x90 && (unsigned char)q[2] <= 0x99) ||
                    (unsigned char)q[2] == 0xB8));
    if (!any_secret && digits < 11 && strcmp(out, text) != 0)
        abort();
    arena_free(a);
    return 0;
}
