/* date.c — civil-date arithmetic (Howard Hinnant's days_from_civil) and the pinnable clock. */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "banned.h"

#define SHANGHAI_OFFSET_MS (8LL * 3600 * 1000)
#define DAY_MS (86400LL * 1000)

static int64_t pinned_ms;

int date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_to_ymd(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

int date_weekday(int day)
{
    /* 1970-01-01 was a Thursday (4) */
    int w = (day % 7 + 7 + 3) % 7; /* 0 = Monday */
    return w + 1;
}

bool date_valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || m < 1 || m > 12 || d < 1)
        return false;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int date_parse(const char *s, int *out)
{
    int y, m, d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
        return -1;
    if (!date_valid_ymd(y, m, d))
        return -1;
    *out = date_from_ymd(y, m, d);
    return 0;
}

/* Years are kept to 0..9999 so every field has a known width (and gcc can see it). */
static unsigned year4(int y)
{
    return (unsigned)(y < 0 ? 0 : y > 9999 ? 9999 : y);
}

static unsigned two(int v)
{
    return (unsigned)v % 100u;
}

void date_format(int day, char out[11])
{
    /* by hand, not snprintf: a list page formats hundreds of dates */
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    unsigned yy = year4(y), mm = two(m), dd = two(d);
    out[0] = (char)('0' + yy / 1000);
    out[1] = (char)('0' + yy / 100 % 10);
    out[2] = (char)('0' + yy / 10 % 10);
    out[3] = (char)('0' + yy % 10);
    out[4] = '-';
    out[5] = (char)('0' + mm / 10);
    out[6] = (char)('0' + mm % 10);
    out[7] = '-';
    out[8] = (char)('0' + dd / 10);
    out[9] = (char)('0' + dd % 10);
    out[10] = '\0';
}

void date_format_cn(int day, char out[24])
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    snprintf(out, 24, "%u年%u月%u日", year4(y), two(m), two(d));
}

const char *date_weekday_cn(int day)
{
    static const char *const names[] = {"星期一", "星期二", "星期三", "星期四",
                                        "星期五", "星期六", "星期日"};
    return names[date_weekday(day) - 1];
}

void time_pin(int64_t ms)
{
    pinned_ms = ms;
}

int time_pin_from_env(void)
{
    const char *v = getenv("FAZHI_NOW");
    if (!v || !*v)
        return 0;
    int64_t ms;
    int day;
    if (time_parse_iso(v, &ms) == 0) {
        time_pin(ms);
        return 0;
    }
    if (date_parse(v, &day) == 0) {
        /* 10:00 Asia/Shanghai on that day: inside office hours */
        time_pin((int64_t)day * DAY_MS + 2LL * 3600 * 1000);
        return 0;
    }
    return -1;
}

int64_t time_now_ms(void)
{
    if (pinned_ms)
        return pinned_ms;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t floordiv(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int date_of_instant(int64_t ms)
{
    return (int)floordiv(ms + SHANGHAI_OFFSET_MS, DAY_MS);
}

int date_today(void)
{
    return date_of_instant(time_now_ms());
}

static void split(int64_t ms, int *day, int *h, int *mi, int *s, int *milli)
{
    *day = (int)floordiv(ms, DAY_MS);
    int64_t rem = ms - (int64_t)*day * DAY_MS;
    *h = (int)(rem / 3600000);
    *mi = (int)(rem / 60000 % 60);
    *s = (int)(rem / 1000 % 60);
    *milli = (int)(rem % 1000);
}

void time_format_iso(int64_t ms, char out[25])
{
    int day, h, mi, s, milli, y, m, d;
    split(ms, &day, &h, &mi, &s, &milli);
    date_to_ymd(day, &y, &m, &d);
    snprintf(out, 25, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", year4(y), two(m), two(d), two(h),
             two(mi), two(s), (unsigned)milli % 1000u);
}

void time_format_local(int64_t ms, char out[17])
{
    int day, h, mi, s, milli, y, m, d;
    split(ms + SHANGHAI_OFFSET_MS, &day, &h, &mi, &s, &milli);
    date_to_ymd(day, &y, &m, &d);
    snprintf(out, 17, "%04u-%02u-%02u %02u:%02u", year4(y), two(m), two(d), two(h), two(mi));
}

int time_parse_iso(const char *s, int64_t *ms)
{
    size_t n = s ? strlen(s) : 0;
    if (n != 20 && n != 24)
        return -1;
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    int day, h, mi, sec, milli = 0;
    if (date_parse(date, &day) || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[n - 1] != 'Z')
        return -1;
    if (digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) || digits(s + 17, 2, &sec))
        return -1;
    if (n == 24 && (s[19] != '.' || digits(s + 20, 3, &milli)))
        return -1;
    if (h > 23 || mi > 59 || sec > 59)
        return -1;
    *ms = (int64_t)day * DAY_MS + h * 3600000LL + mi * 60000LL + sec * 1000LL + milli;
    return 0;
}
