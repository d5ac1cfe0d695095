/* test_chart.c — charts (chart/chart.h): what is refused, the formats' signatures and sizes,
 * and that the drawing puts its marks where the values say (pixels of a PNG). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"
#include "t.h"
#include "core/banned.h"

static const char *const months[] = {"1月", "2月", "3月", "4月", "5月", "6月",
                                     "7月", "8月", "9月", "10月", "11月", "12月"};

/* The PNG's width and height from its IHDR chunk. */
static void png_size(const buf *b, int *w, int *h)
{
    const unsigned char *p = (const unsigned char *)b->p;
    *w = b->len > 24 ? (p[16] << 24 | p[17] << 16 | p[18] << 8 | p[19]) : 0;
    *h = b->len > 24 ? (p[20] << 24 | p[21] << 16 | p[22] << 8 | p[23]) : 0;
}

static void test_refusals(void)
{
    buf b;
    buf_init(&b, 0);
    double v[2] = {1, -1}, nan_v[1] = {NAN};
    const char *const two[] = {"甲", "乙"};
    struct chart_series s = {"件数", v};
    struct chart c = {CHART_BAR, "标题", "件", two, 2, &s, 1};
    CHECK_INT(chart_render(&c, CHART_SVG, 600, 300, &b), FZ_EINVAL); /* a negative value */
    struct chart_series sn = {"件数", nan_v};
    struct chart one = {CHART_BAR, NULL, NULL, two, 1, &sn, 1};
    CHECK_INT(chart_render(&one, CHART_SVG, 600, 300, &b), FZ_EINVAL);
    struct chart none = {CHART_BAR, NULL, NULL, two, 0, &s, 1};
    CHECK_INT(chart_render(&none, CHART_SVG, 600, 300, &b), FZ_EINVAL);
    v[1] = 2;
    CHECK_INT(chart_render(&c, CHART_SVG, 50, 300, &b), FZ_EINVAL); /* too small */
    CHECK_INT(b.len, 0);
    CHECK_INT(chart_render(&c, CHART_SVG, 600, 300, &b), FZ_OK);
    buf_release(&b);
}

static void test_formats_and_marks(void)
{
    double this_year[12] = {3, 5, 2, 8, 6, 4, 9, 7, 5, 6, 10, 4};
    double last_year[12] = {2, 4, 3, 5, 5, 6, 7, 6, 4, 5, 8, 3};
    struct chart_series two[] = {{"2026年", this_year}, {"2025年", last_year}};
    struct chart line = {CHART_LINE, "各月立案数", "件", months, 12, two, 2};
    buf b;
    buf_init(&b, 0);
    CHECK_INT(chart_render(&line, CHART_SVG, 640, 320, &b), FZ_OK);
    CHECK(b.len > 100 && strstr(b.p, "<svg") && strstr(b.p, "width=\"640"));
    buf_reset(&b);
    CHECK_INT(chart_render(&line, CHART_PNG, 640, 320, &b), FZ_OK);
    CHECK(b.len > 8 && memcmp(b.p, "\x89PNG\r\n\x1a\n", 8) == 0);
    int w, h;
    png_size(&b, &w, &h);
    CHECK_INT(w, 640);
    CHECK_INT(h, 320);
    FILE *f = fopen("/tmp/fazhi-chart-line.png", "wb");
    if (f) {
        fwrite(b.p, 1, b.len, f);
        fclose(f);
    }
    /* one tall bar: its middle is the first colour, the space above it is white */
    double one[1] = {10};
    const char *const cat[] = {"湖滨社区"};
    struct chart_series s = {NULL, one};
    struct chart bar = {CHART_BAR, NULL, "件", cat, 1, &s, 1};
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 300);
    cairo_t *cr = cairo_create(img);
    chart_draw(cr, &bar, 400, 300);
    cairo_destroy(cr);
    cairo_surface_flush(img);
    const unsigned char *px = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    /* plot area: x 56..384, y 30..236; the bar spans the band's middle 80%, full height */
    uint32_t mid = *(const uint32_t *)(px + 200 * stride + 220 * 4);
    uint32_t above = *(const uint32_t *)(px + 20 * stride + 220 * 4);
    CHECK_INT(mid & 0xffffff, 0x0b3d91);
    CHECK_INT(above & 0xffffff, 0xffffff);
    cairo_surface_destroy(img);
    /* a pie of two halves, and an empty one */
    double halves[2] = {5, 5};
    const char *const kinds[] = {"予以公开", "不予公开"};
    struct chart_series ps = {NULL, halves};
    struct chart pie = {CHART_PIE, "答复类型", "件", kinds, 2, &ps, 1};
    buf_reset(&b);
    CHECK_INT(chart_render(&pie, CHART_PNG, 520, 300, &b), FZ_OK);
    f = fopen("/tmp/fazhi-chart-pie.png", "wb");
    if (f) {
        fwrite(b.p, 1, b.len, f);
        fclose(f);
    }
    double zero[2] = {0, 0};
    struct chart_series zs = {NULL, zero};
    pie.series = &zs;
    buf_reset(&b);
    CHECK_INT(chart_render(&pie, CHART_SVG, 520, 300, &b), FZ_OK);
    buf_release(&b);
}

