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

void suite_chart(void);
void suite_chart(void)
{
    RUN(test_refusals);
    RUN(test_formats_and_marks);
}
