/* test_mask.c — the portal's masking rules (engine/mask.h). */
#include "core/arena.h"
#include "engine/mask.h"
#include "t.h"
#include "core/banned.h"

static void test_person_names(void)
{
    arena *a = arena_new();
    CHECK_STR(mask_person_name(a, "张三丰"), "张**");
    CHECK_STR(mask_person_name(a, "李四"), "李*");
    CHECK_STR(mask_person_name(a, "欧阳娜娜"), "欧***");
    CHECK_STR(mask_person_name(a, "王"), "*");
    CHECK_STR(mask_person_name(a, "Li Lei"), "L*****");
    CHECK_STR(mask_person_name(a, ""), "");
    CHECK_STR(mask_person_name(a, NULL), "");
    /* a name cut inside a character still yields valid text (the cut bytes count as one) */
    CHECK_STR(mask_person_name(a, "张\xe4\xb8"), "张*");
    arena_free(a);
}

static void test_free_text(void)
{
    arena *a = arena_new();
    const struct mask_secret s[] = {
        {"孙某平", "孙**"},
        {"青川市东湖区桂园路8号", "（已隐去）"},
        {"110101199003071234", NULL},
        {"x", "ignored: too short"},
        {NULL, NULL},
    };
    CHECK_STR(mask_text(a, "孙某平在青川市东湖区桂园路8号门前占道经营，孙某平拒不改正", s, 5),
              "孙**在（已隐去）门前占道经营，孙**拒不改正");
    CHECK_STR(mask_text(a, "身份证110101199003071234", s, 5), "身份证***");
    /* numbers nobody named: identity and telephone numbers are starred whole */
    CHECK_STR(mask_text(a, "电话13912345678，证件11010119900307123X。", s, 0),
              "电话***********，证件******************。");
    /* short numbers stay: amounts, house numbers, decision numbers */
    CHECK_STR(mask_text(a, "罚款2000元，东湖街道罚决字〔2026〕14号，桂园路8号", s, 0),
              "罚款2000元，东湖街道罚决字〔2026〕14号，桂园路8号");
    CHECK_STR(mask_text(a, "1234567890", s, 0), "1234567890");
    /* numbers written in groups, or in full-width digits, are numbers too */
    CHECK_STR(mask_text(a, "电话138-1234-5678。", s, 0), "电话***********。");
    CHECK_STR(mask_text(a, "证件990101 19880703 8163", s, 0), "证件******************");
    CHECK_STR(mask_text(a, "１３８１２３４５６７８", s, 0), "***********");
    CHECK_STR(mask_text(a, "139 1234 5678，罚款 200 元", s, 0), "***********，罚款 200 元");
    CHECK_STR(mask_text(a, "2026-11-27", s, 0), "2026-11-27"); /* a date: 8 digits */
    CHECK_STR(mask_text(a, "第1-3项", s, 0), "第1-3项");
    CHECK_STR(mask_text(a, "号码13912345678-", s, 0), "号码***********-");
    CHECK_STR(mask_text(a, NULL, s, 5), "");
    /* the longest secret wins where two start at the same place */
    const struct mask_secret nested[] = {{"张三", "A"}, {"张三丰", "B"}};
    CHECK_STR(mask_text(a, "张三丰和张三", nested, 2), "B和A");
    /* a secret starting inside a short number is still replaced (found by fuzz_mask) */
    const struct mask_secret phone[] = {{"88886666", NULL}, {"8号", "#"}};
    CHECK_STR(mask_text(a, "电话088886666，住18号", phone, 2), "电话0***，住1#");
    CHECK_STR(mask_text(a, "123X88886666", phone, 2), "123X***");
    arena_free(a);
}

void suite_mask(void);
void suite_mask(void)
{
    RUN(test_person_names);
    RUN(test_free_text);
}
