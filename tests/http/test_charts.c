/* test_charts.c — the year at a glance: a leader's and a supervisor's home page carry the
 * year's figures and charts of their own organisation, staff's do not; the charts are SVG for
 * those who may read the cases, and nobody else's. */
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

void suite_charts(void)
{
    RUN(test_dashboard_on_leaders_home);
}
