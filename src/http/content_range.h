/* content_range.h — the Content-Range header of a chunk sent to PUT /api/v1/uploads/<id>
 * (RFC 9110 §14.4): "bytes FIRST-LAST/COMPLETE", LAST inclusive, or "bytes * /COMPLETE"
 * (without the space) with an empty body, asking where the upload stands. Pure parsing over
 * untrusted text; fuzzed by fuzz/fuzz_content_range.c. */
#ifndef FZ_CONTENT_RANGE_H
#define FZ_CONTENT_RANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct content_range {
    bool query; /* "bytes * /COMPLETE": no range, a question */
    uint64_t first, last, total;
};

/* 0, or -1 when s is not exactly one of the forms above: the unit "bytes" (any case), one
 * space, decimals of at most 18 digits without signs or spaces, first <= last < total,
 * total >= 1. */
int content_range_parse(const char *s, struct content_range *out);
/* s[0..n) as a decimal of 1 to 18 digits and nothing else. */
bool decimal_parse(const char *s, size_t n, uint64_t *out);

#endif
