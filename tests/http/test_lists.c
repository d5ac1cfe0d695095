/* test_lists.c — the task list: every filter, sort, pagination and total checked against
 * counts taken straight from the database, and the CSV export. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/t.h"
#include "core/buf.h"
#include "harness.h"
#include "core/banned.h"

/* What dh.staff (staff bound at the subdistrict) sees: every task of 东湖街道. */
#define DH_SCOPE "org_id = (SELECT id FROM orgs WHERE code = 'DH')"

static int64_t api_total(struct browser *b, const char *query)
{
    struct resp *r = get(b, tprintf("/api/v1/tasks%s", query));
    if (r->status != 200) {
        fprintf(stderr, "  (GET /api/v1/tasks%s: %d %s)\n", query, r->status, r->body);
        return -1;
    }
    return jint(r->json, "total");
}

static json_t *api_items(struct browser *b, const char *query)
{
    struct resp *r = get(b, tprintf("/api/v1/tasks%s", query));
    return r->status == 200 && r->json ? json_object_get(r->json, "items") : NULL;
}

static void test_total_and_defaults(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    struct resp *r = get(&b, "/api/v1/tasks");
    CHECK_INT(r->status, 200);
    int64_t n = db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE);
    CHECK(n > 17);
    CHECK_INT(jint(r->json, "total"), n);
    CHECK_INT(jint(r->json, "page"), 1);
    CHECK_INT(jint(r->json, "per_page"), 25);
    CHECK_STR(jstr(r->json, "sort"), "due_date");
    json_t *items = json_object_get(r->json, "items");
    CHECK_INT(json_array_size(items), n < 25 ? n : 25);
    /* nothing of the other subdistrict */
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        const char *dept = jstr(it, "department");
        CHECK(dept && strncmp(dept, "DH", 2) == 0);
    }
}

static void test_filter_status(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    static const char *const states[] = {"draft", "assigned", "in_progress", "done", "cancelled"};
    int64_t sum = 0;
    for (size_t s = 0; s < sizeof states / sizeof states[0]; s++) {
        int64_t want =
            db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE " AND status = '%s'", states[s]);
        CHECK(want > 0);
        CHECK_INT(api_total(&b, tprintf("?status=%s", states[s])), want);
        json_t *items = api_items(&b, tprintf("?status=%s&per_page=200", states[s]));
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it) CHECK_STR(jstr(it, "status"), states[s]);
        sum += want;
    }
    CHECK_INT(sum, db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE));
}

static void test_filter_department_and_partners(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    CHECK_INT(api_total(&b, "?department=DH-ZF"),
              db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE " AND department = "
                     "(SELECT id FROM orgs WHERE code = 'DH-ZF')"));
    CHECK_INT(api_total(&b, "?department=DH-SQ2"),
              db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE " AND department = "
                     "(SELECT id FROM orgs WHERE code = 'DH-SQ2')"));
    int64_t partner =
        db_int("SELECT COUNT(*) FROM tasks t WHERE " DH_SCOPE " AND EXISTS (SELECT 1 FROM "
               "record_links l WHERE l.entity = 'tasks' AND l.field = 'partners' AND l.record_id = "
               "t.id AND l.target_id = (SELECT id FROM orgs WHERE code = 'DH-SQ1'))");
    CHECK(partner > 0);
    CHECK_INT(api_total(&b, "?partners=DH-SQ1"), partner);
    /* two filters together */
    CHECK_INT(api_total(&b, "?status=in_progress&department=DH-ZF"),
              db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE " AND status = 'in_progress' "
                     "AND department = (SELECT id FROM orgs WHERE code = 'DH-ZF')"));
    /* another tenant's unit as a filter finds nothing, and tells nothing */
    CHECK_INT(api_total(&b, "?department=XL-ZF"), 0);
    struct resp *r = get(&b, "/api/v1/tasks?department=NO-SUCH-ORG");
    CHECK_INT(r->status, 400);
    CHECK_STR(err_field_of(r), "department");
}

