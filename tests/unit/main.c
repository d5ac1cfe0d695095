/* main.c — runs every unit-test suite listed in suites.h; last line "N passed, N failed". */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "fixture.h"
#include "t.h"

#define SUITE(name) void suite_##name(void);
#include "suites.h"
#undef SUITE

int t_failed_checks;
static int passed, failed;
static const char *filter;

void t_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "  FAIL %s:%d: ", file, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    t_failed_checks++;
}

void t_run(const char *name, void (*fn)(void))
{
    if (filter && !strstr(name, filter))
        return;
    int before = t_failed_checks;
    fn();
    if (t_failed_checks == before) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAILED %s\n", name);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1)
        filter = argv[1];
    log_set_level(LOG_WARN); /* migrations and table creation would fill the output */
#define SUITE(name) suite_##name();
#include "suites.h"
#undef SUITE
    fx_cleanup_templates();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
