/* content_range.c — parses the Content-Range of an upload chunk (content_range.h). */
#include "content_range.h"

#include <string.h>
#include <strings.h>

#include "core/banned.h"

bool decimal_parse(const char *s, size_t n, uint64_t *out)
{
    if (!s || n == 0 || n > 18)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

int content_range_parse(const char *s, struct content_range *out)
{
    if (!s || strncasecmp(s, "bytes ", 6) != 0)
        return -1;
    const char *p = s + 6;
    const char *slash = strchr(p, '/');
    if (!slash || !decimal_parse(slash + 1, strlen(slash + 1), &out->total) || out->total == 0)
        return -1;
    if (slash - p == 1 && *p == '*') {
        out->query = true;
        out->first = out->last = 0;
        return 0;
    }
    const char *dash = memchr(p, '-', (size_t)(slash - p));
    if (!dash || !decimal_parse(p, (size_t)(dash - p), &out->first) ||
        !decimal_parse(dash + 1, (size_t)(slash - dash - 1), &out->last))
        return -1;
    if (out->first > out->last || out->last >= out->total)
        return -1;
    out->query = false;
    return 0;
}
