/* qr.c — QR codes as SVG and PNG (qr.h): libqrencode makes the module matrix; the SVG is one
 * path of horizontal runs; the PNG is written here (IHDR, one zlib-compressed IDAT, IEND). */
#include "qr.h"

#include <qrencode.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/banned.h"

/* The matrix of text (free with QRcode_free), or NULL with *err set. */
static QRcode *encode(const char *text, fz_err *err)
{
    size_t n = text ? strlen(text) : 0;
    if (n == 0 || n > QR_MAX_BYTES) {
        *err = FZ_EINVAL;
        return NULL;
    }
    QRcode *q = QRcode_encodeData((int)n, (const unsigned char *)text, 0, QR_ECLEVEL_M);
    if (!q)
        *err = FZ_EINTERNAL;
    return q;
}

static bool dark(const QRcode *q, int x, int y)
{
    return q->data[y * q->width + x] & 1;
}

fz_err qr_svg(buf *out, const char *text)
{
    fz_err e = FZ_OK;
    QRcode *q = encode(text, &e);
    if (!q)
        return e;
    int size = q->width + 2 * QR_QUIET;
    buf_printf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
               "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
               "<path fill=\"#000\" d=\"",
               size, size, size, size);
    /* each run of dark modules in a row is one rectangle, one module high */
    for (int y = 0; y < q->width; y++) {
        for (int x = 0; x < q->width;) {
            if (!dark(q, x, y)) {
                x++;
                continue;
            }
            int run = 1;
            while (x + run < q->width && dark(q, x + run, y))
                run++;
            buf_printf(out, "M%d %dh%dv1h-%dz", x + QR_QUIET, y + QR_QUIET, run, run);
            x += run;
        }
    }
    buf_puts(out, "\"/></svg>\n");
    QRcode_free(q);
    return out->err ? FZ_EINTERNAL : FZ_OK;
}

/* ---- PNG ---------------------------------------------------------------------------------- */

static void store_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put_u32(buf *out, uint32_t v)
{
    unsigned char b[4];
    store_u32(b, v);
    buf_put(out, b, 4);
}

/* A chunk: length, type, data, CRC over type and data. */
static void put_chunk(buf *out, const char type[4], const unsigned char *data, size_t n)
{
    put_u32(out, (uint32_t)n);
    buf_put(out, type, 4);
    uLong crc = crc32(0L, (const Bytef *)type, 4);
    if (n) {
        buf_put(out, data, n);
        crc = crc32(crc, data, (uInt)n);
    }
    put_u32(out, (uint32_t)crc);
}

fz_err qr_png(buf *out, const char *text, int scale)
{
    if (scale < 1 || scale > QR_MAX_SCALE)
        return FZ_EINVAL;
    fz_err e = FZ_OK;
    QRcode *q = encode(text, &e);
    if (!q)
        return e;
    size_t px = (size_t)(q->width + 2 * QR_QUIET) * (size_t)scale;
    size_t row = 1 + (px + 7) / 8; /* filter byte 0 (none), then 8 pixels a byte, 1 = white */
    size_t raw_len = row * px;
    unsigned char *raw = malloc(raw_len);
    uLongf z_len = compressBound((uLong)raw_len);
    unsigned char *z = malloc(z_len);
    if (!raw || !z) {
        e = FZ_EINTERNAL;
        goto done;
    }
    memset(raw, 0xFF, raw_len);
    for (size_t y = 0; y < px; y++) {
        unsigned char *r = raw + y * row;
        r[0] = 0;
        int my = (int)(y / (size_t)scale) - QR_QUIET;
        if (my < 0 || my >= q->width)
            continue;
        for (size_t x = 0; x < px; x++) {
            int mx = (int)(x / (size_t)scale) - QR_QUIET;
            if (mx >= 0 && mx < q->width && dark(q, mx, my))
                r[1 + x / 8] &= (unsigned char)~(0x80u >> (x % 8));
        }
    }
    if (compress2(z, &z_len, raw, (uLong)raw_len, Z_BEST_COMPRESSION) != Z_OK) {
        e = FZ_EINTERNAL;
        goto done;
    }
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    buf_put(out, signature, sizeof signature);
    unsigned char ihdr[13] = {0}; /* width, height, bit depth 1, greyscale, no interlace */
    store_u32(ihdr, (uint32_t)px);
    store_u32(ihdr + 4, (uint32_t)px);
    ihdr[8] = 1;
    put_chunk(out, "IHDR", ihdr, sizeof ihdr);
    put_chunk(out, "IDAT", z, z_len);
    put_chunk(out, "IEND", NULL, 0);
    if (out->err)
        e = FZ_EINTERNAL;
done:
    free(raw);
    free(z);
    QRcode_free(q);
    return e;
}
