/* plaintext.c — plain text from the public, checked before it is stored (plaintext.h). One
 * pass over the bytes after the UTF-8 check: characters counted, controls, tags and script
 * schemes refused. */
#include "plaintext.h"

#include <stdint.h>
#include <string.h>

#include "core/utf8.h"
#include "core/banned.h"

#define WHY_ENCODING "内容含有无法识别的字符，请检查后重新输入"
#define WHY_CONTROL "内容含有不可见的控制字符，请删除后重新输入"
#define WHY_LENGTH "内容超过字数上限，请删减后再提交"
#define WHY_MARKUP "内容中不能包含网页标记（如 <script>、<img>、</p>、<!--），请只填写文字"
#define WHY_SCHEME "内容中不能包含 javascript: 或 data: 开头的链接，请删除后再提交"

static bool fail(const char **why, const char *message)
{
    if (why)
        *why = message;
    return false;
}

static bool ascii_alpha(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool ascii_alnum(unsigned char c)
{
    return ascii_alpha(c) || (c >= '0' && c <= '9');
}

/* Whether the scheme name (lowercase, with its ':') starts at p: ASCII case ignored, and tabs
 * and line breaks skipped between its letters as browsers skip them in a URL. */
static bool scheme_at(const unsigned char *p, const unsigned char *end, const char *scheme)
{
    for (const char *c = scheme; *c; c++) {
        while (p < end && (*p == '\t' || *p == '\n' || *p == '\r'))
            p++;
        if (p == end || (*p | (*c == ':' ? 0 : 0x20)) != (unsigned char)*c)
            return false;
        p++;
    }
    return true;
}

/* The code point of the valid UTF-8 sequence at p, and its length in *n. */
static uint32_t decode(const unsigned char *p, size_t *n)
{
    if (p[0] < 0x80) {
        *n = 1;
        return p[0];
    }
    if (p[0] < 0xE0) {
        *n = 2;
        return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    }
    if (p[0] < 0xF0) {
        *n = 3;
        return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    }
    *n = 4;
    return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
           (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

static bool is_control(uint32_t cp)
{
    if (cp == '\n' || cp == '\r' || cp == '\t')
        return false;
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

bool plaintext_ok(const char *s, size_t len, size_t max_chars, const char **why)
{
    if (!s)
        return fail(why, WHY_ENCODING);
    /* a NUL is valid nowhere, but say "control character" rather than "encoding" */
    if (memchr(s, '\0', len))
        return fail(why, WHY_CONTROL);
    if (!utf8_valid(s, len))
        return fail(why, WHY_ENCODING);
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    size_t chars = 0;
    while (p < end) {
        size_t n;
        uint32_t cp = decode(p, &n);
        if (is_control(cp))
            return fail(why, WHY_CONTROL);
        if (++chars > max_chars)
            return fail(why, WHY_LENGTH);
        if (cp == '<' && p + 1 < end &&
            (ascii_alpha(p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?'))
            return fail(why, WHY_MARKUP);
        bool word_start = p == (const unsigned char *)s || !ascii_alnum(p[-1]);
        if (word_start && ((cp | 0x20) == 'j' || (cp | 0x20) == 'v' || (cp | 0x20) == 'd') &&
            (scheme_at(p, end, "javascript:") || scheme_at(p, end, "vbscript:") ||
             scheme_at(p, end, "data:")))
            return fail(why, WHY_SCHEME);
        p += n;
    }
    return true;
}