/* Overdue: a running deadline whose (rolled-forward) due date is before today. */
static void test_filter_overdue(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    int64_t want = db_int("SELECT COUNT(*) FROM tasks t WHERE " DH_SCOPE " AND EXISTS (SELECT 1 "
                          "FROM deadlines d WHERE d.entity = 'tasks' AND d.record_id = t.id AND "
                          "d.status = 'running' AND d.due_date < '" TEST_TODAY "')");
    /* the demo has two late tasks in each subdistrict (due 10 and 2 days ago) */
    CHECK(want >= 2);
    CHECK_INT(api_total(&b, "?overdue=1"), want);
    CHECK_INT(api_total(&b, "?overdue=true"), want);
    CHECK_INT(api_total(&b, "?overdue=0"), db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE));
    json_t *items = api_items(&b, "?overdue=1&per_page=200");
    CHECK_INT(json_array_size(items), want);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        CHECK(json_is_true(json_object_get(it, "overdue")));
        const char *due = jstr(it, "due_date");
        CHECK(due && strcmp(due, TEST_TODAY) < 0);
        const char *st = jstr(it, "status");
        CHECK(st && (strcmp(st, "assigned") == 0 || strcmp(st, "in_progress") == 0));
    }
    struct resp *r = get(&b, "/api/v1/tasks?overdue=maybe");
    CHECK_INT(r->status, 400);
    CHECK_STR(err_field_of(r), "overdue");
}

static void test_filter_due_dates(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    CHECK_INT(api_total(&b, "?due_date_from=2026-12-01"),
              db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE " AND due_date >= '2026-12-01'"));
    CHECK_INT(api_total(&b, "?due_date_to=2026-06-30"),
              db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE " AND due_date <= '2026-06-30'"));
    int64_t mid = db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE
                         " AND due_date BETWEEN '2026-11-01' AND '2027-01-31'");
    CHECK(mid > 0);
    CHECK_INT(api_total(&b, "?due_date_from=2026-11-01&due_date_to=2027-01-31"), mid);
    CHECK_INT(api_total(&b, "?due_date=2027-02-01"),
              db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE " AND due_date = '2027-02-01'"));
    CHECK_INT(api_total(&b, "?due_date_from=2027-01-31&due_date_to=2026-11-01"), 0);
    struct resp *r = get(&b, "/api/v1/tasks?due_date_from=2026-02-30");
    CHECK_INT(r->status, 400);
    CHECK_STR(err_field_of(r), "due_date");
    r = get(&b, "/api/v1/tasks?due_date_to=yesterday");
    CHECK_INT(r->status, 400);
    /* _from on a field that is not a date */
    r = get(&b, "/api/v1/tasks?title_from=a");
    CHECK_INT(r->status, 400);
}

static void test_filter_q(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    int64_t want = db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE " AND (title LIKE "
                          "'%%法治%%' OR description LIKE '%%法治%%')");
    CHECK(want > 0);
    CHECK_INT(api_total(&b, tprintf("?q=%s", urlenc("法治"))), want);
    want = db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE " AND (title LIKE '%%普法%%' "
                  "OR description LIKE '%%普法%%')");
    CHECK_INT(api_total(&b, tprintf("?q=%s", urlenc("普法"))), want);
    /* LIKE wildcards are matched literally */
    CHECK_INT(api_total(&b, "?q=%25"), 0);
    CHECK_INT(api_total(&b, "?q=_"), 0);
    CHECK_INT(api_total(&b, tprintf("?q=%s", urlenc("没有这样的任务名称"))), 0);
    /* an empty q is no filter */
    CHECK_INT(api_total(&b, "?q="), db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE));
    /* over 100 characters is refused */
    char longq[400] = "";
    for (int i = 0; i < 101; i++)
        snprintf(longq + strlen(longq), sizeof longq - strlen(longq), "a");
    struct resp *r = get(&b, tprintf("/api/v1/tasks?q=%s", longq));
    CHECK_INT(r->status, 400);
    CHECK_STR(err_field_of(r), "q");
}

/* Whether the items are ordered by key (strings) ascending or descending, ties by id. */
static bool ordered(json_t *items, const char *key, bool desc)
{
    for (size_t i = 1; i < json_array_size(items); i++) {
        const char *a = jstr(json_array_get(items, i - 1), key);
        const char *b = jstr(json_array_get(items, i), key);
        if (!a || !b)
            return false;
        int c = strcmp(a, b);
        if (desc ? c < 0 : c > 0) {
            fprintf(stderr, "  (%s out of order: \"%s\" then \"%s\")\n", key, a, b);
            return false;
        }
    }
    return true;
}

