/* fuzz_calendar.c — libFuzzer target: calendar files (untrusted text) through the parser, then
 * the day arithmetic and explanation on whatever the parser accepts, checking invariants. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/calendar.h"
#include "core/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Working days: every day in (from, due] is counted or skipped, and due is a working day. */
static void check_working(const calendar *c, int from, int n, arena *a)
{
    struct cal_explain ex;
    int due = calendar_add_working_days(c, from, n, &ex, a);
    if (due < from || (n && !calendar_is_working(c, due)) ||
        calendar_working_days_between(c, from, due) != n ||
        (size_t)(due - from) != (size_t)n + ex.nskips || ex.due != due)
        abort();
    char *text = calendar_explain_text(&ex);
    if (!text)
        abort();
    free(text);
}

/* Calendar days: due is the first working day on or after from + n; the rest were skipped. */
static void check_days(const calendar *c, int from, int n, arena *a)
{
    struct cal_explain ex;
    int due = calendar_add_days(c, from, n, &ex, a);
    if (due < from + n || !calendar_is_working(c, due) || (size_t)(due - from - n) != ex.nskips ||
        ex.rolled != (due != from + n) || ex.nominal_due != from + n)
        abort();
    char *text = calendar_explain_text(&ex);
    if (!text)
        abort();
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int starts[][2] = {{1, 1}, {2, 8}, {9, 27}, {12, 24}};
    static const int counts[] = {0, 1, 5, 20, 30};
    char err[256] = "";
    calendar *c = calendar_new();
    if (!c)
        return 0;
    if (calendar_load_text(c, "fuzz.txt", (const char *)data, size, err, sizeof err) != 0) {
        if (!err[0] || !memchr(err, '\0', sizeof err)) /* a failure always says why */
            abort();
        calendar_free(c);
        return 0;
    }
    int year = 0;
    for (int y = DATE_MIN_YEAR; y <= DATE_MAX_YEAR && !year; y++)
        if (calendar_covers(c, y))
            year = y;
    if (!year)
        abort();
    /* loading the same text again replaces the year and must succeed the same way */
    if (calendar_load_text(c, "fuzz.txt", (const char *)data, size, err, sizeof err) != 0)
        abort();

    arena *a = arena_new();
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        int from = date_from_ymd(year, starts[i][0], starts[i][1]);
        for (size_t j = 0; j < sizeof counts / sizeof counts[0]; j++) {
            check_working(c, from, counts[j], a);
            check_days(c, from, counts[j], a);
        }
    }
    arena_free(a);
    calendar_free(c);
    return 0;
}
