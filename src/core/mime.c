/* mime.c — content sniffing for uploads by magic numbers (and the extension inside ZIP and
 * OLE containers). */
#include "mime.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "utf8.h"
#include "banned.h"

static int starts(const unsigned char *d, size_t n, const void *magic, size_t m, size_t at)
{
    return n >= at + m && memcmp(d + at, magic, m) == 0;
}

/* Case-insensitive "does name end with ext" (ext with the dot). */
static int ends(const char *name, const char *ext)
{
    if (!name)
        return 0;
    size_t n = strlen(name), e = strlen(ext);
    if (n < e)
        return 0;
    for (size_t i = 0; i < e; i++)
        if (tolower((unsigned char)name[n - e + i]) != ext[i])
            return 0;
    return 1;
}

/* ISO base media (MP4, MOV, 3GP, M4A, HEIC): the box "ftyp" names a major brand and then
 * compatible brands; the first brand we know decides. */
static const char *iso_brand(const unsigned char *d, size_t n)
{
    static const struct {
        const char *brand, *type;
    } brands[] = {
        {"heic", "image/heic"},      {"heix", "image/heic"}, {"mif1", "image/heic"},
        {"msf1", "image/heic"},      {"M4A ", "audio/mp4"},  {"M4B ", "audio/mp4"},
        {"isom", "video/mp4"},       {"iso2", "video/mp4"},  {"iso4", "video/mp4"},
        {"iso5", "video/mp4"},       {"iso6", "video/mp4"},  {"mp41", "video/mp4"},
        {"mp42", "video/mp4"},       {"avc1", "video/mp4"},  {"M4V ", "video/mp4"},
        {"dash", "video/mp4"},       {"mmp4", "video/mp4"},  {"MSNV", "video/mp4"},
        {"qt  ", "video/quicktime"},
    };
    size_t box = (size_t)d[0] << 24 | (size_t)d[1] << 16 | (size_t)d[2] << 8 | d[3];
    if (box < 16 || box > n)
        box = n < 64 ? n : 64;
    /* the major brand at 8, the minor version at 12, compatible brands from 16 */
    for (size_t at = 8; at + 4 <= box; at += at == 8 ? 8 : 4) {
        const unsigned char *b = d + at;
        if (memcmp(b, "3gp", 3) == 0 || memcmp(b, "3ge", 3) == 0 || memcmp(b, "3gg", 3) == 0 ||
            memcmp(b, "3gs", 3) == 0)
            return "video/3gpp";
        if (memcmp(b, "3g2", 3) == 0)
            return "video/3gpp2";
        for (size_t i = 0; i < sizeof brands / sizeof brands[0]; i++)
            if (memcmp(b, brands[i].brand, 4) == 0)
                return brands[i].type;
    }
    return NULL;
}

/* EBML (Matroska, WebM): the DocType element (ID 42 82, a one-byte size) in the header. */
static const char *ebml_doctype(const unsigned char *d, size_t n)
{
    size_t end = n < 64 ? n : 64;
    for (size_t i = 4; i + 3 <= end; i++) {
        if (d[i] != 0x42 || d[i + 1] != 0x82)
            continue;
        if (starts(d, end, "\x84webm", 5, i + 2))
            return "video/webm";
        if (starts(d, end, "\x88matroska", 9, i + 2))
            return "video/x-matroska";
        return NULL;
    }
    return NULL;
}

static const char *sniff(const unsigned char *d, size_t n, const char *name, bool whole)
{
    if (!d || n < 4)
        return NULL;
    if (starts(d, n, "%PDF-", 5, 0))
        return "application/pdf";
    if (starts(d, n, "\xFF\xD8\xFF", 3, 0))
        return "image/jpeg";
    if (starts(d, n, "\x89PNG\r\n\x1A\n", 8, 0))
        return "image/png";
    if (starts(d, n, "RIFF", 4, 0) && starts(d, n, "WEBP", 4, 8))
        return "image/webp";
    if (starts(d, n, "RIFF", 4, 0) && starts(d, n, "WAVE", 4, 8))
        return "audio/wav";
    if (starts(d, n, "ftyp", 4, 4) && n >= 12)
        return iso_brand(d, n);
    if (starts(d, n, "\x1A\x45\xDF\xA3", 4, 0))
        return ebml_doctype(d, n);
    if (starts(d, n, "#!AMR-WB\n", 9, 0))
        return "audio/amr-wb";
    if (starts(d, n, "#!AMR\n", 6, 0))
        return "audio/amr";
    if (starts(d, n, "OggS\0", 5, 0))
        return "audio/ogg";
    /* MP3: an ID3 tag, or an MPEG audio frame header: sync bits, a version, a layer, a
     * bitrate index other than free/bad and a sampling rate other than reserved */
    if (starts(d, n, "ID3", 3, 0) ||
        (d[0] == 0xFF && (d[1] & 0xE0) == 0xE0 && ((d[1] >> 3) & 3) != 1 &&
         ((d[1] >> 1) & 3) != 0 && (d[2] >> 4) != 0 && (d[2] >> 4) != 0xF &&
         ((d[2] >> 2) & 3) != 3))
        return "audio/mpeg";
    /* AAC in ADTS frames: 12 sync bits, layer 0, a sampling frequency index below 13 */
    if (d[0] == 0xFF && (d[1] & 0xF6) == 0xF0 && ((d[2] >> 2) & 0xF) < 13)
        return "audio/aac";
    if (starts(d, n, "PK\x03\x04", 4, 0)) {
        if (ends(name, ".docx"))
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        if (ends(name, ".xlsx"))
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        return NULL; /* other ZIPs (archives, apps) are not accepted */
    }
    if (starts(d, n, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, 0)) {
        if (ends(name, ".doc"))
            return "application/msword";
        if (ends(name, ".xls"))
            return "application/vnd.ms-excel";
        return NULL;
    }
    if (ends(name, ".txt")) {
        struct utf8_stream u = {0};
        utf8_stream_feed(&u, d, n);
        if (whole ? utf8_stream_end(&u) : !u.bad)
            return "text/plain";
    }
    return NULL;
}

const char *mime_sniff(const void *data, size_t n, const char *name)
{
    return sniff(data, n, name, true);
}

const char *mime_sniff_head(const void *head, size_t n, const char *name)
{
    return sniff(head, n, name, false);
}
