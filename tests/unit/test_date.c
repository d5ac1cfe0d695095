/* test_date.c — civil dates, weekdays, strict parsing, ISO instants, the Shanghai day. */
#include <stdlib.h>

#include "core/date.h"
#include "t.h"

static void ymd_round_trip_1900_2199(void)
{
    int first = date_from_ymd(DATE_MIN_YEAR, 1, 1), last = date_from_ymd(DATE_MAX_YEAR, 12, 31);
    int prev_y = DATE_MIN_YEAR - 1, prev_m = 12, prev_d = 31, bad = 0, days = 0;
    for (int day = first; day <= last; day++, days++) {
        int y, m, d;
        date_to_ymd(day, &y, &m, &d);
        /* each day maps back to itself, is a valid date and follows the previous one */
        bool next = (y == prev_y && m == prev_m && d == prev_d + 1) ||
                    (y == prev_y && m == prev_m + 1 && d == 1) ||
                    (y == prev_y + 1 && m == 1 && d == 1 && prev_m == 12 && prev_d == 31);
        if (date_from_ymd(y, m, d) != day || !date_valid_ymd(y, m, d) || !next)
            bad++;
        prev_y = y, prev_m = m, prev_d = d;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(prev_y, DATE_MAX_YEAR);
    /* 300 years = 365 * 300 + 73 leap days (1900, 2100 are not leap; 2000 is) */
    CHECK_INT(days, 365 * 300 + 73);
    CHECK_INT(date_from_ymd(1970, 1, 1), 0);
    CHECK_INT(date_from_ymd(1969, 12, 31), -1);
    CHECK_INT(date_from_ymd(2000, 3, 1) - date_from_ymd(2000, 2, 28), 2);
    CHECK_INT(date_from_ymd(2100, 3, 1) - date_from_ymd(2100, 2, 28), 1);
}

static void weekdays_of_known_dates(void)
{
    CHECK_INT(date_weekday(date_from_ymd(1970, 1, 1)), 4);   /* Thursday */
    CHECK_INT(date_weekday(date_from_ymd(1900, 1, 1)), 1);   /* Monday */
    CHECK_INT(date_weekday(date_from_ymd(2000, 1, 1)), 6);   /* Saturday */
    CHECK_INT(date_weekday(date_from_ymd(2024, 2, 10)), 6);  /* 春节 2024, a Saturday */
    CHECK_INT(date_weekday(date_from_ymd(2026, 11, 27)), 5); /* a Friday */
    CHECK_INT(date_weekday(date_from_ymd(2025, 10, 1)), 3);  /* a Wednesday */
    CHECK_INT(date_weekday(date_from_ymd(2199, 12, 31)), 2); /* a Tuesday */
    CHECK_STR(date_weekday_cn(date_from_ymd(2024, 2, 10)), "星期六");
    CHECK_STR(date_weekday_cn(date_from_ymd(2024, 2, 11)), "星期日");
    CHECK_STR(date_weekday_cn(date_from_ymd(2026, 11, 27)), "星期五");
}

static void valid_ymd_edges(void)
{
    CHECK(date_valid_ymd(2024, 2, 29));
    CHECK(!date_valid_ymd(2025, 2, 29));
    CHECK(!date_valid_ymd(1900, 2, 29));
    CHECK(date_valid_ymd(2000, 2, 29));
    CHECK(!date_valid_ymd(2100, 2, 29));
    CHECK(!date_valid_ymd(2024, 4, 31));
    CHECK(!date_valid_ymd(2024, 0, 1));
    CHECK(!date_valid_ymd(2024, 1, 0));
    CHECK(!date_valid_ymd(DATE_MIN_YEAR - 1, 12, 31));
    CHECK(!date_valid_ymd(DATE_MAX_YEAR + 1, 1, 1));
}

static void parse_is_strict(void)
{
    int day = 12345;
    CHECK_INT(date_parse("2024-02-29", &day), 0);
    CHECK_INT(day, date_from_ymd(2024, 2, 29));
    CHECK_INT(date_parse("1900-01-01", &day), 0);
    CHECK_INT(date_parse("2199-12-31", &day), 0);

    static const char *const bad[] = {
        "2025-02-29",  "2024-13-01",  "2024-1-01",   "2024-01-1",  "2024-02-29x",
        "2024-02-291", " 2024-02-29", "2024-02-29 ", "2024/02/29", "2024-00-10",
        "2024-01-00",  "1899-12-31",  "2200-01-01",  "",           "+024-01-01",
        "2024-0a-01",  "2024-04-31",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        day = 777;
        if (date_parse(bad[i], &day) == 0)
            t_fail(__FILE__, __LINE__, "date_parse accepted \"%s\"", bad[i]);
        CHECK_INT(day, 777); /* untouched on failure */
    }
    CHECK(date_parse(NULL, &day) != 0);
}

static void format_forms(void)
{
    char iso[11], cn[24];
    date_format(date_from_ymd(2024, 2, 8), iso);
    CHECK_STR(iso, "2024-02-08");
    date_format_cn(date_from_ymd(2024, 2, 8), cn);
    CHECK_STR(cn, "2024年2月8日");
    date_format_cn(date_from_ymd(2026, 11, 27), cn);
    CHECK_STR(cn, "2026年11月27日");
    int day;
    CHECK_INT(date_parse("2026-11-27", &day), 0);
    date_format(day, iso);
    CHECK_STR(iso, "2026-11-27");
}

static void iso_instants_round_trip(void)
{
    static const char *const texts[] = {
        "2026-11-27T18:23:59.123Z", "1970-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z",
        "2024-02-29T12:00:00.001Z", "2199-12-31T23:59:59.999Z", "1900-01-01T00:00:00.000Z",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        int64_t ms = 0;
        char out[25];
        CHECK_INT(time_parse_iso(texts[i], &ms), 0);
        time_format_iso(ms, out);
        CHECK_STR(out, texts[i]);
    }
    int64_t ms = 0;
    CHECK_INT(time_parse_iso("1970-01-01T00:00:00.000Z", &ms), 0);
    CHECK_INT(ms, 0);
    CHECK_INT(time_parse_iso("1969-12-31T23:59:59.999Z", &ms), 0);
    CHECK_INT(ms, -1);
    /* milliseconds are optional */
    CHECK_INT(time_parse_iso("2026-11-27T18:23:59Z", &ms), 0);
    CHECK_INT(ms, (int64_t)date_from_ymd(2026, 11, 27) * 86400000 + 66239000);
    char out[25];
    time_format_iso(ms, out);
    CHECK_STR(out, "2026-11-27T18:23:59.000Z");

    static const char *const bad[] = {
        "2026-11-27T24:00:00Z",      "2026-11-27T18:60:00Z",
        "2026-11-27T18:23:60Z",      "2026-11-27 18:23:59Z",
        "2026-11-27T18:23:59",       "2026-11-27T18:23:59.12Z",
        "2025-02-29T00:00:00Z",      "2026-11-27T18:23:59+08",
        "2026-11-27T18:23:59.123Zx", "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (time_parse_iso(bad[i], &ms) == 0)
            t_fail(__FILE__, __LINE__, "time_parse_iso accepted \"%s\"", bad[i]);
}

static void shanghai_midnight_boundary(void)
{
    int64_t ms;
    CHECK_INT(time_parse_iso("2026-11-27T15:59:59.999Z", &ms), 0);
    CHECK_INT(date_of_instant(ms), date_from_ymd(2026, 11, 27)); /* 23:59:59.999 in Shanghai */
    CHECK_INT(time_parse_iso("2026-11-27T15:59:59Z", &ms), 0);
    CHECK_INT(date_of_instant(ms), date_from_ymd(2026, 11, 27));
    CHECK_INT(time_parse_iso("2026-11-27T16:00:00Z", &ms), 0);
    CHECK_INT(date_of_instant(ms), date_from_ymd(2026, 11, 28)); /* 00:00 in Shanghai */
    char local[17];
    time_format_local(ms, local);
    CHECK_STR(local, "2026-11-28 00:00");
    CHECK_INT(time_parse_iso("2026-11-27T18:23:59.123Z", &ms), 0);
    time_format_local(ms, local);
    CHECK_STR(local, "2026-11-28 02:23");
    /* before the epoch: 1969-12-31T15:59:59Z is still 1969-12-31 in Shanghai */
    CHECK_INT(time_parse_iso("1969-12-31T15:59:59Z", &ms), 0);
    CHECK_INT(date_of_instant(ms), -1);
    CHECK_INT(time_parse_iso("1969-12-31T16:00:00Z", &ms), 0);
    CHECK_INT(date_of_instant(ms), 0);
}

static void pinned_clock(void)
{
    int64_t ms;
    CHECK_INT(time_parse_iso("2026-11-27T16:00:00Z", &ms), 0);
    time_pin(ms);
    CHECK_INT(time_now_ms(), ms);
    CHECK_INT(date_today(), date_from_ymd(2026, 11, 28));

    const char *old = getenv("FAZHI_NOW");
    char *saved = old ? strdup(old) : NULL;
    setenv("FAZHI_NOW", "2024-02-08", 1);
    CHECK_INT(time_pin_from_env(), 0);
    CHECK_INT(date_today(), date_from_ymd(2024, 2, 8));
    setenv("FAZHI_NOW", "2024-02-30", 1);
    CHECK_INT(time_pin_from_env(), -1);
    CHECK_INT(date_today(), date_from_ymd(2024, 2, 8)); /* a bad value leaves the pin */
    if (saved)
        setenv("FAZHI_NOW", saved, 1);
    else
        unsetenv("FAZHI_NOW");
    free(saved);
    time_pin(0);
}

void suite_date(void);
void suite_date(void)
{
    RUN(ymd_round_trip_1900_2199);
    RUN(weekdays_of_known_dates);
    RUN(valid_ymd_edges);
    RUN(parse_is_strict);
    RUN(format_forms);
    RUN(iso_instants_round_trip);
    RUN(shanghai_midnight_boundary);
    RUN(pinned_clock);
}
