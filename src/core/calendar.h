/* calendar.h — the official working-day calendar (RULES.md §0, §13).
 *
 * Data, not code: each year's public holidays and adjusted working days (调休) come from a
 * text file in data/calendar/ (one per year, YYYY.txt), loaded at start and replaceable
 * without a rebuild. A working day is a Monday–Friday that is not a public holiday, or a
 * weekend day listed as an adjusted working day. Years without a file fall back to
 * Monday–Friday and every answer that touches them carries a warning.
 *
 * File format (UTF-8, one entry per line, '#' starts a comment):
 *     source 国办发明电〔2023〕7号
 *     2024-02-12 holiday 春节
 *     2024-02-04 workday 春节调休
 * A "holiday" line names a day off (weekday or weekend day inside the holiday); a "workday"
 * line names a weekend day worked in exchange. Each file holds one year only.
 *
 * Ownership: a calendar is built once, then only read (safe to share between threads). */
#ifndef FZ_CALENDAR_H
#define FZ_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

typedef struct calendar calendar;

enum day_kind {
    DAY_WORKDAY,          /* Monday–Friday, not a holiday */
    DAY_WEEKEND,          /* Saturday/Sunday, not an adjusted working day */
    DAY_HOLIDAY,          /* public holiday (or a day off inside one) */
    DAY_ADJUSTED_WORKDAY, /* a weekend day worked in exchange (调休) */
};

calendar *calendar_new(void);
void calendar_free(calendar *c);

/* Parse one year's file. name is used in error messages. On failure returns -1 and writes a
 * message naming the line to err (errlen bytes); the calendar is left unchanged. */
int calendar_load_text(calendar *c, const char *name, const char *text, size_t len, char *err,
                       size_t errlen);
/* Load every YYYY.txt in dir. Returns the number of years loaded, or -1 (err says why). */
int calendar_load_dir(calendar *c, const char *dir, char *err, size_t errlen);

bool calendar_covers(const calendar *c, int year);
/* Kind of a day; *name gets the holiday's or adjustment's name (or NULL). */
enum day_kind calendar_day_kind(const calendar *c, int day, const char **name);
bool calendar_is_working(const calendar *c, int day);

/* One day the computation passed over, and why. */
struct cal_skip {
    int day;
    enum day_kind kind;
    const char *name; /* holiday name, or NULL for a plain weekend */
};

/* How a due date was reached, for the UI's "how was this computed" and the CLI --explain.
 * Allocated from the arena given to the add functions. */
struct cal_explain {
    int from, due, count;
    bool working;           /* counted in working days */
    bool rolled;            /* calendar days that ended on a rest day and moved forward */
    int nominal_due;        /* for calendar days: from + count before any roll-forward */
    struct cal_skip *skips; /* rest days passed over (working) or rolled past (calendar) */
    size_t nskips;
    struct cal_skip *adjusted; /* weekend days counted because they are 调休 working days */
    size_t nadjusted;
    int uncovered_year; /* a year the computation touched with no calendar file, or 0 */
};

/* N working days after from: the Nth working day after it, the start day not counted.
 * n >= 0; n == 0 returns from. ex may be NULL; a is needed only when ex is not NULL. */
int calendar_add_working_days(const calendar *c, int from, int n, struct cal_explain *ex, arena *a);
/* N days after from; if that day is a rest day, the next working day (RULES.md §0). */
int calendar_add_days(const calendar *c, int from, int n, struct cal_explain *ex, arena *a);
/* Working days strictly after from up to and including to (0 if to <= from). */
int calendar_working_days_between(const calendar *c, int from, int to);

/* Human-readable Chinese explanation, one line per fact, into a heap string the caller
 * frees. */
char *calendar_explain_text(const struct cal_explain *ex);

#endif