/* As JSON and back (what a render process is handed): the same texts, the values to the last
 * bit, the same picture; what is not a chart is refused. */
static void test_chart_json(void)
{
    double a[3] = {0.1, 1.0 / 3, 12345.678901234567}, b[3] = {0, 1e-7, 2};
    const char *const cats[] = {"甲", "乙\"丙\"", NULL};
    struct chart_series s[2] = {{"今年", a, 2}, {NULL, b, 0}};
    struct chart c = {CHART_BAR, "标题", NULL, cats, 3, s, 2};
    json_t *j = chart_to_json(&c);
    CHECK(j != NULL);
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    j = json_loads(text, 0, NULL);
    free(text);
    arena *ar = arena_new();
    struct chart back;
    CHECK_INT(chart_from_json(j, ar, &back), FZ_OK);
    CHECK_INT(back.kind, CHART_BAR);
    CHECK_STR(back.title, "标题");
    CHECK(back.unit == NULL);
    CHECK_INT(back.ncategories, 3);
    CHECK_STR(back.categories[1], "乙\"丙\"");
    CHECK(back.categories[2] == NULL);
    CHECK_INT(back.nseries, 2);
    CHECK_STR(back.series[0].name, "今年");
    CHECK(back.series[1].name == NULL);
    CHECK_INT(back.series[0].known, 2);
    CHECK(memcmp(back.series[0].values, a, sizeof a) == 0);
    CHECK(memcmp(back.series[1].values, b, sizeof b) == 0);
    buf p1, p2;
    buf_init(&p1, 0);
    buf_init(&p2, 0);
    CHECK_INT(chart_render(&c, CHART_PNG, 400, 300, &p1), FZ_OK);
    CHECK_INT(chart_render(&back, CHART_PNG, 400, 300, &p2), FZ_OK);
    CHECK(p1.len > 0 && p1.len == p2.len && memcmp(p1.p, p2.p, p1.len) == 0);
    buf_release(&p1);
    buf_release(&p2);
    json_decref(j);
    static const char *const bad[] = {
        "{}",
        "{\"kind\":\"donut\",\"title\":null,\"unit\":null,\"categories\":[\"a\"],"
        "\"series\":[{\"name\":null,\"values\":[1],\"known\":0}]}",
        "{\"kind\":\"pie\",\"title\":null,\"unit\":null,\"categories\":[\"a\",\"b\"],"
        "\"series\":[{\"name\":null,\"values\":[1],\"known\":0}]}",
        "{\"kind\":\"pie\",\"title\":null,\"unit\":null,\"categories\":[\"a\"],"
        "\"series\":[{\"name\":null,\"values\":[-1],\"known\":0}]}",
        "{\"kind\":\"pie\",\"title\":3,\"unit\":null,\"categories\":[\"a\"],"
        "\"series\":[{\"name\":null,\"values\":[1],\"known\":0}]}",
        "{\"kind\":\"pie\",\"title\":null,\"unit\":null,\"categories\":[\"a\"],"
        "\"series\":[{\"name\":null,\"values\":[\"1\"],\"known\":0}]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        j = json_loads(bad[i], 0, NULL);
        CHECK(j != NULL);
        CHECK_INT(chart_from_json(j, ar, &back), FZ_EINVAL);
        json_decref(j);
    }
    /* a chart chart_check refuses is not written either */
    a[0] = -1;
    CHECK(chart_to_json(&c) == NULL);
    arena_free(ar);
}

void suite_chart(void);
void suite_chart(void)
{
    RUN(test_refusals);
    RUN(test_formats_and_marks);
    RUN(test_chart_json);
}
