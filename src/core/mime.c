/* mime.c — content sniffing for uploads by magic numbers (and the extension inside ZIP and
 * OLE containers). */
#include "mime.h"

#include <ctype.h>
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

const char *mime_sniff(const void *data, size_t n, const char *name)
{
    const unsigned char *d = data;
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
    if (starts(d, n, "ftyp", 4, 4) && n >= 12) {
        /* ISO base media: the major brand says which */
        static const struct {
            const char *brand, *type;
        } brands[] = {
            {"heic", "image/heic"}, {"heix", "image/heic"}, {"mif1", "image/heic"},
            {"msf1", "image/heic"}, {"M4A ", "audio/mp4"},  {"M4B ", "audio/mp4"},
            {"isom", "video/mp4"},  {"iso2", "video/mp4"},  {"mp41", "video/mp4"},
            {"mp42", "video/mp4"},  {"avc1", "video/mp4"},  {"M4V ", "video/mp4"},
            {"dash", "video/mp4"},
        };
        for (size_t i = 0; i < sizeof brands / sizeof brands[0]; i++)
            if (memcmp(d + 8, brands[i].brand, 4) == 0)
                return brands[i].type;
        return NULL;
    }
    /* MP3: an ID3 tag, or an MPEG audio frame header: sync bits, a version, a layer, a
     * bitrate index other than free/bad and a sampling rate other than reserved */
    if (starts(d, n, "ID3", 3, 0) ||
        (d[0] == 0xFF && (d[1] & 0xE0) == 0xE0 && ((d[1] >> 3) & 3) != 1 &&
         ((d[1] >> 1) & 3) != 0 && (d[2] >> 4) != 0 && (d[2] >> 4) != 0xF &&
         ((d[2] >> 2) & 3) != 3))
        return "audio/mpeg";
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
    if (ends(name, ".txt") && utf8_valid(data, n))
        return "text/plain";
    return NULL;
}