static void test_sort(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    json_t *items = api_items(&b, "?sort=-due_date&per_page=200");
    CHECK(json_array_size(items) > 17);
    CHECK(ordered(items, "due_date", true));
    items = api_items(&b, "?sort=due_date&per_page=200");
    CHECK(ordered(items, "due_date", false));
    items = api_items(&b, "?sort=title&per_page=200");
    CHECK(ordered(items, "title", false));
    items = api_items(&b, "?sort=-created_at&per_page=200");
    CHECK(ordered(items, "created_at", true));
    /* sort by id descending, checked against the database */
    items = api_items(&b, "?sort=-id&per_page=3");
    CHECK_INT(json_array_size(items), 3);
    CHECK_INT(jint(json_array_get(items, 0), "id"),
              db_int("SELECT MAX(id) FROM tasks WHERE " DH_SCOPE));
    struct resp *r = get(&b, "/api/v1/tasks?sort=nonexistent");
    CHECK_INT(r->status, 400);
    CHECK_STR(err_field_of(r), "sort");
    /* a field that exists but is not sortable */
    r = get(&b, "/api/v1/tasks?sort=description");
    CHECK_INT(r->status, 400);
    CHECK_STR(err_field_of(r), "sort");
}

/* Walking the pages in the default order gives exactly the database's rows in that order. */
static void test_pagination(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    const char *want =
        db_text("SELECT %s FROM (SELECT id FROM tasks WHERE " DH_SCOPE " ORDER BY due_date, id) t",
                sql_join("id", ','));
    int64_t total = db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE);
    char got[4096] = "";
    size_t len = 0;
    int pages = (int)((total + 6) / 7);
    for (int p = 1; p <= pages; p++) {
        struct resp *r = get(&b, tprintf("/api/v1/tasks?per_page=7&page=%d", p));
        CHECK_INT(r->status, 200);
        CHECK_INT(jint(r->json, "total"), total);
        CHECK_INT(jint(r->json, "page"), p);
        CHECK_INT(jint(r->json, "per_page"), 7);
        json_t *items = r->json ? json_object_get(r->json, "items") : NULL;
        CHECK_INT(json_array_size(items), p < pages ? 7 : total - 7 * (pages - 1));
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it)
        {
            len += (size_t)snprintf(got + len, sizeof got - len, "%s%lld", len ? "," : "",
                                    (long long)jint(it, "id"));
            if (len >= sizeof got)
                len = sizeof got - 1;
        }
    }
    CHECK_STR(got, want);
    /* past the end: no items, same total */
    struct resp *r = get(&b, tprintf("/api/v1/tasks?per_page=7&page=%d", pages + 1));
    CHECK_INT(r->status, 200);
    CHECK_INT(json_array_size(json_object_get(r->json, "items")), 0);
    CHECK_INT(jint(r->json, "total"), total);
    CHECK_INT(api_total(&b, "?per_page=200"), total);
    CHECK_INT(json_array_size(api_items(&b, "?per_page=1")), 1);
}

/* The district supervisor reads both subdistricts. */
static void test_supervisor_sees_district(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "qc.supervisor"));
    CHECK_INT(api_total(&b, ""), db_int("SELECT COUNT(*) FROM tasks"));
    CHECK_INT(api_total(&b, "?department=XL-ZF"),
              db_int("SELECT COUNT(*) FROM tasks WHERE department = (SELECT id FROM orgs "
                     "WHERE code = 'XL-ZF')"));
    CHECK_INT(api_total(&b, "?department=DH"),
              db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE));
}

/* Counts CSV records (a quoted field may hold line breaks). */
static int csv_records(const char *s, size_t n)
{
    int rows = 0;
    bool quoted = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && s[i] == '\n')
            rows++;
    }
    return rows;
}

