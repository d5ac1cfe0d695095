/* test_core.c — arena, string buffer, escapers, UTF-8 checks, crypto helpers. */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/crypto.h"
#include "core/mime.h"
#include "core/utf8.h"
#include "t.h"

static void arena_allocates_zeroed_and_frees(void)
{
    arena *a = arena_new();
    char *p = arena_alloc(a, 100);
    for (int i = 0; i < 100; i++)
        CHECK(p[i] == 0);
    char *big = arena_alloc(a, 1 << 20); /* bigger than a chunk */
    big[(1 << 20) - 1] = 'x';
    CHECK_STR(arena_printf(a, "%s-%d", "任务", 7), "任务-7");
    CHECK_STR(arena_strndup(a, "abcdef", 3), "abc");
    CHECK((size_t)arena_used(a) >= (1u << 20) + 100);
    arena_free(a);
}

static int cleanup_order[3], ncleanup;
static void note(void *p)
{
    cleanup_order[ncleanup++] = (int)(intptr_t)p;
}

static void arena_runs_cleanups_last_in_first_out(void)
{
    arena *a = arena_new();
    ncleanup = 0;
    arena_defer(a, note, (void *)1);
    arena_defer(a, note, (void *)2);
    arena_defer(a, note, (void *)3);
    arena_free(a);
    CHECK_INT(ncleanup, 3);
    CHECK_INT(cleanup_order[0], 3);
    CHECK_INT(cleanup_order[2], 1);
}

static void buf_caps_with_a_sticky_error(void)
{
    buf b;
    buf_init(&b, 8);
    buf_puts(&b, "12345");
    CHECK_INT(b.err, BUF_OK);
    buf_puts(&b, "6789"); /* 9 bytes > cap 8 */
    CHECK_INT(b.err, BUF_TOO_BIG);
    buf_puts(&b, "x");
    CHECK_STR(b.p, "12345");
    CHECK_INT(b.len, 5);
    buf_release(&b);
    /* appends that fit the allocation still stop at the cap */
    buf_init(&b, 10);
    for (int i = 0; i < 12; i++)
        buf_putc(&b, 'a');
    CHECK_INT(b.err, BUF_TOO_BIG);
    CHECK_INT(b.len, 10);
    buf_release(&b);
    buf_init(&b, 0);
    buf_put_int(&b, 0);
    buf_putc(&b, ' ');
    buf_put_int(&b, -42);
    buf_putc(&b, ' ');
    buf_put_int(&b, 9223372036854775807LL);
    buf_putc(&b, ' ');
    buf_put_int(&b, -9223372036854775807LL - 1);
    CHECK_STR(b.p, "0 -42 9223372036854775807 -9223372036854775808");
    buf_release(&b);
    buf_init(&b, 0);
    CHECK_STR(b.p, "");
    buf_printf(&b, "%d/%s", 42, "法");
    CHECK_STR(b.p, "42/法");
    size_t n;
    char *s = buf_detach(&b, &n);
    CHECK_STR(s, "42/法");
    CHECK_INT(n, strlen("42/法"));
    CHECK_STR(b.p, "");
    free(s);
}

