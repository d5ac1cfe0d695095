/* test_content_range.c — the Content-Range header of an upload chunk (http/content_range.h):
 * the forms a client sends are read, and everything else is refused. */
#include "http/content_range.h"
#include "t.h"

static void content_range_is_parsed_strictly(void)
{
    struct content_range cr;
    CHECK_INT(content_range_parse("bytes 0-99/100", &cr), 0);
    CHECK(!cr.query);
    CHECK_INT(cr.first, 0);
    CHECK_INT(cr.last, 99);
    CHECK_INT(cr.total, 100);
    CHECK_INT(content_range_parse("BYTES 5-5/6", &cr), 0);
    CHECK_INT(cr.first, 5);
    CHECK_INT(content_range_parse("bytes 8388608-16777215/536870912", &cr), 0);
    CHECK_INT(cr.last, 16777215);
    CHECK_INT(content_range_parse("bytes */100", &cr), 0);
    CHECK(cr.query);
    CHECK_INT(cr.total, 100);
    static const char *const bad[] = {
        "",
        "bytes",
        "bytes ",
        "bits 0-9/10",
        "bytes 0-9",
        "bytes 0-9/",
        "bytes 0-9/10x",
        "bytes  0-9/10",
        "bytes 0-9 /10",
        "bytes 0 -9/10",
        "bytes +0-9/10",
        "bytes -1-9/10",
        "bytes 0--9/10",
        "bytes 5-4/10",  /* last before first */
        "bytes 0-10/10", /* past the end */
        "bytes 0-0/0",
        "bytes */0",
        "bytes 0-9/*",
        "bytes **/10",
        "bytes 0-9/10/10",
        "bytes 0-9/1000000000000000000", /* 19 digits */
        "bytes 0x0-9/10",
        "bytes=0-9/10",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (content_range_parse(bad[i], &cr) != -1)
            t_fail(__FILE__, __LINE__, "accepted \"%s\"", bad[i]);
    CHECK_INT(content_range_parse(NULL, &cr), -1);
    uint64_t v;
    CHECK(decimal_parse("123", 3, &v) && v == 123);
    CHECK(!decimal_parse("", 0, &v));
    CHECK(!decimal_parse("12a", 3, &v));
    CHECK(!decimal_parse("-1", 2, &v));
}

void suite_content_range(void);
void suite_content_range(void)
{
    RUN(content_range_is_parsed_strictly);
}
