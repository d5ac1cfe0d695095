/* test_charts.c — the year at a glance: a leader's and a supervisor's home page carry the
 * year's figures and charts of their own organisation, staff's do not; the charts are SVG for
 * those who may read the cases, and nobody else's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/t.h"
#include "harness.h"
#include "core/banned.h"

static void test_dashboard_on_leaders_home(void)
{
    struct browser leader = {0}, staff = {0}, sup = {0};
    CHECK(signin(&leader, "dh.leader"));
    CHECK(signin(&staff, "dh.staff"));
    CHECK(signin(&sup, "qc.supervisor"));
    struct resp *r = get(&leader, "/app");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "东湖街道 2026 年概况");
    /* the figure is the count of the records: ordinary cases filed and on-site penalties
     * decided in 2026 */
    int64_t cases = db_int("SELECT COUNT(*) FROM penalty_cases c WHERE c.department IN (SELECT "
                           "descendant_id FROM org_closure WHERE ancestor_id = 3) AND ((c.procedure "
                           "= 'ordinary' AND c.filed_on BETWEEN '2026-01-01' AND '2026-12-31') OR "
                           "(c.procedure = 'summary' AND c.decided_on BETWEEN '2026-01-01' AND "
                           "'2026-12-31'))");
    CHECK(cases > 0);
    CHECK_CONTAINS(r->body, tprintf("<dt>行政处罚案件</dt><dd>%lld 件</dd>", (long long)cases));
    CHECK_CONTAINS(r->body, "/app/charts/cases_by_month.svg?org=DH&amp;year=2026");
    CHECK(!strstr(get(&staff, "/app")->body, "年概况"));
    CHECK_CONTAINS(get(&sup, "/app")->body, "青川区 2026 年概况");
    r = get(&leader, "/app/charts/cases_by_month.svg?org=DH&year=2026");
    CHECK_INT(r->status, 200);
    CHECK_STR(resp_header_value(r, "Content-Type"), "image/svg+xml");
    CHECK(r->body && strstr(r->body, "<svg"));
    CHECK_INT(get(&leader, "/app/charts/cases_by_unit.svg")->status, 200);
    CHECK_INT(get(&leader, "/app/charts/replies.svg?year=2025")->status, 200);
    CHECK_INT(get(&sup, "/app/charts/cases_by_unit.svg?org=QC")->status, 200);
    /* another subdistrict, a district above, a year ahead, no such chart, no sign-in */
    CHECK_INT(get(&leader, "/app/charts/cases_by_month.svg?org=XL")->status, 404);
    CHECK_INT(get(&leader, "/app/charts/cases_by_month.svg?org=QC")->status, 404);
    CHECK_INT(get(&leader, "/app/charts/cases_by_month.svg?year=2027")->status, 404);
    CHECK_INT(get(&leader, "/app/charts/cases_by_month.svg?year=abc")->status, 404);
    CHECK_INT(get(&leader, "/app/charts/pie.svg")->status, 404);
    CHECK_INT(get(&leader, "/app/charts/cases_by_month.png")->status, 404);
    CHECK_INT(get(NULL, "/app/charts/cases_by_month.svg")->status, 303);
}

/* The yearly report as a document: the narrative in the required outline, and figures equal
 * to counts taken from the database, each linking to its records. */