static void test_csv_export(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    /* a title a spreadsheet would run as a formula */
    int64_t id = make_task(&b, "=HYPERLINK(\"http://evil\")", "DH-DZB", "2027-03-01");
    CHECK(id > 0);
    struct resp *r = get(&b, "/api/v1/tasks?format=csv");
    CHECK_INT(r->status, 200);
    const char *ct = resp_header_value(r, "Content-Type");
    CHECK(ct && strncmp(ct, "text/csv", 8) == 0);
    CHECK_CONTAINS(resp_header_value(r, "Content-Disposition"), "attachment");
    CHECK(r->body_len > 3 && memcmp(r->body, "\xEF\xBB\xBF", 3) == 0);
    const char *header = r->body_len > 3 ? r->body + 3 : "";
    CHECK(strncmp(header, "\"编号\",\"状态\",\"任务名称\"",
                  strlen("\"编号\",\"状态\",\"任务名称\"")) == 0);
    int64_t visible = db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE);
    CHECK_INT(csv_records(r->body, r->body_len), visible + 1);
    CHECK(strstr(r->body, "西岭") == NULL);
    CHECK_CONTAINS(r->body, "\"'=HYPERLINK(\"\"http://evil\"\")\"");
    /* filters apply to the export too */
    r = get(&b, "/api/v1/tasks?format=csv&status=done");
    CHECK_INT(r->status, 200);
    CHECK_INT(csv_records(r->body, r->body_len),
              db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE " AND status = 'done'") + 1);
    /* and page/per_page do not cut it short */
    r = get(&b, "/api/v1/tasks?format=csv&per_page=1&page=2");
    CHECK_INT(r->status, 200);
    CHECK_INT(csv_records(r->body, r->body_len), visible + 1);
    r = get(&b, "/api/v1/tasks?format=xml");
    CHECK_INT(r->status, 400);
    CHECK_STR(err_field_of(r), "format");
    r = get(&b, "/api/v1/tasks?format=csv&sort=nonexistent");
    CHECK_INT(r->status, 400);
}

/* Occurrences of needle in the n bytes at s. */
static int count_of(const char *s, size_t n, const char *needle)
{
    int k = 0;
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(s + i, needle, m) == 0) {
            k++;
            i += m - 1;
        }
    return k;
}

/* The first sheet's XML of an XLSX answer (arena string; "" when it is not a workbook). */
static const char *xlsx_sheet(const struct resp *r)
{
    if (r->body_len < 4 || memcmp(r->body, "PK\x03\x04", 4) != 0)
        return "";
    const char *path = tprintf("%s/export.xlsx", harness_dir());
    FILE *f = fopen(path, "wb");
    if (!f)
        return "";
    fwrite(r->body, 1, r->body_len, f);
    fclose(f);
    const char *xml = tprintf("%s/sheet1.xml", harness_dir());
    if (system(tprintf("unzip -p '%s' xl/worksheets/sheet1.xml > '%s'", path, xml)) != 0)
        return "";
    f = fopen(xml, "rb");
    if (!f)
        return "";
    buf b;
    buf_init(&b, 0);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(&b, chunk, n);
    fclose(f);
    const char *out = arena_strndup(t_arena(), b.p ? b.p : "", b.len);
    buf_release(&b);
    return out;
}

/* The same lists as XLSX: the list's filters and scope, numbers as numbers, personal data
 * starred, a header row. */
static void test_xlsx_export(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    struct resp *r = get(&b, "/api/v1/tasks?format=xlsx&status=done");
    CHECK_INT(r->status, 200);
    CHECK_STR(resp_header_value(r, "Content-Type"),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    CHECK_CONTAINS(resp_header_value(r, "Content-Disposition"), "tasks.xlsx");
    const char *sheet = xlsx_sheet(r);
    int64_t done = db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE " AND status = 'done'");
    CHECK(done > 0);
    CHECK_INT(count_of(sheet, strlen(sheet), "<row "), done + 1);
    CHECK_CONTAINS(sheet, "任务名称");
    CHECK(!strstr(sheet, "西岭"));
    /* parties: identity numbers, addresses and telephones never leave in an export */
    r = get(&b, "/app/parties/export.xlsx?kind=citizen");
    CHECK_INT(r->status, 200);
    sheet = xlsx_sheet(r);
    CHECK_CONTAINS(sheet, "***");
    const char *id = db_text("SELECT id_number FROM parties WHERE kind = 'citizen' AND "
                             "id_number IS NOT NULL LIMIT 1");
    CHECK(id && !strstr(sheet, id));
    /* fines are numbers a spreadsheet can add up */
    struct browser head = {0};
    CHECK(signin(&head, "dh.zf.head"));
    r = get(&head, "/api/v1/penalty_cases?format=xlsx");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(xlsx_sheet(r), "<c r=\"");
    CHECK(strstr(xlsx_sheet(r), " t=\"n\"") || strstr(xlsx_sheet(r), "><v>"));
    /* a bad filter is refused as the list refuses it */
    r = get(&b, "/api/v1/tasks?format=xlsx&sort=nonexistent");
    CHECK_INT(r->status, 400);
    CHECK_CONTAINS(get(&b, "/app/tasks")->body, "/app/tasks/export.xlsx");
}

