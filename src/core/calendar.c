/* calendar.c — working-day arithmetic over per-year holiday/调休 tables (RULES.md §0, §13). */
#include "calendar.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "utf8.h"

#include "banned.h"

#define MAX_FILE_BYTES (64 * 1024)
#define MAX_LINE_BYTES 512
#define NYEARS (DATE_MAX_YEAR - DATE_MIN_YEAR + 1)

/* What a year's file says about one day; MARK_NONE means "decided by the weekday". */
enum mark { MARK_NONE, MARK_HOLIDAY, MARK_WORKDAY };

/* One loaded year. It and its strings live in its own arena, so replacing a year is one
 * arena_free(). Indexed by day of year, so a lookup is two array reads. */
struct cal_year {
    arena *a;
    int year, jan1;
    unsigned char mark[366];
    const char *name[366];
    int ndays;                 /* 365 or 366 */
    short working_before[367]; /* working days from 1 January up to (not including) doy */
    const char *source;        /* the notice the file cites; kept for diagnostics */
};

struct calendar {
    struct cal_year *years[NYEARS]; /* by year - DATE_MIN_YEAR; NULL = not loaded */
};

/* ------------------------------------------------------------------------------------------
 * Loading
 * ---------------------------------------------------------------------------------------- */

calendar *calendar_new(void)
{
    return calloc(1, sizeof(calendar));
}

static void year_free(struct cal_year *y)
{
    if (y)
        arena_free(y->a);
}

void calendar_free(calendar *c)
{
    if (!c)
        return;
    for (int i = 0; i < NYEARS; i++)
        year_free(c->years[i]);
    free(c);
}

/* "name:line: message", or "name: message" when line is 0. */
static void fail(char *err, size_t errlen, const char *name, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void fail(char *err, size_t errlen, const char *name, int line, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line)
        snprintf(err, errlen, "%s:%d: %s", name, line, msg);
    else
        snprintf(err, errlen, "%s: %s", name, msg);
}