static void test_report_document(void)
{
    struct browser leader = {0}, other = {0};
    CHECK(signin(&leader, "dh.leader"));
    CHECK(signin(&other, "xl.leader"));
    int64_t id = db_int("SELECT id FROM annual_reports WHERE unit = 3 AND year = 2026");
    CHECK(id > 0);
    const char *path = tprintf("/app/annual_reports/%lld/document", (long long)id);
    struct resp *r = get(&leader, path);
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "东湖街道2026年法治政府建设年度报告");
    static const char *const outline[] = {"一、主要工作及成效", "第一责任人职责情况",
                                          "二、存在的不足和原因", "四、下一年度主要安排"};
    for (size_t i = 0; i < sizeof outline / sizeof outline[0]; i++)
        CHECK_CONTAINS(r->body, outline[i]);
    int64_t ordinary = db_int("SELECT COUNT(*) FROM penalty_cases WHERE org_id = 3 AND procedure "
                              "= 'ordinary' AND filed_on BETWEEN '2026-01-01' AND '2026-12-31'");
    int64_t summary = db_int("SELECT COUNT(*) FROM penalty_cases WHERE org_id = 3 AND procedure = "
                             "'summary' AND decided_on BETWEEN '2026-01-01' AND '2026-12-31'");
    CHECK_CONTAINS(r->body, tprintf("%lld 件（普通程序立案 %lld 件，简易程序 %lld 件）",
                                    (long long)(ordinary + summary), (long long)ordinary,
                                    (long long)summary));
    int64_t received = db_int("SELECT COUNT(*) FROM disclosure_requests WHERE org_id = 3 AND "
                              "received_on BETWEEN '2026-01-01' AND '2026-12-31'");
    CHECK_CONTAINS(r->body, tprintf("%lld 件，办结", (long long)received));
    int64_t tasks = db_int("SELECT COUNT(*) FROM tasks WHERE org_id = 3 AND due_date BETWEEN "
                           "'2026-01-01' AND '2026-12-31' AND status <> 'cancelled'");
    CHECK_CONTAINS(r->body, tprintf(">%lld 项，已完成", (long long)tasks));
    CHECK_CONTAINS(r->body, "href=\"/app/penalty_cases?procedure=ordinary&amp;filed_on_from="
                            "2026-01-01&amp;filed_on_to=2026-12-31\"");
    /* the link leads to the same number of cases */
    r = get(&leader,
            "/app/penalty_cases?procedure=ordinary&filed_on_from=2026-01-01&filed_on_to=2026-12-31");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, tprintf("共 %lld 条", (long long)ordinary));
    /* the report's page links to the document; another subdistrict sees neither */
    CHECK_CONTAINS(get(&leader, tprintf("/app/annual_reports/%lld", (long long)id))->body,
                   tprintf("href=\"%s\"", path));
    CHECK_INT(get(&other, path)->status, 404);
    CHECK_INT(get(&leader, "/app/annual_reports/999999/document")->status, 404);
    /* and its dates are on the leader's home page */
    CHECK_CONTAINS(get(&leader, "/app")->body, "东湖街道2026年法治政府建设年度报告");
}

/* The contents of one entry of a ZIP body (arena string; "" when missing). */
static const char *zip_entry(const struct resp *r, const char *entry)
{
    const char *path = tprintf("%s/doc.zip", harness_dir());
    FILE *f = fopen(path, "wb");
    if (!f)
        return "";
    fwrite(r->body, 1, r->body_len, f);
    fclose(f);
    const char *xml = tprintf("%s/entry.xml", harness_dir());
    if (system(tprintf("unzip -p '%s' '%s' > '%s'", path, entry, xml)) != 0)
        return "";
    f = fopen(xml, "rb");
    if (!f)
        return "";
    static char text[1 << 18];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    return arena_strdup(t_arena(), text);
}

/* The report as files: DOCX (a package Word and LibreOffice open) and HTML, from the staff
 * app and from the command line, with the same figures as the page. */
