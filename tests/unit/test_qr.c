/* test_qr.c — QR codes (core/qr.h): the SVG draws exactly libqrencode's dark modules inside
 * a quiet zone, with the finder patterns at three corners; the PNG holds the same pixels and,
 * where zbarimg (zbar-tools) is installed, decodes back to the text; bad input is refused. */
#include <qrencode.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "core/qr.h"
#include "t.h"

#define URL_ASCII "https://fazhi.example.gov.cn/officers/1024?from=notice"
#define URL_UTF8 "https://fazhi.example.gov.cn/公示/行政处罚?街道=东湖"
#define GRID_MAX 200

struct grid {
    int size;
    unsigned char m[GRID_MAX][GRID_MAX];
};

/* Reads the SVG back into modules: its viewBox and its one path of "MxXyhNv1h-Nz" runs. */
static bool svg_parse(const char *svg, struct grid *g)
{
    memset(g, 0, sizeof *g);
    const char *vb = strstr(svg, "viewBox=\"0 0 ");
    int h = 0;
    if (!vb || sscanf(vb + 13, "%d %d", &g->size, &h) != 2 || g->size != h || g->size <= 0 ||
        g->size > GRID_MAX)
        return false;
    const char *d = strstr(svg, " d=\"");
    if (!d || strstr(d + 1, "<path"))
        return false;
    d += 4;
    while (*d == 'M') {
        int x, y, n, back, used = 0;
        if (sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &n, &back, &used) != 4 || n != back || x < 0 ||
            y < 0 || n < 1 || x + n > g->size || y >= g->size)
            return false;
        for (int i = 0; i < n; i++)
            g->m[y][x + i] = 1;
        d += used;
    }
    return *d == '"';
}

static QRcode *reference(const char *text)
{
    return QRcode_encodeData((int)strlen(text), (const unsigned char *)text, 0, QR_ECLEVEL_M);
}

/* The 7x7 finder pattern with its top-left module at (x, y): a dark ring, a light ring, a
 * dark 3x3 centre. */
static bool finder_at(const struct grid *g, int x, int y)
{
    for (int j = 0; j < 7; j++)
        for (int i = 0; i < 7; i++) {
            bool ring = i == 0 || j == 0 || i == 6 || j == 6;
            bool centre = i >= 2 && i <= 4 && j >= 2 && j <= 4;
            if (g->m[y + j][x + i] != (ring || centre))
                return false;
        }
    return true;
}

