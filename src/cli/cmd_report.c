/* cmd_report.c — fazhi report annual: a subdistrict's yearly rule-of-law report as a file
 * (HTML, DOCX or PDF; modules/report/report_out.h): its figures counted from the records
 * now, or as they were kept when it was sent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "engine/people.h"
#include "modules/report/report.h"
#include "modules/report/report_out.h"
#include "core/banned.h"

static struct opt annual_opts[] = {
    {"--db", "DB", "database"},
    {"--org", "CODE", "the subdistrict (its code, e.g. DH)"},
    {"--year", "YYYY", "the year reported on"},
    {"--format", "FORMAT", "html, docx or pdf (default: html)"},
    {"-o", "FILE", "where to write it (default: standard output)"},
    {"--data", "DIR", "data directory (calendars)"},
};

static int run_annual(struct opt *o, int n)
{
    const char *code = cli_get(o, n, "--org"), *year_s = cli_get(o, n, "--year");
    const char *format_s = cli_get(o, n, "--format"), *path = cli_get(o, n, "-o");
    if (!code || !year_s)
        return cli_usage_error("report annual", "--org and --year are required");
    char *end;
    long year = strtol(year_s, &end, 10);
    if (*end || year < 2019 || year > 2100)
        return cli_usage_error("report annual", "--year must be a year such as 2026");
    int f = format_s ? report_format_parse(format_s) : REPORT_HTML;
    if (f < 0)
        return cli_usage_error("report annual", "--format must be html, docx or pdf");
    struct cli_env env;
    int rc = cli_open(&env, cli_get(o, n, "--db"), cli_get(o, n, "--data"), OPEN_READONLY);
    if (rc)
        return rc;
    struct org org;
    fz_err e = org_by_code(&env.ctx, code, &org);
    if (e || org.kind != ORG_SUBDISTRICT) {
        fprintf(stderr, "fazhi report annual: no subdistrict \"%s\"\n", code);
        cli_close(&env);
        return EXIT_REFUSED;
    }
    int64_t id = report_find(&env.ctx, org.id, (int)year);
    if (!id) {
        fprintf(stderr, "fazhi report annual: %s has no report for %ld yet; create it in the "
                        "staff app (法治政府建设年度报告)\n",
                code, year);
        cli_close(&env);
        return EXIT_REFUSED;
    }
    struct report_doc d;
    buf out;
    buf_init(&out, 0);
    e = report_doc_build(&env.ctx, id, &d);
    if (!e)
        e = report_render(&d, (enum report_format)f, env.a, &out);
    if (e) {
        buf_release(&out);
        rc = cli_report("report annual", &env.ctx, e);
        cli_close(&env);
        return rc;
    }
    FILE *to = path ? fopen(path, "wb") : stdout;
    bool ok = to && fwrite(out.p, 1, out.len, to) == out.len;
    if (to && to != stdout)
        ok = fclose(to) == 0 && ok;
    if (!ok)
        fprintf(stderr, "fazhi report annual: cannot write %s\n", path ? path : "standard output");
    else if (path)
        fprintf(stderr, "wrote %s (%zu bytes): %s\n", path, out.len, d.title);
    buf_release(&out);
    cli_close(&env);
    return ok ? EXIT_OK : EXIT_STORE;
}

struct command cmd_report_annual = {
    "report annual",
    "Write a subdistrict's yearly rule-of-law government report (法治政府建设年度报告): the "
    "narrative written in the staff app, in the required outline, with the year's figures "
    "counted from the records now (or as kept when it was sent). HTML to print or publish, DOCX "
    "to edit in Word, WPS or LibreOffice, PDF in the official-document layout with charts.",
    run_annual,
    annual_opts,
    sizeof annual_opts / sizeof annual_opts[0],
};