static char *skip_blank(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Cuts the first blank-separated word off *s; *s is left at the rest (blanks skipped). */
static char *next_word(char **s)
{
    char *w = skip_blank(*s), *e = w;
    while (*e && *e != ' ' && *e != '\t')
        e++;
    if (*e)
        *e++ = '\0';
    *s = skip_blank(e);
    return w;
}

static void trim_end(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
}

/* C0 controls other than tab, DEL, and C1 controls (encoded C2 80..C2 9F). */
static bool has_controls(const char *str)
{
    for (const unsigned char *s = (const unsigned char *)str; *s; s++) {
        if ((*s < 0x20 && *s != '\t') || *s == 0x7F || (*s == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F))
            return true;
    }
    return false;
}

/* The word after a date, and what it makes of the day. */
static const struct {
    const char *word;
    enum mark mark;
} keywords[] = {
    {"holiday", MARK_HOLIDAY}, /* a day off inside a public holiday */
    {"workday", MARK_WORKDAY}, /* a Saturday or Sunday worked in exchange (调休) */
};

static const char *const weekday_en[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                         "Friday", "Saturday", "Sunday"};

/* Parses one file into a new cal_year. year is the year the file must hold (from its name),
 * or 0 to take it from the first entry. Returns NULL with err set on any problem. */
static struct cal_year *parse_year(const char *name, const char *text, size_t len, int year,
                                   char *err, size_t errlen)
{
    int first_line[366] = {0}; /* line that listed each day, for "listed twice" */
    int lineno = 0, entries = 0;
    size_t pos = 0;
    struct cal_year *y = NULL;

    if (!name)
        name = "calendar";
    if (len > MAX_FILE_BYTES) {
        fail(err, errlen, name, 0, "file is over %d bytes", MAX_FILE_BYTES);
        return NULL;
    }
    if (!text && len) {
        fail(err, errlen, name, 0, "no text");
        return NULL;
    }
    arena *a = arena_new();
    y = arena_alloc(a, sizeof *y);
    y->a = a;
    y->year = year;
    y->jan1 = year ? date_from_ymd(year, 1, 1) : 0;

    while (pos < len) {
        char line[MAX_LINE_BYTES + 1];
        const char *start = text + pos, *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        pos += n + (nl != NULL);
        lineno++;
        if (n && start[n - 1] == '\r')
            n--;
        if (n > MAX_LINE_BYTES) {
            fail(err, errlen, name, lineno, "line is over %d bytes", MAX_LINE_BYTES);
            goto bad;
        }
        if (!utf8_valid(start, n)) {
            fail(err, errlen, name, lineno, "line is not valid UTF-8 (or holds a NUL byte)");
            goto bad;
        }
        memcpy(line, start, n);
        line[n] = '\0';
        for (size_t i = 0; i < n; i++) {
            if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
                line[i] = '\0';
                break;
            }
        }
        trim_end(line);
        char *rest = skip_blank(line);
        if (!*rest)
            continue;
        if (has_controls(rest)) {
            fail(err, errlen, name, lineno, "line holds a control character");
            goto bad;
        }

        char *word = next_word(&rest);
        if (strcmp(word, "source") == 0) {
            if (!*rest) {
                fail(err, errlen, name, lineno, "\"source\" needs a text");
                goto bad;
            }
            if (y->source) {
                fail(err, errlen, name, lineno, "second \"source\" line");
                goto bad;
            }
            y->source = arena_strdup(a, rest);
            continue;
        }
        if (*word < '0' || *word > '9') {
            fail(err, errlen, name, lineno, "unknown keyword \"%.*s\"", (int)utf8_prefix(word, 40), word);
            goto bad;
        }
        int day, yy, mm, dd;
        if (date_parse(word, &day) != 0) {
            fail(err, errlen, name, lineno, "\"%.*s\" is not a valid date", (int)utf8_prefix(word, 40), word);
            goto bad;
        }
        char *kw = next_word(&rest);
        enum mark mk = MARK_NONE;
        for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
            if (strcmp(kw, keywords[i].word) == 0)
                mk = keywords[i].mark;
        if (!*kw) {
            fail(err, errlen, name, lineno, "\"holiday\" or \"workday\" expected after the date");
            goto bad;
        }
        if (mk == MARK_NONE) {
            fail(err, errlen, name, lineno, "unknown keyword \"%.*s\"", (int)utf8_prefix(kw, 40), kw);
            goto bad;
        }
        if (!*rest) {
            fail(err, errlen, name, lineno, "%s \"%s\" needs a name", kw, word);
            goto bad;
        }
        if (strchr(rest, '\t')) {
            fail(err, errlen, name, lineno, "name holds a tab");
            goto bad;
        }
        date_to_ymd(day, &yy, &mm, &dd);
        if (!y->year) {
            y->year = yy;
            y->jan1 = date_from_ymd(yy, 1, 1);
        } else if (yy != y->year) {
            fail(err, errlen, name, lineno, "\"%s\" is outside the file's year %d", word, y->year);
            goto bad;
        }
        int wd = date_weekday(day);
        if (mk == MARK_WORKDAY && wd <= 5) {
            fail(err, errlen, name, lineno,
                 "\"%s\" is a %s; only a Saturday or Sunday can be a workday", word,
                 weekday_en[wd - 1]);
            goto bad;
        }
        int doy = day - y->jan1;
        if (y->mark[doy]) {
            fail(err, errlen, name, lineno, "\"%s\" is listed twice (first on line %d)", word,
                 first_line[doy]);
            goto bad;
        }
        y->mark[doy] = (unsigned char)mk;
        y->name[doy] = arena_strdup(a, rest);
        first_line[doy] = lineno;
        entries++;
    }
    if (!entries) {
        fail(err, errlen, name, 0, "no \"holiday\" or \"workday\" lines");
        goto bad;
    }
    /* running counts, so working days between two dates take a subtraction a year */
    y->ndays = date_from_ymd(y->year + 1, 1, 1) - y->jan1;
    y->working_before[0] = 0;
    for (int d = 0; d < y->ndays; d++) {
        bool work = y->mark[d] == MARK_WORKDAY ||
                    (y->mark[d] != MARK_HOLIDAY && date_weekday(y->jan1 + d) <= 5);
        y->working_before[d + 1] = (short)(y->working_before[d] + work);
    }
    return y;
bad:
    year_free(y);
    return NULL;
}

