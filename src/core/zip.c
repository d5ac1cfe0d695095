/* zip.c — a minimal ZIP writer (zip.h): stored entries, CRC-32 from zlib. */
#include "core/zip.h"

#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "core/banned.h"

static void u16(buf *b, unsigned v)
{
    unsigned char p[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    buf_put(b, p, 2);
}

static void u32(buf *b, unsigned long v)
{
    unsigned char p[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    buf_put(b, p, 4);
}

/* 1980-01-01 00:00: the same bytes for the same content */
#define DOS_TIME 0
#define DOS_DATE ((0 << 9) | (1 << 5) | 1)

void zip_init(struct zip *z, buf *out)
{
    memset(z, 0, sizeof *z);
    z->out = out;
    z->base = out->len; /* offsets count from the archive's first byte */
}

void zip_add(struct zip *z, const char *name, const void *data, size_t len)
{
    if (z->n == ZIP_MAX_ENTRIES || len > 0xFFFFFFF0u || z->out->len > 0xFFFFFFF0u) {
        z->err = 1;
        return;
    }
    unsigned long crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, data, (uInt)len);
    size_t nl = strlen(name);
    z->entries[z->n].name = name;
    z->entries[z->n].crc = crc;
    z->entries[z->n].size = len;
    z->entries[z->n].offset = z->out->len - z->base;
    z->n++;
    buf *b = z->out;
    u32(b, 0x04034b50);
    u16(b, 20);       /* version needed */
    u16(b, 1u << 11); /* UTF-8 names */
    u16(b, 0);        /* stored */
    u16(b, DOS_TIME);
    u16(b, DOS_DATE);
    u32(b, crc);
    u32(b, len);
    u32(b, len);
    u16(b, (unsigned)nl);
    u16(b, 0);
    buf_put(b, name, nl);
    buf_put(b, data, len);
}

int zip_finish(struct zip *z)
{
    buf *b = z->out;
    size_t start = b->len;
    for (int i = 0; i < z->n; i++) {
        size_t nl = strlen(z->entries[i].name);
        u32(b, 0x02014b50);
        u16(b, 20); /* made by */
        u16(b, 20); /* needed */
        u16(b, 1u << 11);
        u16(b, 0);
        u16(b, DOS_TIME);
        u16(b, DOS_DATE);
        u32(b, z->entries[i].crc);
        u32(b, z->entries[i].size);
        u32(b, z->entries[i].size);
        u16(b, (unsigned)nl);
        u16(b, 0); /* extra */
        u16(b, 0); /* comment */
        u16(b, 0); /* disk */
        u16(b, 0); /* internal attributes */
        u32(b, 0); /* external attributes */
        u32(b, z->entries[i].offset);
        buf_put(b, z->entries[i].name, nl);
    }
    size_t dir = b->len - start;
    u32(b, 0x06054b50);
    u16(b, 0);
    u16(b, 0);
    u16(b, (unsigned)z->n);
    u16(b, (unsigned)z->n);
    u32(b, dir);
    u32(b, start - z->base);
    u16(b, 0);
    return z->err || b->err ? -1 : 0;
}
