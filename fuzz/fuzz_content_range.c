/* fuzz_content_range.c — the Content-Range header of an upload chunk (untrusted text) and
 * the ?offset= decimal: must never crash or read out of bounds; whatever is accepted obeys
 * first <= last < total (or is the "bytes * /total" question) and reads back the same when
 * written out again. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/content_range.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0'; /* a header value ends at its first NUL */
    struct content_range cr;
    if (content_range_parse(s, &cr) == 0) {
        if (cr.total == 0 || (!cr.query && (cr.first > cr.last || cr.last >= cr.total)))
            abort();
        char again[96];
        if (cr.query)
            snprintf(again, sizeof again, "bytes */%" PRIu64, cr.total);
        else
            snprintf(again, sizeof again, "bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64, cr.first,
                     cr.last, cr.total);
        struct content_range back;
        if (content_range_parse(again, &back) != 0 || back.query != cr.query ||
            back.first != cr.first || back.last != cr.last || back.total != cr.total)
            abort();
    }
    uint64_t v;
    if (decimal_parse(s, strlen(s), &v)) {
        char again[32];
        snprintf(again, sizeof again, "%" PRIu64, v);
        uint64_t back;
        /* leading zeros read the same value */
        if (!decimal_parse(again, strlen(again), &back) || back != v)
            abort();
    }
    free(s);
    return 0;
}
