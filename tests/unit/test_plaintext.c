/* test_plaintext.c — the public form text check (core/plaintext.h) on real cases: Chinese
 * text with punctuation and line breaks passes; tags, comments, script schemes, controls,
 * bad UTF-8 and text over the limit are refused with a reason for the user. */
#include "core/plaintext.h"
#include "t.h"

static bool ok(const char *s)
{
    const char *why = NULL;
    bool r = plaintext_ok(s, strlen(s), 1000, &why);
    if (r && why)
        t_fail(__FILE__, __LINE__, "why set on success for \"%s\"", s);
    return r;
}

/* Refused, with a reason containing part. */
static void refused(int line, const char *s, size_t len, const char *part)
{
    const char *why = NULL;
    if (plaintext_ok(s, len, 1000, &why))
        t_fail(__FILE__, line, "accepted \"%.*s\"", (int)len, s);
    else if (!why || !strstr(why, part))
        t_fail(__FILE__, line, "reason \"%s\", expected one with \"%s\"", why ? why : "(null)",
               part);
}
#define REFUSED(s, part) refused(__LINE__, s, strlen(s), part)

static void plain_text_passes(void)
{
    CHECK(ok(""));
    CHECK(ok("我家楼下的餐馆油烟扰民，已持续三个月。\n请尽快处理，谢谢！"));
    CHECK(ok("面积 3<5 平方米，a < b，x<=y，<3，<<>> 都是文字"));
    CHECK(ok("全角的＜script＞不是标记"));
    CHECK(ok("网址 https://example.gov.cn/a?b=1&c=2 可以"));
    CHECK(ok("metadata: 与 update:都不是链接；javascript 一词也可以"));
    CHECK(ok("第一行\r\n\t缩进的第二行"));
    CHECK(ok("emoji 😀 与生僻字 𠀀"));
}

static void markup_is_refused(void)
{
    REFUSED("<script>alert(1)</script>", "网页标记");
    REFUSED("你好<img src=x onerror=alert(1)>", "网页标记");
    REFUSED("结尾</p>", "网页标记");
    REFUSED("<!-- 注释 -->", "网页标记");
    REFUSED("<!DOCTYPE html>", "网页标记");
    REFUSED("<?xml version=\"1.0\"?>", "网页标记");
    REFUSED("<svg/onload=alert(1)>", "网页标记");
    REFUSED("a<B>粗体</B>", "网页标记");
    REFUSED("<a href=\"x\">", "网页标记");
}

static void script_schemes_are_refused(void)
{
    REFUSED("javascript:alert(1)", "javascript:");
    REFUSED("点这里JaVaScRiPt:alert(1)", "javascript:");
    REFUSED("java\tscript:alert(1)", "javascript:");
    REFUSED("java\nscript:alert(1)", "javascript:");
    REFUSED("(javascript:void 0)", "javascript:");
    REFUSED("data:text/html;base64,PHNjcmlwdD4=", "data:");
    REFUSED("图片 DATA:image/png;base64,AAAA", "data:");
    REFUSED("vbscript:msgbox", "javascript:");
}

static void controls_and_encoding_are_refused(void)
{
    refused(__LINE__, "a\0b", 3, "控制字符");
    refused(__LINE__, "\0", 1, "控制字符");
    REFUSED("响铃\a", "控制字符");
    REFUSED("esc\x1b[31m", "控制字符");
    REFUSED("del\x7f", "控制字符");
    REFUSED("c1 \xc2\x85", "控制字符");           /* U+0085 NEXT LINE */
    REFUSED("bidi \xe2\x80\xae txt", "控制字符"); /* U+202E RIGHT-TO-LEFT OVERRIDE */
    REFUSED("isolate \xe2\x81\xa6", "控制字符");  /* U+2066 LEFT-TO-RIGHT ISOLATE */
    REFUSED("overlong \xc0\xbc", "无法识别");     /* '<' in two bytes */
    REFUSED("overlong \xe0\x80\xbc", "无法识别"); /* '<' in three bytes */
    REFUSED("overlong \xf0\x80\x80\xbc", "无法识别");
    REFUSED("surrogate \xed\xa0\x80", "无法识别");
    REFUSED("cut \xe4\xb8", "无法识别");
    REFUSED("latin-1 caf\xe9", "无法识别");
    REFUSED("too high \xf4\x90\x80\x80", "无法识别");
    const char *why = NULL;
    CHECK(!plaintext_ok(NULL, 0, 10, &why) && why);
    CHECK(!plaintext_ok("\x80", 1, 10, NULL)); /* why may be NULL */
}

static void length_is_in_characters(void)
{
    const char *s = "一二三四五"; /* 5 characters, 15 bytes */
    const char *why = NULL;
    CHECK(plaintext_ok(s, strlen(s), 5, &why));
    CHECK(!plaintext_ok(s, strlen(s), 4, &why));
    CHECK_CONTAINS(why, "字数上限");
    CHECK(plaintext_ok("abcde", 5, 5, NULL));
    CHECK(!plaintext_ok("abcdef", 6, 5, NULL));
    CHECK(plaintext_ok("", 0, 0, NULL));
    /* the length given is what counts, not a NUL further on */
    CHECK(plaintext_ok("<script>", 1, 5, NULL));
}

void suite_plaintext(void);
void suite_plaintext(void)
{
    RUN(plain_text_passes);
    RUN(markup_is_refused);
    RUN(script_schemes_are_refused);
    RUN(controls_and_encoding_are_refused);
    RUN(length_is_in_characters);
}