static void svg_matches_matrix(void)
{
    static const char *const texts[] = {URL_ASCII, URL_UTF8, "x"};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        buf b;
        buf_init(&b, 0);
        CHECK_INT(qr_svg(&b, texts[t]), FZ_OK);
        CHECK_CONTAINS(b.p, "shape-rendering=\"crispEdges\"");
        CHECK(strncmp(b.p, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
        static struct grid g;
        QRcode *q = reference(texts[t]);
        CHECK(q != NULL);
        if (!svg_parse(b.p, &g) || !q) {
            t_fail(__FILE__, __LINE__, "unreadable SVG: %.200s", b.p);
            buf_release(&b);
            QRcode_free(q);
            continue;
        }
        CHECK_INT(g.size, q->width + 2 * QR_QUIET);
        int dark_svg = 0, dark_qr = 0, mismatched = 0;
        for (int y = 0; y < g.size; y++)
            for (int x = 0; x < g.size; x++) {
                dark_svg += g.m[y][x];
                int mx = x - QR_QUIET, my = y - QR_QUIET;
                bool inside = mx >= 0 && my >= 0 && mx < q->width && my < q->width;
                bool want = inside && (q->data[my * q->width + mx] & 1);
                mismatched += g.m[y][x] != want;
            }
        for (int i = 0; i < q->width * q->width; i++)
            dark_qr += q->data[i] & 1;
        CHECK_INT(dark_svg, dark_qr);
        CHECK_INT(mismatched, 0);
        int far = QR_QUIET + q->width - 7;
        CHECK(finder_at(&g, QR_QUIET, QR_QUIET));
        CHECK(finder_at(&g, far, QR_QUIET));
        CHECK(finder_at(&g, QR_QUIET, far));
        CHECK(!finder_at(&g, far, far)); /* the fourth corner has none */
        QRcode_free(q);
        buf_release(&b);
    }
}

static void bad_input_is_refused(void)
{
    buf b;
    buf_init(&b, 0);
    char *big = malloc(QR_MAX_BYTES + 2);
    memset(big, 'a', QR_MAX_BYTES + 1);
    big[QR_MAX_BYTES + 1] = '\0';
    CHECK_INT(qr_svg(&b, big), FZ_EINVAL);
    CHECK_INT(qr_png(&b, big, 4), FZ_EINVAL);
    big[QR_MAX_BYTES] = '\0'; /* exactly the limit is fine */
    CHECK_INT(qr_svg(&b, big), FZ_OK);
    buf_reset(&b);
    CHECK_INT(qr_svg(&b, ""), FZ_EINVAL);
    CHECK_INT(qr_svg(&b, NULL), FZ_EINVAL);
    CHECK_INT(qr_png(&b, URL_ASCII, 0), FZ_EINVAL);
    CHECK_INT(qr_png(&b, URL_ASCII, QR_MAX_SCALE + 1), FZ_EINVAL);
    CHECK_INT(b.len, 0);
    free(big);
    buf_release(&b);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Runs zbarimg over the PNG; its decoded text (arena-less: static), or NULL if it is not
 * installed or fails. */
static const char *zbar_decode(const buf *png)
{
    static char out[2048];
    if (system("command -v zbarimg >/dev/null 2>&1") != 0)
        return NULL;
    char path[] = "/tmp/fazhi-qr-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    bool wrote = write(fd, png->p, png->len) == (ssize_t)png->len;
    close(fd);
    const char *result = NULL;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "zbarimg --raw -q '%s' 2>/dev/null", path);
    FILE *p = wrote ? popen(cmd, "r") : NULL;
    if (p) {
        size_t n = fread(out, 1, sizeof out - 1, p);
        out[n] = '\0';
        while (n && out[n - 1] == '\n')
            out[--n] = '\0';
        if (pclose(p) == 0)
            result = out;
    }
    unlink(path);
    return result;
}

static void png_matches_and_decodes(void)
{
    static const char *const texts[] = {URL_ASCII, URL_UTF8};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        const int scale = 3;
        buf b;
        buf_init(&b, 0);
        CHECK_INT(qr_png(&b, texts[t], scale), FZ_OK);
        const unsigned char *p = (const unsigned char *)b.p;
        QRcode *q = reference(texts[t]);
        uint32_t px = (uint32_t)(q->width + 2 * QR_QUIET) * scale;
        CHECK(b.len > 8 + 25 + 12 + 12 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0);
        CHECK(memcmp(p + 12, "IHDR", 4) == 0);
        CHECK_INT(be32(p + 16), px);
        CHECK_INT(be32(p + 20), px);
        CHECK_INT(p[24], 1); /* bit depth */
        CHECK_INT(p[25], 0); /* greyscale */
        CHECK(memcmp(b.p + b.len - 8, "IEND", 4) == 0);
        /* the IDAT's pixels are the matrix, scaled */
        uint32_t idat_len = be32(p + 33);
        CHECK(memcmp(p + 37, "IDAT", 4) == 0);
        size_t row = 1 + (px + 7) / 8;
        uLongf raw_len = row * px;
        unsigned char *raw = malloc(raw_len);
        CHECK_INT(uncompress(raw, &raw_len, p + 41, idat_len), Z_OK);
        CHECK_INT(raw_len, row * px);
        int mismatched = 0;
        for (uint32_t y = 0; y < px; y++) {
            mismatched += raw[y * row] != 0;
            for (uint32_t x = 0; x < px; x++) {
                int mx = (int)(x / scale) - QR_QUIET, my = (int)(y / scale) - QR_QUIET;
                bool inside = mx >= 0 && my >= 0 && mx < q->width && my < q->width;
                bool want_dark = inside && (q->data[my * q->width + mx] & 1);
                bool white = raw[y * row + 1 + x / 8] & (0x80u >> (x % 8));
                mismatched += white == want_dark;
            }
        }
        CHECK_INT(mismatched, 0);
        free(raw);
        QRcode_free(q);
        const char *decoded = zbar_decode(&b);
        if (decoded)
            CHECK_STR(decoded, texts[t]);
        else if (t == 0)
            fprintf(stderr, "  note: zbarimg not installed; the PNG decode round trip was "
                            "skipped (scripts/setup-deps.sh installs zbar-tools)\n");
        buf_release(&b);
    }
}

void suite_qr(void);
void suite_qr(void)
{
    RUN(svg_matches_matrix);
    RUN(bad_input_is_refused);
    RUN(png_matches_and_decodes);
}
