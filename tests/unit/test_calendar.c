/* test_calendar.c — working-day arithmetic on the real data/calendar files (RULES.md §0, §13).
 *
 * Every expected date below was worked out by hand from the State Council notices as listed
 * in RULES.md §13; the comment beside each case shows the count day by day. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/calendar.h"
#include "core/date.h"
#include "t.h"

#define D(y, m, d) date_from_ymd(y, m, d)

/* Compares two dates and prints both as YYYY-MM-DD on failure. */
#define CHECK_DATE(got, y, m, d)                                                                   \
    do {                                                                                           \
        int g_ = (got), w_ = D(y, m, d);                                                           \
        if (g_ != w_) {                                                                            \
            char gs_[11], ws_[11];                                                                 \
            date_format(g_, gs_);                                                                  \
            date_format(w_, ws_);                                                                  \
            t_fail(__FILE__, __LINE__, "%s == %s, expected %s", #got, gs_, ws_);                   \
        }                                                                                          \
    } while (0)

/* Bounds-checked reads of an explanation, so a wrong count fails a check, not the run. */
static int skip_day(const struct cal_explain *ex, size_t i)
{
    return i < ex->nskips ? ex->skips[i].day : -999999; /* far outside any calendar */
}
static int skip_kind(const struct cal_explain *ex, size_t i)
{
    return i < ex->nskips ? (int)ex->skips[i].kind : -1;
}
static const char *skip_name(const struct cal_explain *ex, size_t i)
{
    return i < ex->nskips ? ex->skips[i].name : "(no such skip)";
}
static int adj_day(const struct cal_explain *ex, size_t i)
{
    return i < ex->nadjusted ? ex->adjusted[i].day : -999999; /* far outside any calendar */
}

static calendar *cal; /* the real files, loaded once for the suite */
static int cal_years; /* what calendar_load_dir returned */

static void load_real_calendar(void)
{
    const char *data = getenv("FAZHI_DATA");
    char dir[1024], err[256] = "";
    snprintf(dir, sizeof dir, "%s/calendar", data && *data ? data : "data");
    cal = calendar_new();
    cal_years = calendar_load_dir(cal, dir, err, sizeof err);
    if (cal_years < 0)
        fprintf(stderr, "  cannot load the calendar: %s\n", err);
}

/* A due date held in a record (counted as 0 days from itself) reads as a date, not as
 * "计0日": 1 Oct 2026 is 国庆节, so the deadline is Thu 8 Oct. */
static void fixed_date_explained_without_a_count(void)
{
    arena *a = arena_new();
    struct cal_explain ex;
    int from = date_from_ymd(2026, 10, 1);
    CHECK_INT(calendar_add_days(cal, from, 0, &ex, a), date_from_ymd(2026, 10, 8));
    char *text = calendar_explain_text(&ex);
    CHECK_CONTAINS(
        text, "规定的期限为2026年10月1日 星期四，当日为法定节假日（国庆节），顺延至2026年10月8日");
    CHECK(!strstr(text, "计0日"));
    free(text);
    from = date_from_ymd(2026, 11, 27); /* a plain Friday: nothing to roll */
    CHECK_INT(calendar_add_days(cal, from, 0, &ex, a), from);
    text = calendar_explain_text(&ex);
    CHECK_CONTAINS(text, "规定的期限为2026年11月27日 星期五。");
    free(text);
    arena_free(a);
}

/* ---- the files themselves ------------------------------------------------------------- */

static void real_files_load(void)
{
    CHECK(cal_years >= 3); /* 2024, 2025, 2026 (later years may be added) */
    CHECK(calendar_covers(cal, 2024));
    CHECK(calendar_covers(cal, 2025));
    CHECK(calendar_covers(cal, 2026));
    CHECK(!calendar_covers(cal, 2023));
    CHECK(!calendar_covers(cal, 1899));
    CHECK(!calendar_covers(cal, 2200));
}

/* Mon–Fri weekdays per year minus weekday holidays plus 调休 weekend days (RULES.md §13):
 *   2024: leap year starting Monday -> 52 weeks + Mon, Tue = 262 weekdays; 19 weekday
 *         holidays (01-01; 02-12..16; 04-04,05; 05-01..03; 06-10; 09-16,17; 10-01..04, 10-07);
 *         8 调休 days (02-04, 02-18, 04-07, 04-28, 05-11, 09-14, 09-29, 10-12) -> 251.
 *   2025: starts Wednesday -> 261 weekdays; 18 weekday holidays; 5 调休 days -> 248.
 *   2026: starts Thursday -> 261 weekdays; 19 weekday holidays; 6 调休 days -> 248. */
static void working_days_per_year(void)
{
    CHECK_INT(calendar_working_days_between(cal, D(2023, 12, 31), D(2024, 12, 31)), 251);
    CHECK_INT(calendar_working_days_between(cal, D(2024, 12, 31), D(2025, 12, 31)), 248);
    CHECK_INT(calendar_working_days_between(cal, D(2025, 12, 31), D(2026, 12, 31)), 248);
}

/* Each file matches the weekday-holiday and 调休 lists of RULES.md §13 exactly. */
static void files_match_rules_tables(void)
{
    static const char *const weekday_holidays[] = {
        /* 2024 */
        "2024-01-01",
        "2024-02-12",
        "2024-02-13",
        "2024-02-14",
        "2024-02-15",
        "2024-02-16",
        "2024-04-04",
        "2024-04-05",
        "2024-05-01",
        "2024-05-02",
        "2024-05-03",
        "2024-06-10",
        "2024-09-16",
        "2024-09-17",
        "2024-10-01",
        "2024-10-02",
        "2024-10-03",
        "2024-10-04",
        "2024-10-07",
        /* 2025 */
        "2025-01-01",
        "2025-01-28",
        "2025-01-29",
        "2025-01-30",
        "2025-01-31",
        "2025-02-03",
        "2025-02-04",
        "2025-04-04",
        "2025-05-01",
        "2025-05-02",
        "2025-05-05",
        "2025-06-02",
        "2025-10-01",
        "2025-10-02",
        "2025-10-03",
        "2025-10-06",
        "2025-10-07",
        "2025-10-08",
        /* 2026 */
        "2026-01-01",
        "2026-01-02",
        "2026-02-16",
        "2026-02-17",
        "2026-02-18",
        "2026-02-19",
        "2026-02-20",
        "2026-02-23",
        "2026-04-06",
        "2026-05-01",
        "2026-05-04",
        "2026-05-05",
        "2026-06-19",
        "2026-09-25",
        "2026-10-01",
        "2026-10-02",
        "2026-10-05",
        "2026-10-06",
        "2026-10-07",
    };
    static const char *const adjusted[] = {
        "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11",
        "2024-09-14", "2024-09-29", "2024-10-12", "2025-01-26", "2025-02-08",
        "2025-04-27", "2025-09-28", "2025-10-11", "2026-01-04", "2026-02-14",
        "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
    };
    size_t nh = sizeof weekday_holidays / sizeof *weekday_holidays;
    size_t na = sizeof adjusted / sizeof *adjusted;
    int listed_h = 0, listed_a = 0;
    for (int day = D(2024, 1, 1); day <= D(2026, 12, 31); day++) {
        char iso[11];
        date_format(day, iso);
        bool is_h = false, is_a = false;
        for (size_t i = 0; i < nh; i++)
            is_h |= strcmp(iso, weekday_holidays[i]) == 0;
        for (size_t i = 0; i < na; i++)
            is_a |= strcmp(iso, adjusted[i]) == 0;
        enum day_kind k = calendar_day_kind(cal, day, NULL);
        bool weekend = date_weekday(day) >= 6;
        if (is_h && k != DAY_HOLIDAY)
            t_fail(__FILE__, __LINE__, "%s should be a holiday", iso);
        if (is_a && k != DAY_ADJUSTED_WORKDAY)
            t_fail(__FILE__, __LINE__, "%s should be an adjusted workday", iso);
        if (!weekend && !is_h && k != DAY_WORKDAY)
            t_fail(__FILE__, __LINE__, "%s should be a plain workday", iso);
        if (weekend && !is_a && k == DAY_ADJUSTED_WORKDAY)
            t_fail(__FILE__, __LINE__, "%s should not be a workday", iso);
        listed_h += !weekend && k == DAY_HOLIDAY;
        listed_a += k == DAY_ADJUSTED_WORKDAY;
    }
    CHECK_INT(listed_h, nh);
    CHECK_INT(listed_a, na);
}

static void day_kinds_and_names(void)
{
    const char *name = "x";
    CHECK_INT(calendar_day_kind(cal, D(2024, 2, 10), &name), DAY_HOLIDAY); /* Sat in 春节 */
    CHECK_STR(name, "春节");
    CHECK_INT(calendar_day_kind(cal, D(2024, 2, 18), &name), DAY_ADJUSTED_WORKDAY);
    CHECK_STR(name, "春节调休");
    CHECK_INT(calendar_day_kind(cal, D(2024, 2, 9), &name), DAY_WORKDAY); /* 除夕, not off */
    CHECK(name == NULL);
    name = "x";
    CHECK_INT(calendar_day_kind(cal, D(2024, 2, 3), &name), DAY_WEEKEND);
    CHECK(name == NULL);
    CHECK_INT(calendar_day_kind(cal, D(2025, 10, 8), &name), DAY_HOLIDAY);
    CHECK_STR(name, "国庆节、中秋节");
    CHECK_INT(calendar_day_kind(cal, D(2025, 10, 11), &name), DAY_ADJUSTED_WORKDAY);
    CHECK_INT(calendar_day_kind(cal, D(2026, 9, 20), &name), DAY_ADJUSTED_WORKDAY);
    CHECK_STR(name, "国庆节调休");
    CHECK_INT(calendar_day_kind(cal, D(2026, 1, 3), &name), DAY_HOLIDAY); /* Sat in 元旦 */
    CHECK_STR(name, "元旦");
    CHECK_INT(calendar_day_kind(cal, D(2026, 1, 4), NULL), DAY_ADJUSTED_WORKDAY);
    /* an adjusted workday is a working day; a weekend day inside a holiday is not */
    CHECK(calendar_is_working(cal, D(2024, 9, 29)));
    CHECK(calendar_is_working(cal, D(2026, 2, 28)));
    CHECK(!calendar_is_working(cal, D(2026, 2, 21)));
    CHECK(!calendar_is_working(cal, D(2024, 10, 7))); /* Monday inside 国庆 */
}

/* ---- working days ------------------------------------------------------------------------- */

/* 5 working days after Thu 2024-02-08: Fri 02-09 (1; 除夕 is not a day off in 2024),
 * 02-10..02-17 春节 (skip 8), Sun 02-18 调休 (2), Mon 02-19 (3), Tue 02-20 (4),
 * Wed 02-21 (5). */
static void spring_festival_2024(void)
{
    arena *a = arena_new();
    struct cal_explain ex;
    CHECK_DATE(calendar_add_working_days(cal, D(2024, 2, 8), 5, &ex, a), 2024, 2, 21);
    CHECK(ex.working && !ex.rolled);
    CHECK_INT(ex.count, 5);
    CHECK_INT(ex.from, D(2024, 2, 8));
    CHECK_INT(ex.nskips, 8);
    CHECK_DATE(skip_day(&ex, 0), 2024, 2, 10);
    CHECK_DATE(skip_day(&ex, 7), 2024, 2, 17);
    CHECK_INT(skip_kind(&ex, 0), DAY_HOLIDAY);
    CHECK_STR(skip_name(&ex, 0), "春节");
    CHECK_INT(ex.nadjusted, 1);
    CHECK_DATE(adj_day(&ex, 0), 2024, 2, 18);
    CHECK_INT(ex.uncovered_year, 0);
    CHECK_INT(calendar_working_days_between(cal, D(2024, 2, 8), D(2024, 2, 21)), 5);

    char *text = calendar_explain_text(&ex);
    CHECK_CONTAINS(text, "自2024年2月8日起算（不含当日），计5个工作日。");
    CHECK_CONTAINS(text, "跳过：2024年2月10日 星期六 春节；2024年2月11日 星期日 春节；");
    CHECK_CONTAINS(text, "2024年2月17日 星期六 春节。");
    CHECK_CONTAINS(text, "2024年2月18日 星期日 为调休上班日，计入工作日。");
    CHECK_CONTAINS(text, "到期日：2024年2月21日 星期三。");
    CHECK(text && !strstr(text, "注意"));
    free(text);
    arena_free(a);
}

/* 2024 国庆: Sun 09-29 is worked, 10-01..10-07 off, Sat 10-12 is worked. */
static void national_day_2024(void)
{
    arena *a = arena_new();
    struct cal_explain ex;
    /* after Fri 09-27: Sat 09-28 (skip), Sun 09-29 调休 (1), Mon 09-30 (2),
     * 10-01..10-07 (skip 7), Tue 10-08 (3) */
    CHECK_DATE(calendar_add_working_days(cal, D(2024, 9, 27), 3, &ex, a), 2024, 10, 8);
    CHECK_INT(ex.nskips, 8);
    CHECK_INT(skip_kind(&ex, 0), DAY_WEEKEND);
    CHECK(skip_name(&ex, 0) == NULL);
    CHECK_STR(skip_name(&ex, 1), "国庆节");
    CHECK_INT(ex.nadjusted, 1);
    CHECK_DATE(adj_day(&ex, 0), 2024, 9, 29);
    /* after Mon 10-07 (itself a holiday): 10-08 (1), 10-09 (2), 10-10 (3), 10-11 (4),
     * Sat 10-12 调休 (5) */
    CHECK_DATE(calendar_add_working_days(cal, D(2024, 10, 7), 5, NULL, NULL), 2024, 10, 12);
    /* after Sat 09-28: Sun 09-29 (1) */
    CHECK_DATE(calendar_add_working_days(cal, D(2024, 9, 28), 1, NULL, NULL), 2024, 9, 29);
    arena_free(a);
}

/* 7 working days after Tue 2024-04-02 (清明 04-04..06, Sun 04-07 worked): Wed 04-03 (1),
 * 04-04..06 (skip), Sun 04-07 (2), Mon 04-08 (3), 04-09 (4), 04-10 (5), 04-11 (6),
 * Fri 04-12 (7). */
static void qingming_2024_seven_days(void)
{
    CHECK_DATE(calendar_add_working_days(cal, D(2024, 4, 2), 7, NULL, NULL), 2024, 4, 12);
}

/* 20 working days after Thu 2024-04-25 across 劳动节 (05-01..05 off; Sun 04-28 and
 * Sat 05-11 worked): Fri 04-26 (1), Sat 04-27 skip, Sun 04-28 (2), Mon 04-29 (3),
 * Tue 04-30 (4), 05-01..05 skip, 05-06..05-10 (5..9), Sat 05-11 (10), Sun 05-12 skip,
 * 05-13..05-17 (11..15), 05-18/19 skip, 05-20..05-24 (16..20) -> Fri 2024-05-24. */
static void labour_day_2024_twenty_days(void)
{
    arena *a = arena_new();
    struct cal_explain ex;
    CHECK_DATE(calendar_add_working_days(cal, D(2024, 4, 25), 20, &ex, a), 2024, 5, 24);
    CHECK_INT(ex.nskips, 9); /* 04-27, 05-01..05, 05-12, 05-18, 05-19 */
    CHECK_INT(ex.nadjusted, 2);
    CHECK_DATE(adj_day(&ex, 1), 2024, 5, 11);
    arena_free(a);
}

/* 2025 春节: Sun 01-26 worked, 01-28..02-04 off, Sat 02-08 worked.
 * 7 working days after Fri 2025-01-24: Sat 01-25 skip, Sun 01-26 (1), Mon 01-27 (2),
 * 01-28..02-04 skip 8, Wed 02-05 (3), Thu 02-06 (4), Fri 02-07 (5), Sat 02-08 (6),
 * Sun 02-09 skip, Mon 02-10 (7). */
static void spring_festival_2025(void)
{
    arena *a = arena_new();
    struct cal_explain ex;
    CHECK_DATE(calendar_add_working_days(cal, D(2025, 1, 24), 7, &ex, a), 2025, 2, 10);
    CHECK_INT(ex.nskips, 10);
    CHECK_INT(ex.nadjusted, 2);
    CHECK_DATE(adj_day(&ex, 0), 2025, 1, 26);
    CHECK_DATE(adj_day(&ex, 1), 2025, 2, 8);
    /* 1 working day after Mon 01-27 is Wed 02-05, the first day back */
    CHECK_DATE(calendar_add_working_days(cal, D(2025, 1, 27), 1, NULL, NULL), 2025, 2, 5);
    arena_free(a);
}

/* 2025 国庆+中秋 01..08 Oct, Sun 09-28 and Sat 10-11 worked.
 * 5 working days after Fri 2025-09-26: Sat 09-27 skip, Sun 09-28 (1), Mon 09-29 (2),
 * Tue 09-30 (3), 10-01..10-08 skip 8, Thu 10-09 (4), Fri 10-10 (5). */
static void national_day_2025(void)
{
    arena *a = arena_new();
    struct cal_explain ex;
    CHECK_DATE(calendar_add_working_days(cal, D(2025, 9, 26), 5, &ex, a), 2025, 10, 10);
    CHECK_INT(ex.nskips, 9);
    char *text = calendar_explain_text(&ex);
    CHECK_CONTAINS(text, "2025年10月1日 星期三 国庆节、中秋节");
    CHECK_CONTAINS(text, "2025年10月8日 星期三 国庆节、中秋节。");
    CHECK_CONTAINS(text, "2025年9月28日 星期日 为调休上班日");
    CHECK_CONTAINS(text, "到期日：2025年10月10日 星期五。");
    free(text);
    /* one more: Sat 10-11 is worked, so 6 working days end there */
    CHECK_DATE(calendar_add_working_days(cal, D(2025, 9, 26), 6, NULL, NULL), 2025, 10, 11);
    arena_free(a);
}

/* 2026 春节: Sat 02-14 and Sat 02-28 worked, 02-15..02-23 off.
 * 10 working days after Thu 2026-02-12: Fri 02-13 (1), Sat 02-14 (2), 02-15..23 skip 9,
 * 02-24..02-27 (3..6), Sat 02-28 (7), Sun 03-01 skip, Mon 03-02 (8), 03-03 (9), Wed 03-04 (10).
 * 20 working days: continue 03-05 (11), 03-06 (12), 03-07/08 skip, 03-09..13 (13..17),
 * 03-14/15 skip, 03-16 (18), 03-17 (19), Wed 03-18 (20). */
static void spring_festival_2026(void)
{
    arena *a = arena_new();
    struct cal_explain ex;
    CHECK_DATE(calendar_add_working_days(cal, D(2026, 2, 12), 10, &ex, a), 2026, 3, 4);
    CHECK_INT(ex.nskips, 10);
    CHECK_INT(ex.nadjusted, 2);
    CHECK_DATE(adj_day(&ex, 0), 2026, 2, 14);
    CHECK_DATE(adj_day(&ex, 1), 2026, 2, 28);
    CHECK_DATE(calendar_add_working_days(cal, D(2026, 2, 12), 20, NULL, NULL), 2026, 3, 18);
    CHECK_INT(calendar_working_days_between(cal, D(2026, 2, 12), D(2026, 3, 18)), 20);
    arena_free(a);
}

/* 2026 元旦 01-01..03 off, Sun 01-04 worked. 1 working day after Wed 2025-12-31 is that
 * Sunday (01-01..03 skipped); the count crosses from the 2025 file into the 2026 one. */
static void new_year_2026(void)
{
    arena *a = arena_new();
    struct cal_explain ex;
    CHECK_DATE(calendar_add_working_days(cal, D(2025, 12, 31), 1, &ex, a), 2026, 1, 4);
    CHECK_INT(ex.nskips, 3);
    CHECK_INT(ex.nadjusted, 1);
    CHECK_INT(ex.uncovered_year, 0);
    /* 2 working days: Sun 01-04 (1), Mon 01-05 (2) */
    CHECK_DATE(calendar_add_working_days(cal, D(2025, 12, 31), 2, NULL, NULL), 2026, 1, 5);
    arena_free(a);
}

static void zero_and_between_edges(void)
{
    arena *a = arena_new();
    struct cal_explain ex;
    /* n == 0 returns from, even on a holiday */
    CHECK_DATE(calendar_add_working_days(cal, D(2024, 10, 3), 0, &ex, a), 2024, 10, 3);
    CHECK_INT(ex.nskips, 0);
    CHECK_INT(calendar_working_days_between(cal, D(2024, 10, 3), D(2024, 10, 3)), 0);
    CHECK_INT(calendar_working_days_between(cal, D(2024, 10, 8), D(2024, 10, 1)), 0);
    /* the whole of 2024 国庆 holds no working day */
    CHECK_INT(calendar_working_days_between(cal, D(2024, 9, 30), D(2024, 10, 7)), 0);
    arena_free(a);
}

/* For every start day in 2024-2026 and n in 1..25: the due day is a working day and exactly
 * n working days lie in (from, due]. */
static void add_and_between_agree(void)
{
    int bad = 0;
    for (int from = D(2023, 12, 1); from <= D(2026, 12, 31); from += 3) {
        for (int n = 1; n <= 25; n += 4) {
            int due = calendar_add_working_days(cal, from, n, NULL, NULL);
            if (!calendar_is_working(cal, due) ||
                calendar_working_days_between(cal, from, due) != n ||
                calendar_working_days_between(cal, from, due - 1) != n - 1)
                bad++;
        }
    }
    CHECK_INT(bad, 0);
}

/* Working days between two dates, counted a year at a time from running counts, are what
 * counting day by day gives: spans inside and across the loaded years 2024-2026, into the
 * years without a table on either side, and before 1970. */
static int between_by_day(const calendar *c, int from, int to)
{
    int n = 0;
    for (int d = from + 1; d <= to; d++)
        n += calendar_is_working(c, d);
    return n;
}

static void between_matches_counting_day_by_day(void)
{
    int bad = 0;
    static const int spans[] = {0, 1, 2, 6, 7, 8, 30, 365, 366, 800, 1500};
    for (int from = D(2022, 12, 20); from <= D(2027, 1, 10); from += 5)
        for (size_t k = 0; k < sizeof spans / sizeof spans[0]; k++)
            bad += calendar_working_days_between(cal, from, from + spans[k]) !=
                   between_by_day(cal, from, from + spans[k]);
    for (int from = D(1969, 12, 1); from <= D(1970, 1, 20); from++)
        for (size_t k = 0; k < sizeof spans / sizeof spans[0]; k++)
            bad += calendar_working_days_between(cal, from, from + spans[k]) !=
                   between_by_day(cal, from, from + spans[k]);
    bad += calendar_working_days_between(NULL, D(2025, 1, 1), D(2025, 12, 31)) !=
           between_by_day(NULL, D(2025, 1, 1), D(2025, 12, 31));
    CHECK_INT(bad, 0);
}

/* ---- calendar days with roll-forward ------------------------------------------------------ */

/* 30 days after Sun 2024-09-01 is Tue 10-01 (September has 30 days), 国庆 -> 10-01..07 are
 * rolled past, due Tue 10-08. */
static void calendar_days_roll_over_national_day(void)
{
    arena *a = arena_new();
    struct cal_explain ex;
    CHECK_DATE(calendar_add_days(cal, D(2024, 9, 1), 30, &ex, a), 2024, 10, 8);
    CHECK(!ex.working);
    CHECK(ex.rolled);
    CHECK_DATE(ex.nominal_due, 2024, 10, 1);
    CHECK_INT(ex.count, 30);
    CHECK_INT(ex.nskips, 7);
    CHECK_STR(skip_name(&ex, 0), "国庆节");
    char *text = calendar_explain_text(&ex);
    CHECK_CONTAINS(text, "自2024年9月1日起算（不含当日），计30日，届满日2024年10月1日 星期二 "
                         "为法定节假日（国庆节），顺延至2024年10月8日 星期二。");
    CHECK_CONTAINS(text, "到期日：2024年10月8日 星期二。");
    free(text);
    arena_free(a);
}

static void calendar_days_roll_forward(void)
{
    arena *a = arena_new();
    struct cal_explain ex;
    /* 15 days after Thu 2025-01-16 is Fri 01-31, inside 春节 (01-28..02-04): roll past
     * 01-31, 02-01, 02-02, 02-03, 02-04 to Wed 02-05 */
    CHECK_DATE(calendar_add_days(cal, D(2025, 1, 16), 15, &ex, a), 2025, 2, 5);
    CHECK(ex.rolled);
    CHECK_DATE(ex.nominal_due, 2025, 1, 31);
    CHECK_INT(ex.nskips, 5);
    char *text = calendar_explain_text(&ex);
    CHECK_CONTAINS(text, "为法定节假日（春节），顺延至2025年2月5日 星期三。");
    free(text);

    /* 15 days after Fri 2025-03-07 is Sat 03-22, a plain weekend: roll to Mon 03-24 */
    CHECK_DATE(calendar_add_days(cal, D(2025, 3, 7), 15, &ex, a), 2025, 3, 24);
    CHECK(ex.rolled);
    CHECK_INT(ex.nskips, 2);
    CHECK_INT(skip_kind(&ex, 0), DAY_WEEKEND);
    text = calendar_explain_text(&ex);
    CHECK_CONTAINS(text, "届满日2025年3月22日 星期六 为休息日，顺延至2025年3月24日 星期一。");
    free(text);

    /* 15 days after Sat 2024-02-03 is Sun 02-18, a 调休 workday: no roll */
    CHECK_DATE(calendar_add_days(cal, D(2024, 2, 3), 15, &ex, a), 2024, 2, 18);
    CHECK(!ex.rolled);
    CHECK_INT(ex.nskips, 0);

    /* 15 days after Mon 2026-06-01 is Tue 06-16, an ordinary weekday: no roll */
    CHECK_DATE(calendar_add_days(cal, D(2026, 6, 1), 15, &ex, a), 2026, 6, 16);
    CHECK(!ex.rolled);

    /* 60 days after 2026-04-22 is Sun 06-21, last day of 端午 (06-19..21): Mon 06-22 */
    CHECK_DATE(calendar_add_days(cal, D(2026, 4, 22), 60, NULL, NULL), 2026, 6, 22);
    arena_free(a);
}

/* ---- a year with no file ------------------------------------------------------------------ */

static void uncovered_year_falls_back(void)
{
    arena *a = arena_new();
    struct cal_explain ex;
    CHECK(!calendar_covers(cal, 2027));
    /* 2027: Mon–Fri only. After Thu 2027-09-30: Fri 10-01 (1; no 国庆 without a file),
     * 10-02/03 weekend, Mon 10-04 (2), 10-05 (3), 10-06 (4), Thu 10-07 (5) */
    CHECK_DATE(calendar_add_working_days(cal, D(2027, 9, 30), 5, &ex, a), 2027, 10, 7);
    CHECK_INT(ex.uncovered_year, 2027);
    char *text = calendar_explain_text(&ex);
    CHECK_CONTAINS(text, "注意：2027年的节假日安排尚未导入，按周一至周五为工作日计算。");
    free(text);

    /* crossing in: after Wed 2026-12-30, Thu 12-31 (1), Fri 2027-01-01 (2), Mon 01-04 (3) */
    CHECK_DATE(calendar_add_working_days(cal, D(2026, 12, 30), 3, &ex, a), 2027, 1, 4);
    CHECK_INT(ex.uncovered_year, 2027);
    /* a count that stays inside 2026 does not warn */
    CHECK_DATE(calendar_add_working_days(cal, D(2026, 12, 28), 2, &ex, a), 2026, 12, 30);
    CHECK_INT(ex.uncovered_year, 0);

    /* calendar days landing on Sat 2027-10-02: Mon 10-04, with the warning */
    CHECK_DATE(calendar_add_days(cal, D(2027, 9, 2), 30, &ex, a), 2027, 10, 4);
    CHECK_INT(ex.uncovered_year, 2027);
    CHECK_INT(calendar_day_kind(cal, D(2027, 10, 1), NULL), DAY_WORKDAY);
    arena_free(a);
}

static void empty_calendar_is_monday_to_friday(void)
{
    calendar *c = calendar_new();
    /* 5 working days after Thu 2024-02-08 with no files: 02-09 (1), 02-12..02-15 (2..5) */
    CHECK_DATE(calendar_add_working_days(c, D(2024, 2, 8), 5, NULL, NULL), 2024, 2, 15);
    CHECK_INT(calendar_working_days_between(c, D(2024, 12, 31), D(2025, 12, 31)), 261);
    calendar_free(c);
}

/* ---- parsing ---------------------------------------------------------------------------- */

/* A small valid 2025 file, loaded first so failures can be seen to change nothing. */
static const char base_2025[] = "source test\n"
                                "2025-01-01 holiday 元旦\n"
                                "2025-01-26 workday 春节调休\n";

static calendar *fresh_2025(void)
{
    calendar *c = calendar_new();
    char err[256] = "";
    CHECK_INT(calendar_load_text(c, "base.txt", base_2025, strlen(base_2025), err, sizeof err), 0);
    return c;
}

static void unchanged_2025(const calendar *c, int line)
{
    const char *name = NULL;
    if (calendar_day_kind(c, D(2025, 1, 1), &name) != DAY_HOLIDAY || !name ||
        strcmp(name, "元旦") != 0 || !calendar_is_working(c, D(2025, 1, 26)) ||
        calendar_is_working(c, D(2025, 1, 25)) || calendar_covers(c, 2024) ||
        calendar_covers(c, 2026))
        t_fail(__FILE__, line, "calendar changed by a failed load");
}

/* Loads text into a calendar holding base_2025; expects -1, an error containing want, and
 * no change. */
static void expect_reject(const char *text, size_t len, const char *want, int line)
{
    calendar *c = fresh_2025();
    char err[256] = "";
    if (calendar_load_text(c, "2025.txt", text, len, err, sizeof err) != -1)
        t_fail(__FILE__, line, "accepted; expected \"%s\"", want);
    else if (!strstr(err, want))
        t_fail(__FILE__, line, "error \"%s\" does not contain \"%s\"", err, want);
    unchanged_2025(c, line);
    calendar_free(c);
}
#define REJECT(text, want) expect_reject(text, sizeof(text) - 1, want, __LINE__)

static void parse_accepts_format(void)
{
    calendar *c = calendar_new();
    char err[256] = "";
    static const char text[] = "# a comment\r\n"
                               "\n"
                               "   \t\n"
                               "source 国办发明电〔2023〕7号 # trailing comment\r\n"
                               "  2024-02-12\tholiday   春节  # indented, tab, comment\r\n"
                               "2024-02-04 workday 春节调休"; /* no final newline */
    CHECK_INT(calendar_load_text(c, "2024.txt", text, sizeof text - 1, err, sizeof err), 0);
    CHECK_STR(err, "");
    const char *name = NULL;
    CHECK_INT(calendar_day_kind(c, D(2024, 2, 12), &name), DAY_HOLIDAY);
    CHECK_STR(name, "春节");
    CHECK_INT(calendar_day_kind(c, D(2024, 2, 4), &name), DAY_ADJUSTED_WORKDAY);
    CHECK_STR(name, "春节调休");
    CHECK(calendar_covers(c, 2024));
    calendar_free(c);
}

static void parse_rejects(void)
{
    /* line 7 holds the bad date, as in the message the header promises */
    REJECT("# 2025\n#\n#\n#\nsource x\n\n2025-02-30 holiday 春节\n",
           "2025.txt:7: \"2025-02-30\" is not a valid date");
    REJECT("2025-1-01 holiday 元旦\n", "2025.txt:1: \"2025-1-01\" is not a valid date");
    /* the year is the first entry's year */
    REJECT("2025-05-01 holiday 劳动节\n2026-05-01 holiday 劳动节\n",
           "2025.txt:2: \"2026-05-01\" is outside the file's year 2025");
    /* Mon 2025-02-03 cannot be a workday */
    REJECT("2025-02-03 workday 春节调休\n", "2025.txt:1: \"2025-02-03\" is a Monday");
    REJECT("2025-02-07 workday x\n", "2025.txt:1: \"2025-02-07\" is a Friday");
    REJECT("2025-05-01 holiday 劳动节\n\n2025-05-01 holiday 劳动节\n",
           "2025.txt:3: \"2025-05-01\" is listed twice (first on line 1)");
    REJECT("2025-04-27 workday a\n2025-04-27 holiday b\n",
           "2025.txt:2: \"2025-04-27\" is listed twice");
    REJECT("2025-05-01 holyday 劳动节\n", "2025.txt:1: unknown keyword \"holyday\"");
    REJECT("sources x\n", "2025.txt:1: unknown keyword \"sources\"");
    REJECT("2025-05-01\n", "2025.txt:1: \"holiday\" or \"workday\" expected");
    REJECT("2025-05-01 holiday\n", "2025.txt:1: holiday \"2025-05-01\" needs a name");
    REJECT("source\n", "2025.txt:1: \"source\" needs a text");
    REJECT("source a\nsource b\n", "2025.txt:2: second \"source\" line");
    REJECT("source a\n2025-05-01 holiday \xff\xfe\n", "2025.txt:2: line is not valid UTF-8");
    REJECT("source a\n2025-05-01 holiday \xe5\x8a\n", "2025.txt:2: line is not valid UTF-8");
    REJECT("2025-05-01 holiday a\0b\n", "2025.txt:1: line is not valid UTF-8");
    REJECT("2025-05-01 holiday a\x01\n", "2025.txt:1: line holds a control character");
    REJECT("# only comments\n\n", "2025.txt: no \"holiday\" or \"workday\" lines");
    REJECT("", "2025.txt: no \"holiday\" or \"workday\" lines");

    /* a line of 513 bytes is rejected; 512 is fine */
    char line[600];
    memset(line, '#', sizeof line);
    memcpy(line + 513, "\n2025-05-01 holiday a\n", 23);
    expect_reject(line, 513 + 22, "2025.txt:1: line is over 512 bytes", __LINE__);
    calendar *c = calendar_new();
    char err[256] = "";
    CHECK_INT(calendar_load_text(c, "2025.txt", line + 1, 512 + 22, err, sizeof err), 0);

    /* a file of 65537 bytes is rejected; 65536 is fine */
    size_t big = 64 * 1024 + 1;
    char *text = malloc(big);
    memset(text, '#', big);
    for (size_t i = 100; i < big; i += 100)
        text[i] = '\n';
    static const char entry[] = "\n2025-05-01 holiday a\n";
    memcpy(text + big - (sizeof entry - 1), entry, sizeof entry - 1);
    expect_reject(text, big, "2025.txt: file is over 65536 bytes", __LINE__);
    CHECK_INT(calendar_load_text(c, "2025.txt", text + 1, big - 1, err, sizeof err), 0);
    CHECK_STR(err, "");
    free(text);
    calendar_free(c);
}

static void reload_replaces_year(void)
{
    calendar *c = fresh_2025();
    static const char other[] = "2025-05-01 holiday 劳动节\n";
    char err[256] = "";
    CHECK_INT(calendar_load_text(c, "2025.txt", other, sizeof other - 1, err, sizeof err), 0);
    CHECK_INT(calendar_day_kind(c, D(2025, 5, 1), NULL), DAY_HOLIDAY);
    CHECK_INT(calendar_day_kind(c, D(2025, 1, 1), NULL), DAY_WORKDAY); /* old entry gone */
    CHECK_INT(calendar_day_kind(c, D(2025, 1, 26), NULL), DAY_WEEKEND);
    calendar_free(c);
}

static int write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

static void remove_file(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

static void load_dir_rules(void)
{
    char dir[] = "/tmp/fazhi-caltest-XXXXXX", err[256] = "";
    if (!mkdtemp(dir)) {
        t_fail(__FILE__, __LINE__, "mkdtemp failed");
        return;
    }
    static const char *const names[] = {"2030.txt", "notes.txt", "20301.txt", "2031.txt.bak",
                                        "203.txt",  "2031.TXT",  "x030.txt"};
    CHECK_INT(write_file(dir, "2030.txt", "2030-10-01 holiday 国庆节\n"), 0);
    for (size_t i = 1; i < sizeof names / sizeof *names; i++) /* others are ignored */
        CHECK_INT(write_file(dir, names[i], "2031-10-01 holiday 国庆节\n"), 0);
    calendar *c = calendar_new();
    CHECK_INT(calendar_load_dir(c, dir, err, sizeof err), 1);
    CHECK(calendar_covers(c, 2030));
    CHECK(!calendar_covers(c, 2031));

    /* from a directory the file name fixes the year: a 2031 entry in 2032.txt is refused,
     * and nothing else from the directory (2030's new content) is taken either */
    CHECK_INT(write_file(dir, "2030.txt", "2030-05-01 holiday 劳动节\n"), 0);
    CHECK_INT(write_file(dir, "2032.txt", "# x\n2031-10-01 holiday 国庆节\n"), 0);
    CHECK_INT(calendar_load_dir(c, dir, err, sizeof err), -1);
    CHECK_CONTAINS(err, "2032.txt:2: \"2031-10-01\" is outside the file's year 2032");
    CHECK_INT(calendar_day_kind(c, D(2030, 10, 1), NULL), DAY_HOLIDAY);
    CHECK_INT(calendar_day_kind(c, D(2030, 5, 1), NULL), DAY_WORKDAY);
    CHECK(!calendar_covers(c, 2032));
    remove_file(dir, "2032.txt");

    CHECK_INT(calendar_load_dir(c, dir, err, sizeof err), 1);
    CHECK_INT(calendar_day_kind(c, D(2030, 5, 1), NULL), DAY_HOLIDAY); /* replaced */
    CHECK_INT(calendar_day_kind(c, D(2030, 10, 1), NULL), DAY_WORKDAY);

    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        remove_file(dir, names[i]);
    rmdir(dir);
    CHECK_INT(calendar_load_dir(c, dir, err, sizeof err), -1); /* gone */
    CHECK_CONTAINS(err, "cannot open");
    calendar_free(c);
}

void suite_calendar(void);
void suite_calendar(void)
{
    load_real_calendar();
    RUN(real_files_load);
    RUN(working_days_per_year);
    RUN(files_match_rules_tables);
    RUN(day_kinds_and_names);
    RUN(spring_festival_2024);
    RUN(national_day_2024);
    RUN(qingming_2024_seven_days);
    RUN(labour_day_2024_twenty_days);
    RUN(spring_festival_2025);
    RUN(national_day_2025);
    RUN(spring_festival_2026);
    RUN(new_year_2026);
    RUN(zero_and_between_edges);
    RUN(add_and_between_agree);
    RUN(between_matches_counting_day_by_day);
    RUN(calendar_days_roll_over_national_day);
    RUN(calendar_days_roll_forward);
    RUN(fixed_date_explained_without_a_count);
    RUN(uncovered_year_falls_back);
    RUN(empty_calendar_is_monday_to_friday);
    RUN(parse_accepts_format);
    RUN(parse_rejects);
    RUN(reload_replaces_year);
    RUN(load_dir_rules);
    calendar_free(cal);
    cal = NULL;
}
