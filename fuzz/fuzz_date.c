/* fuzz_date.c — the dates of query strings (core/date.h): the portal and the public API take
 * ?from= and ?to= when date_parse accepts them and then compare the query text itself with
 * stored dates in SQL, so whatever date_parse accepts must be the one YYYY-MM-DD spelling of
 * its day, inside the supported years, and two accepted strings must compare as their days
 * do. Accepted ISO instants must likewise be time_format_iso's spelling (milliseconds
 * optional). Input: two NUL-separated strings; the first four bytes are also a day number,
 * formatted and parsed back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

static int sign(long long v)
{
    return (v > 0) - (v < 0);
}

/* s accepted: its day's spelling, in range, and round trips through y/m/d */
static void check_date(const char *s, int d)
{
    char f[11];
    date_format(d, f);
    if (strcmp(f, s) != 0 || d < date_from_ymd(DATE_MIN_YEAR, 1, 1) ||
        d > date_from_ymd(DATE_MAX_YEAR, 12, 31))
        abort();
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    if (!date_valid_ymd(y, m, dd) || date_from_ymd(y, m, dd) != d)
        abort();
    int w = date_weekday(d);
    if (w < 1 || w > 7 || date_weekday(d + 1) != w % 7 + 1)
        abort();
}

static void check_instant(const char *s)
{
    int64_t ms;
    if (time_parse_iso(s, &ms) != 0)
        return;
    char f[25];
    time_format_iso(ms, f);
    size_t n = strlen(s);
    if (n == 24 ? strcmp(f, s) != 0
                : n != 20 || memcmp(f, s, 19) != 0 || strcmp(f + 19, ".000Z") != 0)
        abort();
    int d;
    char day[11];
    memcpy(day, s, 10);
    day[10] = '\0';
    if (date_parse(day, &d) != 0 || ms < (int64_t)d * 86400000 || ms >= (int64_t)(d + 1) * 86400000)
        abort();
    char local[17];
    time_format_local(ms, local);
    if (strlen(local) != 16)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* heap copies of exactly the strings' bytes plus NUL, so ASan sees any overread */
    const uint8_t *nul = memchr(data, '\0', size);
    size_t n1 = nul ? (size_t)(nul - data) : size;
    size_t n2 = nul ? size - n1 - 1 : 0;
    char *s1 = malloc(n1 + 1), *s2 = malloc(n2 + 1);
    if (!s1 || !s2)
        abort();
    memcpy(s1, data, n1);
    s1[n1] = '\0';
    memcpy(s2, nul ? nul + 1 : data, n2);
    s2[n2] = '\0';

    int d1 = 0, d2 = 0;
    bool ok1 = date_parse(s1, &d1) == 0, ok2 = date_parse(s2, &d2) == 0;
    if (ok1)
        check_date(s1, d1);
    if (ok2)
        check_date(s2, d2);
    if (ok1 && ok2 && sign(strcmp(s1, s2)) != sign((long long)d1 - d2))
        abort();
    check_instant(s1);
    check_instant(s2);

    /* the other way: every supported day's spelling parses back to it */
    if (size >= 4) {
        uint32_t raw;
        memcpy(&raw, data, 4);
        int lo = date_from_ymd(DATE_MIN_YEAR, 1, 1), hi = date_from_ymd(DATE_MAX_YEAR, 12, 31);
        int d = lo + (int)(raw % (uint32_t)(hi - lo + 1)), back = -1;
        char f[11];
        date_format(d, f);
        if (date_parse(f, &back) != 0 || back != d)
            abort();
    }
    free(s1);
    free(s2);
    return 0;
}
