/* test_tasks.c — the "done when" for key tasks over the API: create and read back,
 * tenant isolation (another subdistrict gets 404 and changes nothing), CSRF, malformed JSON,
 * optimistic concurrency on PATCH, and the record's history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/t.h"
#include "harness.h"
#include "core/banned.h"

/* The row as the database holds it, for "unchanged" checks. */
static const char *row_state(int64_t id)
{
    return db_text("SELECT version || '|' || status || '|' || title || '|' || due_date || '|' "
                   "|| updated_at || '|' || department FROM tasks WHERE id = %lld",
                   (long long)id);
}

static void test_create_and_read_back(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    struct counts before = counts_now();
    int64_t audit0 = audit_max_id();
    struct resp *r = api(&b, "POST", "/api/v1/tasks",
                         "{\"title\":\"完善街道行政执法公示平台\",\"due_date\":\"2027-03-31\","
                         "\"department\":\"DH-ZF\",\"partners\":[\"DH-SFS\",\"DH-SQ1\"],"
                         "\"category\":\"enforcement\",\"description\":\"第一行\\n第二行\"}");
    CHECK_INT(r->status, 201);
    int64_t id = jint(r->json, "id");
    CHECK(id > 0);
    CHECK_STR(resp_header_value(r, "Location"), tprintf("/api/v1/tasks/%lld", (long long)id));
    CHECK_STR(jstr(r->json, "status"), "draft");
    CHECK_INT(jint(r->json, "version"), 1);
    CHECK_STR(jstr(r->json, "department"), "DH-ZF");
    CHECK_STR(jstr(r->json, "department_name"), "综合行政执法办公室");
    CHECK_STR(jstr(r->json, "created_by"), "李晓梅");

    struct counts after = counts_now();
    CHECK_INT(after.tasks, before.tasks + 1);
    CHECK_INT(after.links, before.links + 2);
    CHECK_INT(audit_count_since(audit0, "tasks.create"), 1);
    CHECK_INT(after.audit, before.audit + 1);
    CHECK_INT(db_int("SELECT org_id FROM tasks WHERE id = %lld", (long long)id),
              db_int("SELECT id FROM orgs WHERE code = 'DH'"));

    r = get(&b, tprintf("/api/v1/tasks/%lld", (long long)id));
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "id"), id);
    CHECK_STR(jstr(r->json, "title"), "完善街道行政执法公示平台");
    CHECK_STR(jstr(r->json, "due_date"), "2027-03-31");
    CHECK_STR(jstr(r->json, "category"), "enforcement");
    CHECK_STR(jstr(r->json, "description"), "第一行\n第二行");
    json_t *partners = r->json ? json_object_get(r->json, "partners") : NULL;
    CHECK_INT(json_array_size(partners), 2);
    CHECK_STR(json_string_value(json_array_get(partners, 0)), "DH-SFS");
    CHECK_STR(json_string_value(json_array_get(partners, 1)), "DH-SQ1");
    json_t *tr = r->json ? json_object_get(r->json, "transitions") : NULL;
    CHECK(json_array_size(tr) >= 1);
    CHECK_STR(jstr(json_array_get(tr, 0), "name"), "assign");
}

/* The other subdistrict cannot see, edit or act on the task: 404 everywhere (not 403, which
 * would tell that the id exists), and the row and the audit log are untouched. */
static void test_other_tenant_gets_404(void)
{
    struct browser dh = {0}, xl = {0};
    CHECK(signin(&dh, "dh.staff"));
    CHECK(signin(&xl, "xl.staff"));
    int64_t id = make_task(&dh, "东湖街道的内部任务", "DH-ZF", "2027-02-28");
    CHECK(id > 0);
    const char *state = row_state(id);
    struct counts before = counts_now();
    const char *path = tprintf("/api/v1/tasks/%lld", (long long)id);

    struct resp *r = get(&xl, path);
    CHECK_INT(r->status, 404);
    CHECK_STR(err_code_of(r), "not_found");
    CHECK(!strstr(r->body, "东湖街道的内部任务"));
    r = api(&xl, "PATCH", path, "{\"title\":\"被西岭改掉了\"}");
    CHECK_INT(r->status, 404);
    r = api(&xl, "PATCH", path, "{\"title\":\"被西岭改掉了\",\"version\":1}");
    CHECK_INT(r->status, 404);
    static const char *const transitions[] = {"assign", "start", "complete", "cancel", "reopen"};
    for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; i++) {
        r = api(&xl, "POST", tprintf("%s/transitions/%s", path, transitions[i]),
                "{\"reason\":\"西岭街道试图撤销\"}");
        CHECK_INT(r->status, 404);
    }
    CHECK_INT(get(&xl, tprintf("%s/history", path))->status, 404);
    /* nor can it file a progress report or a check under it */
    r = api(&xl, "POST", "/api/v1/progress_reports",
            tprintf("{\"task\":%lld,\"percent\":10,\"content\":\"西岭的报告\"}", (long long)id));
    CHECK(r->status == 404 || r->status == 422);
    /* nor find it in its list */
    r = get(&xl, tprintf("/api/v1/tasks?q=%s", urlenc("东湖街道的内部任务")));
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "total"), 0);

    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
    CHECK_STR(row_state(id), state);
    /* and the owner still sees it as it was */
    r = get(&dh, path);
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(r->json, "title"), "东湖街道的内部任务");
    CHECK_STR(jstr(r->json, "status"), "draft");
}