/* Takes ownership of y, replacing the year it holds. */
static void commit_year(calendar *c, struct cal_year *y)
{
    struct cal_year **slot = &c->years[y->year - DATE_MIN_YEAR];
    year_free(*slot);
    *slot = y;
}

int calendar_load_text(calendar *c, const char *name, const char *text, size_t len, char *err,
                       size_t errlen)
{
    struct cal_year *y = parse_year(name, text, len, 0, err, errlen);
    if (!y)
        return -1;
    commit_year(c, y);
    return 0;
}

/* Year named by a file called exactly YYYY.txt, or 0. */
static int file_year(const char *fname)
{
    int y = 0;
    if (strlen(fname) != 8 || strcmp(fname + 4, ".txt") != 0)
        return 0;
    for (int i = 0; i < 4; i++) {
        if (fname[i] < '0' || fname[i] > '9')
            return 0;
        y = y * 10 + (fname[i] - '0');
    }
    return date_valid_ymd(y, 1, 1) ? y : 0;
}

/* Reads a whole file of at most MAX_FILE_BYTES into a heap buffer. */
static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail(err, errlen, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    char *p = malloc(MAX_FILE_BYTES + 1);
    size_t n = p ? fread(p, 1, MAX_FILE_BYTES + 1, f) : 0;
    if (!p || ferror(f)) {
        fail(err, errlen, path, 0, "cannot read: %s", p ? strerror(errno) : "out of memory");
        free(p);
        p = NULL;
    } else if (n > MAX_FILE_BYTES) {
        fail(err, errlen, path, 0, "file is over %d bytes", MAX_FILE_BYTES);
        free(p);
        p = NULL;
    }
    fclose(f);
    *len = n;
    return p;
}

