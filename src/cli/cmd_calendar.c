/* cmd_calendar.c — fazhi calendar add: a due date in the official calendar, explained. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/date.h"
#include "core/banned.h"

static struct opt add_opts[] = {
    {"--from", "YYYY-MM-DD", "the start date (not counted)"},
    {"--days", "N", "how many days (0–3650)"},
    {"--working", NULL, "count working days (工作日) instead of calendar days"},
    {"--explain", NULL, "also print the days skipped and why"},
    {"--data", "DIR", "data directory holding calendar/YYYY.txt"},
};

static int run_add(struct opt *o, int n)
{
    const char *from_s = cli_get(o, n, "--from"), *days_s = cli_get(o, n, "--days");
    if (!from_s || !days_s)
        return cli_usage_error("calendar add", "--from and --days are required");
    int from;
    if (date_parse(from_s, &from))
        return cli_usage_error("calendar add", "--from \"%s\" is not a date YYYY-MM-DD", from_s);
    char *end;
    long days = strtol(days_s, &end, 10);
    if (*end || end == days_s || days < 0 || days > 3650)
        return cli_usage_error("calendar add", "--days must be a whole number 0–3650");
    calendar *cal = calendar_new();
    if (!cal || cli_load_calendar(cal, cli_data_dir(cli_get(o, n, "--data")))) {
        calendar_free(cal);
        return EXIT_STORE;
    }
    arena *a = arena_new();
    struct cal_explain ex;
    bool working = cli_get(o, n, "--working") != NULL;
    int due = working ? calendar_add_working_days(cal, from, (int)days, &ex, a)
                      : calendar_add_days(cal, from, (int)days, &ex, a);
    char ds[11];
    date_format(due, ds);
    printf("%s\n", ds);
    if (cli_get(o, n, "--explain")) {
        char *text = calendar_explain_text(&ex);
        if (text) {
            fputs(text, stdout);
            if (*text && text[strlen(text) - 1] != '\n')
                fputc('\n', stdout);
        }
        free(text);
    }
    arena_free(a);
    calendar_free(cal);
    return EXIT_OK;
}

struct command cmd_calendar_add = {
    "calendar add",
    "Print a due date in the official working-day calendar. It is N days (or N working "
    "days) after the start date, which is not counted; N calendar days that end on a rest "
    "day move to the next working day (RULES.md §0).",
    run_add, add_opts, sizeof add_opts / sizeof add_opts[0]};