static void test_report_files(void)
{
    struct browser leader = {0}, other = {0};
    CHECK(signin(&leader, "dh.leader"));
    CHECK(signin(&other, "xl.leader"));
    int64_t id = db_int("SELECT id FROM annual_reports WHERE unit = 3 AND year = 2025");
    struct resp *r = get(&leader, tprintf("/app/annual_reports/%lld/document.docx", (long long)id));
    CHECK_INT(r->status, 200);
    CHECK(r->body_len > 4 && memcmp(r->body, "PK\x03\x04", 4) == 0);
    const char *doc = zip_entry(r, "word/document.xml");
    CHECK_CONTAINS(doc, "东湖街道2025年法治政府建设年度报告");
    CHECK_CONTAINS(doc, "二、存在的不足和原因");
    CHECK_CONTAINS(doc, "w:firstLineChars=\"200\"");
    int64_t penalties = db_int("SELECT COUNT(*) FROM penalty_cases WHERE org_id = 3 AND "
                               "decision_kind = 'penalty' AND status <> 'revoked' AND decided_on "
                               "BETWEEN '2025-01-01' AND '2025-12-31'");
    CHECK_CONTAINS(doc, tprintf("作出行政处罚决定 %lld 件", (long long)penalties));
    /* unzip reads its entry names as patterns: the brackets are escaped */
    CHECK_CONTAINS(zip_entry(r, "\\[Content_Types\\].xml"), "wordprocessingml.document.main+xml");
    CHECK_CONTAINS(zip_entry(r, "word/footer1.xml"), "PAGE");
    r = get(&leader, tprintf("/app/annual_reports/%lld/document.html", (long long)id));
    CHECK_INT(r->status, 200);
    /* sent in February 2026: its figures are those it was sent with */
    CHECK_CONTAINS(get(&leader, tprintf("/app/annual_reports/%lld/document", (long long)id))->body,
                   "报送时系统统计");
    CHECK_CONTAINS(r->body, "<h1>东湖街道2025年法治政府建设年度报告</h1>");
    CHECK_INT(get(&other, tprintf("/app/annual_reports/%lld/document.docx", (long long)id))->status,
              404);
    /* editing the report still works beside the document routes */
    CHECK_INT(get(&leader, tprintf("/app/annual_reports/%lld/edit", (long long)id))->status, 200);
    /* the command line writes the same */
    const char *out = tprintf("%s/report.docx", harness_dir());
    CHECK_INT(run_fazhi(NULL, "report", "annual", "--db", harness_db_path(), "--org", "DH",
                        "--year", "2025", "--format", "docx", "-o", out, (const char *)NULL),
              0);
    FILE *f = fopen(out, "rb");
    char head[4] = {0};
    CHECK(f && fread(head, 1, 4, f) == 4 && memcmp(head, "PK\x03\x04", 4) == 0);
    if (f)
        fclose(f);
    /* LibreOffice opens it: converted to PDF, the text is there */
    const char *dir = harness_dir();
    CHECK_INT(system(tprintf("cd '%s' && timeout 120 soffice -env:UserInstallation=file://%s/lo "
                             "--headless --convert-to pdf --outdir '%s' '%s' >/dev/null 2>&1",
                             dir, dir, dir, out)),
              0);
    const char *txt = tprintf("%s/report.txt", dir);
    CHECK_INT(system(tprintf("pdftotext '%s/report.pdf' '%s'", dir, txt)), 0);
    f = fopen(txt, "rb");
    char text[65536] = {0};
    if (f) {
        size_t n = fread(text, 1, sizeof text - 1, f);
        text[n] = '\0';
        fclose(f);
    }
    CHECK_CONTAINS(text, "东湖街道 2025 年法治政府建设年度报告");
    CHECK_CONTAINS(text, "存在的不足和原因");
    /* and as PDF, from the staff app: the same figures, with the charts drawn */
    r = get(&leader, tprintf("/app/annual_reports/%lld/document.pdf", (long long)id));
    CHECK_INT(r->status, 200);
    CHECK_STR(resp_header_value(r, "Content-Type"), "application/pdf");
    CHECK(r->body_len > 5 && memcmp(r->body, "%PDF-", 5) == 0);
    const char *pdf = tprintf("%s/report-app.pdf", dir);
    f = fopen(pdf, "wb");
    if (f) {
        fwrite(r->body, 1, r->body_len, f);
        fclose(f);
    }
    CHECK_INT(system(tprintf("pdftotext '%s' '%s'", pdf, txt)), 0);
    f = fopen(txt, "rb");
    memset(text, 0, sizeof text);
    if (f) {
        size_t n = fread(text, 1, sizeof text - 1, f);
        text[n] = '\0';
        fclose(f);
    }
    CHECK_CONTAINS(text, "东湖街道2025年法治政府建设年度报告");
    CHECK_CONTAINS(text, tprintf("作出行政处罚决定 %lld 件", (long long)penalties));
    CHECK_CONTAINS(text, "申请办理结果"); /* the pie's title */
    CHECK(strstr(text, "— 1 —") || strstr(text, "—1—")); /* page numbers */
    CHECK_INT(run_fazhi(NULL, "report", "annual", "--db", harness_db_path(), "--org", "DH",
                        "--year", "2025", "--format", "pdf", "-o", pdf, (const char *)NULL),
              0);
    CHECK_INT(run_fazhi(NULL, "report", "annual", "--db", harness_db_path(), "--org", "DH",
                        "--year", "2024", (const char *)NULL),
              1);
    CHECK_INT(run_fazhi(NULL, "report", "annual", "--db", harness_db_path(), "--org", "DH",
                        "--year", "2025", "--format", "odt", (const char *)NULL),
              2);
}

void suite_charts(void)
{
    RUN(test_dashboard_on_leaders_home);
    RUN(test_report_document);
    RUN(test_report_files);
}