/* An export longer than one page of the list query (1000 rows) has every row exactly once,
 * from the API and from the staff app. (Rows put in straight, and taken out after: the
 * exports only read them.) */
static void test_csv_export_spans_pages(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    CHECK_INT(
        db_exec_rw(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
            "WHERE i < 1100) "
            "INSERT INTO tasks (org_id, version, status, created_at, created_by, "
            "updated_at, updated_by, title, department, due_date) "
            "SELECT t.org_id, 1, 'draft', t.created_at, t.created_by, t.updated_at, "
            "t.updated_by, '分页导出' || substr(CAST(10000 + i AS TEXT), 2) || '号', t.department, "
            "'2027-02-01' FROM n, (SELECT * FROM tasks WHERE " DH_SCOPE " ORDER BY id LIMIT 1) t"),
        0);
    static const char *const paths[] = {"/api/v1/tasks?format=csv&q=%E5%88%86%E9%A1%B5%E5%AF%BC",
                                        "/app/tasks/export.csv?q=%E5%88%86%E9%A1%B5%E5%AF%BC",
                                        "/app/tasks/export.xlsx?q=%E5%88%86%E9%A1%B5%E5%AF%BC"};
    for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++) {
        struct resp *r = get(&b, paths[p]);
        CHECK_INT(r->status, 200);
        if (strstr(paths[p], ".xlsx")) {
            /* the workbook: a header row and every row once */
            const char *sheet = xlsx_sheet(r);
            CHECK_INT(count_of(sheet, strlen(sheet), "<row "), 1101);
            CHECK_INT(count_of(sheet, strlen(sheet), "分页导出"), 1100);
            CHECK_INT(count_of(sheet, strlen(sheet), "分页导出1100号"), 1);
            continue;
        }
        CHECK_INT(csv_records(r->body, r->body_len), 1101);
        CHECK_INT(count_of(r->body, r->body_len, "分页导出"), 1100);
        CHECK_INT(count_of(r->body, r->body_len, "分页导出0001号"), 1);
        CHECK_INT(count_of(r->body, r->body_len, "分页导出1000号"), 1);
        CHECK_INT(count_of(r->body, r->body_len, "分页导出1001号"), 1);
        CHECK_INT(count_of(r->body, r->body_len, "分页导出1100号"), 1);
    }
    CHECK_INT(db_exec_rw("DELETE FROM tasks WHERE title LIKE '分页导出%'"), 0);
    CHECK_INT(db_int("SELECT COUNT(*) FROM tasks WHERE title LIKE '分页导出%%'"), 0);
}

/* A link from elsewhere may carry parameters of its own: the staff app's list and export
 * pass over them; the API still refuses them. */
static void test_list_page_ignores_unknown_parameters(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    struct resp *r = get(&b, "/app/tasks?utm_source=mail&status=done");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, tprintf("共 %lld 条",
                                    (long long)db_int("SELECT COUNT(*) FROM tasks "
                                                      "WHERE " DH_SCOPE " AND status = 'done'")));
    /* the export link it offers works too */
    CHECK_CONTAINS(r->body, "/app/tasks/export.csv?utm_source=mail&amp;status=done");
    r = get(&b, "/app/tasks/export.csv?utm_source=mail&status=done");
    CHECK_INT(r->status, 200);
    CHECK_INT(csv_records(r->body, r->body_len),
              db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE " AND status = 'done'") + 1);
    r = get(&b, "/api/v1/tasks?utm_source=mail");
    CHECK_INT(r->status, 400);
    CHECK_STR(err_field_of(r), "utm_source");
    r = get(&b, "/api/v1/tasks?format=csv&utm_source=mail");
    CHECK_INT(r->status, 400);
    /* a known parameter with a bad value is still an error on the page */
    CHECK_INT(get(&b, "/app/tasks?status=finished")->status, 400);
}