static void escapers_make_text_safe(void)
{
    buf b;
    buf_init(&b, 0);
    buf_put_html(&b, "<a href=\"x\">'&'</a>");
    CHECK_STR(b.p, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    buf_reset(&b);
    buf_put_json_str(&b, "a\"b\\c\n</script>\x01");
    CHECK_STR(b.p, "\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u0001\"");
    buf_reset(&b);
    buf_put_json_str(&b, "法治 & <b>\t\x1f\r");
    CHECK_STR(b.p, "\"法治 \\u0026 \\u003cb\\u003e\\t\\u001f\\r\"");
    buf_reset(&b);
    buf_put_json_str(&b, "");
    CHECK_STR(b.p, "\"\"");
    buf_reset(&b);
    buf_put_csv(&b, "=HYPERLINK(\"x\")");
    CHECK_STR(b.p, "\"'=HYPERLINK(\"\"x\"\")\"");
    buf_reset(&b);
    buf_put_csv(&b, "普通文本");
    CHECK_STR(b.p, "\"普通文本\"");
    buf_reset(&b);
    buf_put_url(&b, "a b/法");
    CHECK_STR(b.p, "a%20b%2F%E6%B3%95");
    buf_release(&b);
}

static void utf8_validation_is_strict(void)
{
    CHECK(utf8_valid("法治 abc", strlen("法治 abc")));
    CHECK(utf8_valid("\xF0\x9F\x98\x80", 4));  /* U+1F600 */
    CHECK(!utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
    CHECK(!utf8_valid("\xE0\x80\xAF", 3));     /* overlong */
    CHECK(!utf8_valid("\xED\xA0\x80", 3));     /* surrogate U+D800 */
    CHECK(!utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
    CHECK(!utf8_valid("\xE6\xB3", 2));         /* truncated */
    CHECK(!utf8_valid("a\0b", 3));             /* NUL */
    CHECK(!utf8_valid("\xFF", 1));
    CHECK_INT(utf8_chars("法治ab"), 4);
    CHECK(utf8_has_controls("a\tb", false));
    CHECK(!utf8_has_controls("a\tb\nc", true));
    CHECK(utf8_has_controls("a\x7f", true));
    CHECK(utf8_has_controls("a\xC2\x85", true)); /* U+0085 NEL */
    CHECK(utf8_has_controls("exe.\xE2\x80\xAE" "fdp", false)); /* U+202E reads backwards */
    CHECK(utf8_has_controls("\xE2\x81\xA6x", true));        /* U+2066 isolate */
    CHECK(!utf8_has_controls("“引号”—破折号", false));         /* ordinary punctuation */
    CHECK_INT(utf8_prefix("法治政府", 2), 6);
}

static void crypto_digests_and_tokens(void)
{
    char hex[DIGEST_HEX_LEN];
    CHECK_INT(digest_hex(HASH_SHA256, "abc", 3, hex), 0);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* GB/T 32905-2016 example 1 */
    CHECK_INT(digest_hex(HASH_SM3, "abc", 3, hex), 0);
    CHECK_STR(hex, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    char t1[64], t2[64];
    CHECK_INT(random_token(t1, sizeof t1, 32), 0);
    CHECK_INT(random_token(t2, sizeof t2, 32), 0);
    CHECK_INT(strlen(t1), 43);
    CHECK(strcmp(t1, t2) != 0);
    CHECK(ct_equal("abc", "abc"));
    CHECK(!ct_equal("abc", "abd"));
    CHECK(!ct_equal("abc", "abcd"));
    char h[PASSWORD_HASH_MAX];
    CHECK_INT(password_hash("正确的密码 1", h), 0);
    CHECK(strncmp(h, "$argon2id$", 10) == 0);
    CHECK(password_verify(h, "正确的密码 1"));
    CHECK(!password_verify(h, "正确的密码 2"));
    CHECK(!password_verify("plain", "plain"));
}

static void mime_is_read_from_the_bytes(void)
{
    CHECK_STR(mime_sniff("%PDF-1.7\n", 9, "a.pdf"), "application/pdf");
    CHECK_STR(mime_sniff("%PDF-1.7\n", 9, "no-extension"), "application/pdf");
    CHECK_STR(mime_sniff("\xFF\xD8\xFF\xE0\0\x10JFIF", 10, "x"), "image/jpeg");
    CHECK_STR(mime_sniff("\x89PNG\r\n\x1a\n\0\0", 10, "x.png"), "image/png");
    CHECK_STR(mime_sniff("RIFF\x10\0\0\0WEBPVP8 ", 16, "x"), "image/webp");
    CHECK_STR(mime_sniff("\0\0\0\x18" "ftypheic\0\0\0\0", 16, "IMG_1.HEIC"), "image/heic");
    CHECK_STR(mime_sniff("\0\0\0\x18" "ftypisom\0\0\0\0", 16, "v.mp4"), "video/mp4");
    CHECK_STR(mime_sniff("\0\0\0\x18" "ftypM4A \0\0\0\0", 16, "a.m4a"), "audio/mp4");
    CHECK_STR(mime_sniff("ID3\x04\0\0\0\0", 8, "a.mp3"), "audio/mpeg");
    CHECK_STR(mime_sniff("\xFF\xFB\x90\x64", 4, "a.mp3"), "audio/mpeg"); /* MPEG-1 L3 */
    CHECK_STR(mime_sniff("PK\x03\x04\x14\0", 6, "报告.DOCX"),
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    CHECK(mime_sniff("PK\x03\x04\x14\0", 6, "app.apk") == NULL); /* any other ZIP */
    CHECK_STR(mime_sniff("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "旧表.xls"),
              "application/vnd.ms-excel");
    CHECK_STR(mime_sniff("会议纪要\n", strlen("会议纪要\n"), "纪要.txt"), "text/plain");
    CHECK(mime_sniff("\xFF\xFE\0a", 4, "bad.txt") == NULL);             /* not UTF-8 */
    CHECK(mime_sniff("<html><script>", 14, "invoice.pdf") == NULL);        /* a page renamed */
    CHECK(mime_sniff("GIF89a\x01\0", 8, "a.gif") == NULL);                /* not accepted */
    CHECK(mime_sniff("<svg xmlns=", 11, "a.svg") == NULL);
    CHECK(mime_sniff("MZ\x90\0", 4, "setup.exe") == NULL);
    CHECK(mime_sniff("%PD", 3, "short.pdf") == NULL);
}

void suite_core(void);
void suite_core(void)
{
    RUN(arena_allocates_zeroed_and_frees);
    RUN(arena_runs_cleanups_last_in_first_out);
    RUN(buf_caps_with_a_sticky_error);
    RUN(escapers_make_text_safe);
    RUN(utf8_validation_is_strict);
    RUN(crypto_digests_and_tokens);
    RUN(mime_is_read_from_the_bytes);
}