int calendar_load_dir(calendar *c, const char *dir, char *err, size_t errlen)
{
    struct cal_year *got[NYEARS] = {0};
    bool present[NYEARS] = {false};
    int count = 0, rc = -1;

    DIR *d = opendir(dir);
    if (!d) {
        fail(err, errlen, dir, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    for (struct dirent *e; (e = readdir(d));) {
        int y = file_year(e->d_name);
        if (y)
            present[y - DATE_MIN_YEAR] = true;
    }
    closedir(d);

    /* Parse every file before touching c, in year order, so a bad file changes nothing and
     * the first error reported does not depend on directory order. */
    for (int i = 0; i < NYEARS; i++) {
        if (!present[i])
            continue;
        char path[4096];
        size_t len;
        if (snprintf(path, sizeof path, "%s/%d.txt", dir, DATE_MIN_YEAR + i) >= (int)sizeof path) {
            fail(err, errlen, dir, 0, "path too long");
            goto out;
        }
        char *text = read_file(path, &len, err, errlen);
        if (!text)
            goto out;
        got[i] = parse_year(path, text, len, DATE_MIN_YEAR + i, err, errlen);
        free(text);
        if (!got[i])
            goto out;
        count++;
    }
    for (int i = 0; i < NYEARS; i++) {
        if (got[i]) {
            commit_year(c, got[i]);
            got[i] = NULL;
        }
    }
    rc = count;
out:
    for (int i = 0; i < NYEARS; i++)
        year_free(got[i]);
    return rc;
}

/* ------------------------------------------------------------------------------------------
 * Lookup
 * ---------------------------------------------------------------------------------------- */

/* The loaded year holding day (and its day of year), or NULL; *year gets the civil year. */
static const struct cal_year *year_of(const calendar *c, int day, int *year, int *doy)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    *year = y;
    if (!c || y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || !c->years[y - DATE_MIN_YEAR])
        return NULL;
    const struct cal_year *cy = c->years[y - DATE_MIN_YEAR];
    *doy = day - cy->jan1;
    return cy;
}

bool calendar_covers(const calendar *c, int year)
{
    return c && year >= DATE_MIN_YEAR && year <= DATE_MAX_YEAR &&
           c->years[year - DATE_MIN_YEAR] != NULL;
}

/* calendar_day_kind, also noting in *uncovered (if still 0) a year with no table. */
static enum day_kind kind_at(const calendar *c, int day, const char **name, int *uncovered)
{
    int year, doy = 0;
    const struct cal_year *cy = year_of(c, day, &year, &doy);
    *name = NULL;
    if (cy && cy->mark[doy] == MARK_HOLIDAY) {
        *name = cy->name[doy];
        return DAY_HOLIDAY;
    }
    if (cy && cy->mark[doy] == MARK_WORKDAY) {
        *name = cy->name[doy];
        return DAY_ADJUSTED_WORKDAY;
    }
    if (!cy && uncovered && !*uncovered)
        *uncovered = year;
    return date_weekday(day) >= 6 ? DAY_WEEKEND : DAY_WORKDAY;
}

static bool working(enum day_kind k)
{
    return k == DAY_WORKDAY || k == DAY_ADJUSTED_WORKDAY;
}

enum day_kind calendar_day_kind(const calendar *c, int day, const char **name)
{
    const char *dummy;
    return kind_at(c, day, name ? name : &dummy, NULL);
}

bool calendar_is_working(const calendar *c, int day)
{
    const char *name;
    return working(kind_at(c, day, &name, NULL));
}

/* Monday to Friday in days [0, x) counted from a Monday: 1970-01-01 (day 0) was a
 * Thursday, so day -3 was a Monday. Floor division keeps it right before 1970. */
static long weekdays_before(int x)
{
    long m = (long)x + 3;
    long q = m >= 0 ? m / 7 : -((-m + 6) / 7);
    long r = m - q * 7;
    return 5 * q + (r < 5 ? r : 5);
}

int calendar_working_days_between(const calendar *c, int from, int to)
{
    /* a year at a time: a loaded year's running counts, the weekdays of a year without a
     * table (as calendar_is_working counts them, day by day) */
    long n = 0;
    for (int d = from + 1; d <= to;) {
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        int end = date_from_ymd(y + 1, 1, 1) - 1; /* 31 December */
        if (end > to)
            end = to;
        const struct cal_year *cy =
            c && y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR ? c->years[y - DATE_MIN_YEAR] : NULL;
        if (cy)
            n += cy->working_before[end - cy->jan1 + 1] - cy->working_before[d - cy->jan1];
        else
            n += weekdays_before(end + 1) - weekdays_before(d);
        d = end + 1;
    }
    return (int)n;
}

/* ------------------------------------------------------------------------------------------
 * Arithmetic
 * ---------------------------------------------------------------------------------------- */

/* Fills ex->skips with the rest days and ex->adjusted with the 调休 days in lo..hi. */
static void collect(const calendar *c, int lo, int hi, struct cal_explain *ex, arena *a)
{
    size_t nskips = 0, nadj = 0;
    const char *name;
    for (int d = lo; d <= hi; d++) {
        enum day_kind k = kind_at(c, d, &name, NULL);
        nskips += !working(k);
        nadj += k == DAY_ADJUSTED_WORKDAY;
    }
    ex->skips = nskips ? arena_calloc(a, nskips, sizeof *ex->skips) : NULL;
    ex->adjusted = nadj ? arena_calloc(a, nadj, sizeof *ex->adjusted) : NULL;
    ex->nskips = ex->nadjusted = 0;
    for (int d = lo; d <= hi; d++) {
        enum day_kind k = kind_at(c, d, &name, NULL);
        struct cal_skip s = {d, k, name};
        if (!working(k))
            ex->skips[ex->nskips++] = s;
        else if (k == DAY_ADJUSTED_WORKDAY)
            ex->adjusted[ex->nadjusted++] = s;
    }
}

int calendar_add_working_days(const calendar *c, int from, int n, struct cal_explain *ex, arena *a)
{
    int day = from, uncovered = 0;
    const char *name;
    for (int k = 0; k < n;) {
        day++;
        k += working(kind_at(c, day, &name, &uncovered));
    }
    if (ex) {
        *ex = (struct cal_explain){.from = from,
                                   .due = day,
                                   .count = n < 0 ? 0 : n,
                                   .working = true,
                                   .nominal_due = day,
                                   .uncovered_year = uncovered};
        collect(c, from + 1, day, ex, a);
    }
    return day;
}

int calendar_add_days(const calendar *c, int from, int n, struct cal_explain *ex, arena *a)
{
    int nominal = from + (n < 0 ? 0 : n), day = nominal, uncovered = 0;
    const char *name;
    while (!working(kind_at(c, day, &name, &uncovered)))
        day++;
    if (ex) {
        *ex = (struct cal_explain){.from = from,
                                   .due = day,
                                   .count = nominal - from,
                                   .rolled = day != nominal,
                                   .nominal_due = nominal,
                                   .uncovered_year = uncovered};
        collect(c, nominal, day - 1, ex, a);
    }
    return day;
}

/* ------------------------------------------------------------------------------------------
 * Explanation
 * ---------------------------------------------------------------------------------------- */

/* "2024年2月10日 星期六" */
static void put_day(buf *b, int day)
{
    char cn[24];
    date_format_cn(day, cn);
    buf_printf(b, "%s %s", cn, date_weekday_cn(day));
}

char *calendar_explain_text(const struct cal_explain *ex)
{
    if (!ex)
        return NULL;
    buf b;
    char cn[24];
    buf_init(&b, 0);
    date_format_cn(ex->from, cn);
    if (ex->working) {
        buf_printf(&b, "自%s起算（不含当日），计%d个工作日。\n", cn, ex->count);
    } else if (ex->count == 0) {
        /* a date fixed in the record (a task's due date), not a counted period */
        buf_printf(&b, "规定的期限为%s %s", cn, date_weekday_cn(ex->from));
        if (ex->rolled && ex->nskips && ex->skips[0].kind == DAY_HOLIDAY)
            buf_printf(&b, "，当日为法定节假日（%s），顺延至", ex->skips[0].name);
        else if (ex->rolled)
            buf_puts(&b, "，当日为休息日，顺延至");
        if (ex->rolled)
            put_day(&b, ex->due);
        buf_puts(&b, "。\n");
    } else {
        buf_printf(&b, "自%s起算（不含当日），计%d日，届满日", cn, ex->count);
        put_day(&b, ex->nominal_due);
        if (ex->rolled && ex->nskips && ex->skips[0].kind == DAY_HOLIDAY)
            buf_printf(&b, " 为法定节假日（%s），顺延至", ex->skips[0].name);
        else if (ex->rolled)
            buf_puts(&b, " 为休息日，顺延至");
        if (ex->rolled)
            put_day(&b, ex->due);
        buf_puts(&b, "。\n");
    }
    /* For a roll-forward of one day the sentence above already says it all. */
    if (ex->nskips && (ex->working || ex->nskips > 1)) {
        buf_puts(&b, "跳过：");
        for (size_t i = 0; i < ex->nskips; i++) {
            if (i)
                buf_puts(&b, "；");
            put_day(&b, ex->skips[i].day);
            if (ex->skips[i].name)
                buf_printf(&b, " %s", ex->skips[i].name);
        }
        buf_puts(&b, "。\n");
    }
    for (size_t i = 0; i < ex->nadjusted; i++) {
        put_day(&b, ex->adjusted[i].day);
        buf_puts(&b, " 为调休上班日，计入工作日。\n");
    }
    buf_puts(&b, "到期日：");
    put_day(&b, ex->due);
    buf_puts(&b, "。\n");
    if (ex->uncovered_year)
        buf_printf(&b, "注意：%d年的节假日安排尚未导入，按周一至周五为工作日计算。\n",
                   ex->uncovered_year);
    if (b.err) {
        buf_release(&b);
        return NULL;
    }
    return buf_detach(&b, NULL);
}