/* Past the last page: no records, and links back to the first and the last page. */
static void test_past_last_page_links_back(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    int64_t total = db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE);
    int64_t pages = (total + 6) / 7;
    CHECK(pages > 1);
    struct resp *r = get(&b, "/app/tasks?per_page=7&page=99");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "没有符合条件的记录");
    CHECK_CONTAINS(r->body, "href=\"?per_page=7&amp;page=1\"");
    CHECK_CONTAINS(r->body, tprintf("href=\"?per_page=7&amp;page=%lld\"", (long long)pages));
    CHECK_CONTAINS(r->body, tprintf("最后一页（第 %lld 页）", (long long)pages));
    /* the filters stay */
    int64_t done = db_int("SELECT COUNT(*) FROM tasks WHERE " DH_SCOPE " AND status = 'done'");
    r = get(&b, "/app/tasks?status=done&per_page=2&page=50");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, tprintf("href=\"?status=done&amp;per_page=2&amp;page=%lld\"",
                                    (long long)((done + 1) / 2)));
    /* without other parameters */
    r = get(&b, "/app/tasks?page=99");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "href=\"?page=1\"");
    /* the last page itself has its records and the usual pager */
    r = get(&b, tprintf("/app/tasks?per_page=7&page=%lld", (long long)pages));
    CHECK(strstr(r->body, "没有符合条件的记录") == NULL);
    CHECK_CONTAINS(r->body, "rel=\"prev\"");
}

/* A task's detail page shows its newest 50 progress reports and links to the rest; that list
 * names the task it is filtered by and links back. */
static void test_child_list_links_to_all(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    int64_t task = make_task(&b, "进展报告很多的任务", "DH-SW", "2027-06-30");
    CHECK(task > 0);
    CHECK_INT(fire(&b, task, "assign", "{}"), 200);
    for (int i = 1; i <= 51; i++) {
        struct resp *r = api(&b, "POST", "/api/v1/progress_reports",
                             tprintf("{\"task\":%lld,\"percent\":%d,\"content\":\"第 %d 次进展\"}",
                                     (long long)task, i, i));
        CHECK_INT(r->status, 201);
    }
    struct resp *r = get(&b, tprintf("/app/tasks/%lld", (long long)task));
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "进展报告（51）");
    CHECK_CONTAINS(r->body, "查看全部 51 条");
    const char *all = tprintf("/app/progress_reports?task=%lld", (long long)task);
    CHECK_CONTAINS(r->body, tprintf("href=\"%s\"", all));
    /* 50 rows shown: the first report (the oldest) is not among them */
    CHECK(strstr(r->body, "第 1 次进展<") == NULL);
    CHECK_CONTAINS(r->body, "第 51 次进展");
    /* a task with fewer has no such link */
    int64_t few =
        db_int("SELECT task FROM progress_reports GROUP BY task HAVING COUNT(*) "
               "BETWEEN 1 AND 50 AND task IN (SELECT id FROM tasks WHERE " DH_SCOPE ") LIMIT 1");
    CHECK(strstr(get(&b, tprintf("/app/tasks/%lld", (long long)few))->body, "查看全部") == NULL);

    r = get(&b, all);
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "共 51 条");
    CHECK_CONTAINS(r->body, "所属重点工作任务");
    CHECK_CONTAINS(r->body,
                   tprintf("href=\"/app/tasks/%lld\">进展报告很多的任务<", (long long)task));
    /* filtering or resetting stays with this task */
    CHECK_CONTAINS(r->body, tprintf("name=\"task\" value=\"%lld\"", (long long)task));
    r = get(&b, tprintf("%s&page=3", all));
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "第 1 次进展");
    /* another subdistrict's user sees no parent and nothing of it */
    struct browser xl = {0};
    CHECK(signin(&xl, "xl.staff"));
    r = get(&xl, all);
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "共 0 条");
    CHECK(strstr(r->body, "进展报告很多的任务") == NULL);
}

void suite_lists(void)
{
    RUN(test_total_and_defaults);
    RUN(test_filter_status);
    RUN(test_filter_department_and_partners);
    RUN(test_filter_overdue);
    RUN(test_filter_due_dates);
    RUN(test_filter_q);
    RUN(test_sort);
    RUN(test_pagination);
    RUN(test_supervisor_sees_district);
    RUN(test_csv_export);
    RUN(test_csv_export_spans_pages);
    RUN(test_xlsx_export);
    RUN(test_list_page_ignores_unknown_parameters);
    RUN(test_past_last_page_links_back);
    RUN(test_child_list_links_to_all);
}