static void test_write_without_csrf_is_403(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    int64_t id = make_task(&b, "用于检验安全令牌的任务", "DH-DZB", "2027-02-01");
    CHECK(id > 0);
    struct browser other = {0};
    CHECK(signin(&other, "dh.staff"));
    const char *state = row_state(id);
    struct counts before = counts_now();
    const char *body = "{\"title\":\"没有令牌\",\"due_date\":\"2027-01-31\","
                       "\"department\":\"DH-ZF\"}";

    b.no_csrf = true;
    struct resp *r = api(&b, "POST", "/api/v1/tasks", body);
    CHECK_INT(r->status, 403);
    CHECK_STR(err_code_of(r), "csrf_failed");
    r = api(&b, "PATCH", tprintf("/api/v1/tasks/%lld", (long long)id), "{\"title\":\"没有令牌\"}");
    CHECK_INT(r->status, 403);
    CHECK_STR(err_code_of(r), "csrf_failed");
    r = api(&b, "POST", tprintf("/api/v1/tasks/%lld/transitions/assign", (long long)id), "{}");
    CHECK_INT(r->status, 403);
    CHECK_STR(err_code_of(r), "csrf_failed");
    b.no_csrf = false;

    /* a wrong token, or the right one from another session, is no better */
    char saved[128];
    snprintf(saved, sizeof saved, "%s", b.csrf);
    snprintf(b.csrf, sizeof b.csrf, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    r = api(&b, "POST", "/api/v1/tasks", body);
    CHECK_INT(r->status, 403);
    snprintf(b.csrf, sizeof b.csrf, "%s", other.csrf);
    r = api(&b, "POST", "/api/v1/tasks", body);
    CHECK_INT(r->status, 403);
    snprintf(b.csrf, sizeof b.csrf, "%s", saved);

    /* the right token from a foreign Origin */
    struct req_opts o = {.content_type = "application/json",
                         .body = body,
                         .extra_headers = "Origin: http://evil.example\r\n"};
    r = http_req(&b, "POST", "/api/v1/tasks", &o);
    CHECK_INT(r->status, 403);
    CHECK_STR(err_code_of(r), "csrf_failed");

    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
    CHECK_STR(row_state(id), state);
    /* with the token the same request works */
    r = api(&b, "POST", "/api/v1/tasks", body);
    CHECK_INT(r->status, 201);
}

static void test_malformed_json_is_400(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    int64_t id = make_task(&b, "用于检验格式错误的任务", "DH-DZB", "2027-02-01");
    const char *state = row_state(id);
    struct counts before = counts_now();
    static const char *const bodies[] = {
        "{\"title\":\"缺右括号\",\"due_date\":\"2027-01-31\",\"department\":\"DH-ZF\"",
        "{title:\"no quotes\"}",
        "{\"title\":\"尾逗号\",}",
        "not json at all",
        "{\"title\":\"x\"} trailing",
        "",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        struct resp *r = api(&b, "POST", "/api/v1/tasks", bodies[i]);
        CHECK_INT(r->status, 400);
        CHECK_STR(err_code_of(r), "invalid_json");
        r = api(&b, "PATCH", tprintf("/api/v1/tasks/%lld", (long long)id), bodies[i]);
        CHECK_INT(r->status, 400);
        CHECK_STR(err_code_of(r), "invalid_json");
    }
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
    CHECK_STR(row_state(id), state);
    CHECK(server_healthy());
}

static void test_patch_and_version_conflict(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    int64_t id = make_task(&b, "用于检验并发修改的任务", "DH-DZB", "2027-02-01");
    const char *path = tprintf("/api/v1/tasks/%lld", (long long)id);
    int64_t audit0 = audit_max_id();
    struct resp *r = api(&b, "PATCH", path, "{\"title\":\"第一次修改\",\"version\":1}");
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "version"), 2);
    CHECK_STR(jstr(r->json, "title"), "第一次修改");
    CHECK_INT(audit_count_since(audit0, "tasks.update"), 1);

    /* someone else's edit went first: version 1 is stale */
    const char *state = row_state(id);
    struct counts before = counts_now();
    r = api(&b, "PATCH", path, "{\"title\":\"基于旧版本的修改\",\"version\":1}");
    CHECK_INT(r->status, 409);
    CHECK_STR(err_code_of(r), "version_conflict");
    r = api(&b, "PATCH", path, "{\"title\":\"版本号不是整数\",\"version\":\"2\"}");
    CHECK_INT(r->status, 422);
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
    CHECK_STR(row_state(id), state);

    /* without a version the write goes ahead (last writer wins, by the API's choice) */
    r = api(&b, "PATCH", path, "{\"due_date\":\"2027-02-15\"}");
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "version"), 3);
    CHECK_STR(db_text("SELECT due_date FROM tasks WHERE id = %lld", (long long)id), "2027-02-15");

    r = get(&b, tprintf("%s/history", path));
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "total"), 3);
}

/* A task in a terminal state is locked. */
static void test_terminal_task_is_locked(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    int64_t id = db_int("SELECT id FROM tasks WHERE status = 'done' AND org_id = (SELECT id "
                        "FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    CHECK(id > 0);
    const char *state = row_state(id);
    struct counts before = counts_now();
    struct resp *r = api(&b, "PATCH", tprintf("/api/v1/tasks/%lld", (long long)id),
                         "{\"title\":\"修改已完成的任务\"}");
    CHECK_INT(r->status, 409);
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
    CHECK_STR(row_state(id), state);
}

void suite_tasks(void)
{
    RUN(test_create_and_read_back);
    RUN(test_other_tenant_gets_404);
    RUN(test_write_without_csrf_is_403);
    RUN(test_malformed_json_is_400);
    RUN(test_patch_and_version_conflict);
    RUN(test_terminal_task_is_locked);
}
