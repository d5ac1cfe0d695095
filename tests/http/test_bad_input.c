/* test_bad_input.c — bad input of every kind, each answered with the right 4xx and a clear
 * message, after which the server is still serving and not one row changed (tasks, reports,
 * checks, audit, files, links, deadlines, sessions). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/t.h"
#include "harness.h"
#include "core/banned.h"

static struct browser dh; /* dh.staff, signed in once for the suite */

/* A refused request: status, error code, field and a piece of the message as given (NULL: not
 * checked), then the server answers /healthz and every count is unchanged. */
static struct resp *refused_(const char *file, int line, const char *method, const char *path,
                             const char *ctype, const char *body, size_t len, int status,
                             const char *code, const char *field, const char *msg_part)
{
    int before_fails = t_failed_checks;
    struct counts before = counts_now();
    struct req_opts o = {.content_type = ctype, .body = body, .body_len = len};
    struct resp *r = http_req(&dh, method, path, &o);
    CHECK_INT(r->status, status);
    if (code)
        CHECK_STR(err_code_of(r), code);
    if (field)
        CHECK_STR(err_field_of(r), field);
    if (msg_part)
        CHECK_CONTAINS(err_message_of(r), msg_part);
    /* error replies are JSON with a message, whatever the input was */
    CHECK(r->json != NULL && err_message_of(r) != NULL);
    CHECK(server_healthy());
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
    if (t_failed_checks != before_fails)
        fprintf(stderr, "  ^ at %s:%d: %s %.120s  body %.200s -> %d %.300s\n", file, line, method,
                path, body ? body : "", r->status, r->body);
    return r;
}
#define REFUSED(method, path, body, status, code, field, msg)                                      \
    refused_(__FILE__, __LINE__, method, path, "application/json", body, 0, status, code, field,   \
             msg)
#define CREATE_REFUSED(body, status, code, field, msg)                                             \
    REFUSED("POST", "/api/v1/tasks", body, status, code, field, msg)

/* A valid create body with one member replaced (or added). */
static const char *task_with(const char *key, const char *json_value)
{
    json_t *j = json_pack("{s:s, s:s, s:s}", "title", "检验输入的任务", "due_date", "2027-01-31",
                          "department", "DH-ZF");
    json_t *v = json_loads(json_value, JSON_DECODE_ANY, NULL);
    if (v)
        json_object_set_new(j, key, v);
    char *s = json_dumps(j, JSON_ENSURE_ASCII);
    json_decref(j);
    const char *out = tprintf("%s", s ? s : "");
    free(s);
    return out;
}

static void setup(void)
{
    CHECK(signin(&dh, "dh.staff"));
}

static void test_body_over_1mib_is_413(void)
{
    size_t n = ((size_t)1 << 20) + 1;
    char *body = arena_alloc(t_arena(), n + 1);
    memset(body, ' ', n);
    memcpy(body, "{\"title\":\"", 10);
    memcpy(body + n - 2, "\"}", 2);
    for (size_t i = 10; i < n - 2; i++)
        body[i] = 'a';
    refused_(__FILE__, __LINE__, "POST", "/api/v1/tasks", "application/json", body, n, 413,
             "body_too_large", NULL, NULL);
    /* the same streamed without a Content-Length */
    struct counts before = counts_now();
    struct req_opts o = {
        .content_type = "application/json", .body = body, .body_len = n, .chunked = true};
    struct resp *r = http_req(&dh, "POST", "/api/v1/tasks", &o);
    CHECK_INT(r->status, 413);
    CHECK(server_healthy());
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
    /* exactly 1 MiB is read (and then judged on its content) */
    n = (size_t)1 << 20;
    body[n - 2] = '"';
    body[n - 1] = '}';
    refused_(__FILE__, __LINE__, "POST", "/api/v1/tasks", "application/json", body, n, 422,
             "validation_failed", NULL, NULL);
}

static void test_invalid_utf8_in_json(void)
{
    CREATE_REFUSED("{\"title\":\"\xff\xfe 无效\",\"due_date\":\"2027-01-31\",\"department\":"
                   "\"DH-ZF\"}",
                   400, "invalid_json", NULL, NULL);
    /* overlong "/" and a lone surrogate */
    CREATE_REFUSED(
        "{\"title\":\"ab\xc0\xaf\",\"due_date\":\"2027-01-31\",\"department\":\"DH-ZF\"}", 400,
        "invalid_json", NULL, NULL);
    CREATE_REFUSED("{\"title\":\"ab\xed\xa0\x80\",\"due_date\":\"2027-01-31\",\"department\":"
                   "\"DH-ZF\"}",
                   400, "invalid_json", NULL, NULL);
    /* a cut multi-byte character */
    CREATE_REFUSED(
        "{\"title\":\"任\xe5\x8a\",\"due_date\":\"2027-01-31\",\"department\":\"DH-ZF\"}", 400,
        "invalid_json", NULL, NULL);
    /* in a key */
    CREATE_REFUSED("{\"ti\xfftle\":\"x\"}", 400, "invalid_json", NULL, NULL);
    /* escaped NUL and a raw NUL byte */
    CREATE_REFUSED("{\"title\":\"a\\u0000b\",\"due_date\":\"2027-01-31\",\"department\":"
                   "\"DH-ZF\"}",
                   400, "invalid_json", NULL, NULL);
    static const char nul[] =
        "{\"title\":\"a\0b\",\"due_date\":\"2027-01-31\",\"department\":\"DH-ZF\"}";
    refused_(__FILE__, __LINE__, "POST", "/api/v1/tasks", "application/json", nul, sizeof nul - 1,
             400, "invalid_json", NULL, NULL);
    /* a lone escaped surrogate */
    CREATE_REFUSED("{\"title\":\"a\\ud800b\",\"due_date\":\"2027-01-31\",\"department\":"
                   "\"DH-ZF\"}",
                   400, "invalid_json", NULL, NULL);
}

static void test_invalid_utf8_in_url(void)
{
    REFUSED("GET", "/api/v1/tasks?q=%FF%FE", NULL, 400, "bad_request", NULL, NULL);
    REFUSED("GET", "/api/v1/tasks?q=\xe4\xbb", NULL, 400, "bad_request", NULL, NULL);
    REFUSED("GET", "/api/v1/tasks?%FF=1", NULL, 400, "bad_request", NULL, NULL);
    REFUSED("GET", "/api/v1/tasks/%FF", NULL, 400, "bad_request", NULL, NULL);
    REFUSED("GET", "/api/v1/tasks?q=%C0%AF", NULL, 400, "bad_request", NULL, NULL);
    /* a NUL ends the decoded path: no such route */
    REFUSED("GET", "/api/v1/ta%00sks", NULL, 404, NULL, NULL, NULL);
    /* a valid percent-encoded query works */
    struct resp *r = get(&dh, tprintf("/api/v1/tasks?q=%s", urlenc("普法")));
    CHECK_INT(r->status, 200);
}

static void test_unknown_field_is_named(void)
{
    struct resp *r =
        CREATE_REFUSED(task_with("colour", "\"red\""), 422, "validation_failed", NULL, "colour");
    (void)r;
    /* fields a client may not write: system fields, the id, the status */
    CREATE_REFUSED(task_with("assigned_on", "\"2026-11-27\""), 422, "validation_failed",
                   "assigned_on", NULL);
    CREATE_REFUSED(task_with("status", "\"done\""), 422, "validation_failed", NULL, "status");
    CREATE_REFUSED(task_with("id", "7"), 422, "validation_failed", NULL, NULL);
    CREATE_REFUSED(task_with("version", "1"), 422, "validation_failed", NULL, NULL);
    /* and on update */
    int64_t id = db_int("SELECT id FROM tasks WHERE status = 'draft' AND org_id = (SELECT id "
                        "FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    REFUSED("PATCH", tprintf("/api/v1/tasks/%lld", (long long)id), "{\"colour\":\"red\"}", 422,
            "validation_failed", NULL, "colour");
    REFUSED("PATCH", tprintf("/api/v1/tasks/%lld", (long long)id),
            "{\"completed_on\":\"2026-11-27\"}", 422, "validation_failed", "completed_on", NULL);
}

static void test_wrong_types(void)
{
    CREATE_REFUSED(task_with("title", "12345"), 422, "validation_failed", "title", NULL);
    CREATE_REFUSED(task_with("title", "true"), 422, "validation_failed", "title", NULL);
    CREATE_REFUSED(task_with("title", "[\"a\",\"b\"]"), 422, "validation_failed", "title", NULL);
    CREATE_REFUSED(task_with("title", "null"), 422, "validation_failed", "title", NULL);
    CREATE_REFUSED(task_with("due_date", "\"tomorrow\""), 422, "validation_failed", "due_date",
                   NULL);
    CREATE_REFUSED(task_with("due_date", "\"2025-02-29\""), 422, "validation_failed", "due_date",
                   NULL);
    CREATE_REFUSED(task_with("due_date", "\"2027-13-01\""), 422, "validation_failed", "due_date",
                   NULL);
    CREATE_REFUSED(task_with("due_date", "\"2027-1-5\""), 422, "validation_failed", "due_date",
                   NULL);
    CREATE_REFUSED(task_with("due_date", "\"2027-01-31T00:00:00Z\""), 422, "validation_failed",
                   "due_date", NULL);
    CREATE_REFUSED(task_with("due_date", "20270131"), 422, "validation_failed", "due_date", NULL);
    CREATE_REFUSED(task_with("due_date", "\"9999-01-01\""), 422, "validation_failed", "due_date",
                   NULL);
    CREATE_REFUSED(task_with("category", "\"astrology\""), 422, "validation_failed", "category",
                   NULL);
    CREATE_REFUSED(task_with("category", "3"), 422, "validation_failed", "category", NULL);
    CREATE_REFUSED(task_with("partners", "\"DH-SQ1\""), 422, "validation_failed", "partners", NULL);
    CREATE_REFUSED(task_with("partners", "[5]"), 422, "validation_failed", "partners", NULL);
    CREATE_REFUSED(task_with("partners", "[\"DH-SQ1\",\"DH-SQ1\"]"), 422, "validation_failed",
                   "partners", NULL);
    CREATE_REFUSED(task_with("partners", "[\"NO-SUCH\"]"), 422, "validation_failed", "partners",
                   NULL);
    CREATE_REFUSED(task_with("description", "{\"a\":1}"), 422, "validation_failed", "description",
                   NULL);
    CREATE_REFUSED(task_with("department", "5"), 422, "validation_failed", "department", NULL);
    CREATE_REFUSED(task_with("department", "\"NO-SUCH\""), 422, "validation_failed", "department",
                   NULL);
    /* a subdistrict is not a unit a task can be given to */
    CREATE_REFUSED(task_with("department", "\"DH\""), 422, "validation_failed", "department", NULL);
    /* required fields */
    CREATE_REFUSED("{\"title\":\"没有期限\",\"department\":\"DH-ZF\"}", 422, "validation_failed",
                   "due_date", NULL);
    CREATE_REFUSED("{\"title\":\"没有单位\",\"due_date\":\"2027-01-31\"}", 422, "validation_failed",
                   "department", NULL);
    CREATE_REFUSED("{}", 422, "validation_failed", NULL, NULL);
}

static void test_title_length_in_characters(void)
{
    char t[512] = "";
    for (int i = 0; i < 101; i++)
        snprintf(t + strlen(t), sizeof t - strlen(t), "法");
    CREATE_REFUSED(task_with("title", tprintf("\"%s\"", t)), 422, "validation_failed", "title",
                   "100");
    CREATE_REFUSED(task_with("title", "\"法\""), 422, "validation_failed", "title", NULL);
    CREATE_REFUSED(task_with("title", "\"   \""), 422, "validation_failed", "title", NULL);
    CREATE_REFUSED(task_with("title", "\"\\u3000\\u3000\""), 422, "validation_failed", "title",
                   NULL);
    /* 100 characters (300 bytes) is fine; surrounding spaces do not count */
    t[strlen(t) - 3] = '\0';
    struct counts before = counts_now();
    struct resp *r = api(&dh, "POST", "/api/v1/tasks", task_with("title", tprintf("\"  %s \"", t)));
    CHECK_INT(r->status, 201);
    CHECK_STR(jstr(r->json, "title"), t);
    struct counts after = counts_now();
    CHECK_INT(after.tasks, before.tasks + 1);
    CHECK_INT(
        db_int("SELECT length(title) FROM tasks WHERE id = %lld", (long long)jint(r->json, "id")),
        100);
}

static void test_control_characters(void)
{
    static const char *const bad[] = {"\"a\\u0007b\"", "\"a\\tb\"",     "\"第一行\\n第二行\"",
                                      "\"a\\rb\"",     "\"a\\u007fb\"", "\"a\\u0085b\"",
                                      "\"a\\u001bb\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CREATE_REFUSED(task_with("title", bad[i]), 422, "validation_failed", "title", NULL);
    /* a long text may hold line breaks and tabs, but no other controls */
    CREATE_REFUSED(task_with("description", "\"a\\u0007b\""), 422, "validation_failed",
                   "description", NULL);
    struct resp *r =
        api(&dh, "POST", "/api/v1/tasks", task_with("description", "\"第一行\\n\\t第二行\""));
    CHECK_INT(r->status, 201);
}

static void test_json_shape(void)
{
    CREATE_REFUSED("{\"title\":\"重复键\",\"title\":\"重复键二\",\"due_date\":\"2027-01-31\","
                   "\"department\":\"DH-ZF\"}",
                   400, "invalid_json", NULL, NULL);
    CREATE_REFUSED("[{\"title\":\"数组\",\"due_date\":\"2027-01-31\",\"department\":\"DH-ZF\"}]",
                   422, "validation_failed", NULL, NULL);
    /* a bare scalar is not even a JSON document to the parser */
    CREATE_REFUSED("\"just a string\"", 400, "invalid_json", NULL, NULL);
    CREATE_REFUSED("42", 400, "invalid_json", NULL, NULL);
    CREATE_REFUSED("null", 400, "invalid_json", NULL, NULL);
    /* nesting far deeper than any parser should follow */
    size_t depth = 100000;
    char *deep = arena_alloc(t_arena(), depth + 1);
    memset(deep, '[', depth);
    CREATE_REFUSED(deep, 400, "invalid_json", NULL, NULL);
    /* too many members */
    char many[8192] = "{";
    for (int i = 0; i < 150; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many), "%s\"k%d\":%d", i ? "," : "", i,
                 i);
    snprintf(many + strlen(many), sizeof many - strlen(many), "}");
    CREATE_REFUSED(many, 422, "validation_failed", NULL, NULL);
    /* numbers out of every range */
    CREATE_REFUSED("{\"title\":1e999,\"due_date\":\"2027-01-31\",\"department\":\"DH-ZF\"}", 400,
                   "invalid_json", NULL, NULL);
    CREATE_REFUSED("{\"title\":99999999999999999999999}", 400, "invalid_json", NULL, NULL);
}

static void test_wrong_content_type(void)
{
    const char *body = task_with("title", "\"内容类型错误\"");
    refused_(__FILE__, __LINE__, "POST", "/api/v1/tasks", "text/plain", body, 0, 415,
             "unsupported_media_type", NULL, NULL);
    refused_(__FILE__, __LINE__, "POST", "/api/v1/tasks", NULL, body, 0, 415,
             "unsupported_media_type", NULL, NULL);
    refused_(__FILE__, __LINE__, "POST", "/api/v1/tasks", "application/x-www-form-urlencoded",
             "title=x&due_date=2027-01-31&department=DH-ZF", 0, 415, "unsupported_media_type", NULL,
             NULL);
    int64_t id = db_int("SELECT id FROM tasks WHERE status = 'draft' AND org_id = (SELECT id "
                        "FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    refused_(__FILE__, __LINE__, "PATCH", tprintf("/api/v1/tasks/%lld", (long long)id),
             "text/plain", "{\"title\":\"x\"}", 0, 415, "unsupported_media_type", NULL, NULL);
    /* a charset parameter is fine */
    struct req_opts o = {.content_type = "application/json; charset=utf-8", .body = body};
    struct resp *r = http_req(&dh, "POST", "/api/v1/tasks", &o);
    CHECK_INT(r->status, 201);
}

static void test_bad_query_parameters(void)
{
    REFUSED("GET", "/api/v1/tasks?per_page=0", NULL, 400, "bad_request", "per_page", "per_page");
    REFUSED("GET", "/api/v1/tasks?per_page=10000", NULL, 400, "bad_request", "per_page",
            "per_page");
    REFUSED("GET", "/api/v1/tasks?per_page=-5", NULL, 400, "bad_request", "per_page", NULL);
    REFUSED("GET", "/api/v1/tasks?per_page=abc", NULL, 400, "bad_request", "per_page", NULL);
    REFUSED("GET", "/api/v1/tasks?page=-1", NULL, 400, "bad_request", "page", "page");
    REFUSED("GET", "/api/v1/tasks?page=0", NULL, 400, "bad_request", "page", NULL);
    REFUSED("GET", "/api/v1/tasks?page=1.5", NULL, 400, "bad_request", "page", NULL);
    REFUSED("GET", "/api/v1/tasks?page=99999999999999999999", NULL, 400, "bad_request", "page",
            NULL);
    REFUSED("GET", "/api/v1/tasks?sort=nonexistent", NULL, 400, "bad_request", "sort", "sort");
    REFUSED("GET", "/api/v1/tasks?sort=-", NULL, 400, "bad_request", "sort", NULL);
    REFUSED("GET", "/api/v1/tasks?colour=red", NULL, 400, "bad_request", "colour", "colour");
    REFUSED("GET", "/api/v1/tasks?status=finished", NULL, 400, "bad_request", "status", NULL);
    REFUSED("GET", "/api/v1/tasks?category=astrology", NULL, 400, "bad_request", "category", NULL);
    /* a field that exists but is no filter */
    REFUSED("GET", "/api/v1/tasks?description=x", NULL, 400, "bad_request", "description", NULL);
    /* too many parameters */
    char q[2048] = "/api/v1/tasks?";
    for (int i = 0; i < 70; i++)
        snprintf(q + strlen(q), sizeof q - strlen(q), "%sq=%d", i ? "&" : "", i);
    REFUSED("GET", q, NULL, 400, "bad_request", NULL, NULL);
}

/* Another subdistrict's units, files and tasks cannot be reached through references. */
static void test_cross_tenant_references(void)
{
    /* a task placed at the other subdistrict's department is a refused create: 403, audited
     * as a refusal, and no task */
    struct counts before = counts_now();
    int64_t audit0 = audit_max_id();
    struct resp *r = api(&dh, "POST", "/api/v1/tasks", task_with("department", "\"XL-ZF\""));
    CHECK_INT(r->status, 403);
    CHECK_STR(err_code_of(r), "forbidden");
    struct counts after = counts_now();
    CHECK_INT(after.tasks, before.tasks);
    CHECK_INT(after.links, before.links);
    CHECK_INT(audit_count_since(audit0, "tasks.create.refused"), 1);
    CHECK_INT(after.audit, before.audit + 1);
    /* the district's own department too */
    r = api(&dh, "POST", "/api/v1/tasks", task_with("department", "\"QC-SFJ\""));
    CHECK_INT(r->status, 403);
    CHECK_INT(db_int("SELECT COUNT(*) FROM tasks"), before.tasks);

    /* as a partner: 422, nothing written */
    CREATE_REFUSED(task_with("partners", "[\"DH-SQ1\",\"XL-SQ1\"]"), 422, "validation_failed",
                   "partners", NULL);
    /* moving one of ours there */
    int64_t id = db_int("SELECT id FROM tasks WHERE status = 'draft' AND org_id = (SELECT id "
                        "FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    REFUSED("PATCH", tprintf("/api/v1/tasks/%lld", (long long)id), "{\"department\":\"XL-ZF\"}",
            422, "validation_failed", "department", NULL);
    REFUSED("PATCH", tprintf("/api/v1/tasks/%lld", (long long)id), "{\"partners\":[\"XL-ZF\"]}",
            422, "validation_failed", "partners", NULL);

    /* the other subdistrict's file as an attachment */
    struct browser xl = {0};
    CHECK(signin(&xl, "xl.staff"));
    struct req_opts up = {
        .content_type = "application/pdf", .body = "%PDF-1.4 xl secret", .body_len = 18};
    r = http_req(&xl, "POST", "/api/v1/files?name=xl.pdf", &up);
    CHECK_INT(r->status, 201);
    int64_t xl_file = jint(r->json, "id");
    int64_t task = db_int("SELECT id FROM tasks WHERE status = 'in_progress' AND org_id = "
                          "(SELECT id FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    REFUSED("POST", "/api/v1/progress_reports",
            tprintf("{\"task\":%lld,\"percent\":50,\"content\":\"附上别人的文件\","
                    "\"attachments\":[%lld]}",
                    (long long)task, (long long)xl_file),
            422, "validation_failed", "attachments", NULL);
    REFUSED("POST", "/api/v1/progress_reports",
            tprintf("{\"task\":%lld,\"percent\":50,\"content\":\"不存在的文件\","
                    "\"attachments\":[99999999]}",
                    (long long)task),
            422, "validation_failed", "attachments", NULL);
    /* nor can the file itself be read */
    CHECK_INT(get(&dh, tprintf("/api/v1/files/%lld", (long long)xl_file))->status, 404);
    CHECK_INT(get(&dh, tprintf("/api/v1/files/%lld/content", (long long)xl_file))->status, 404);

    /* a progress report on the other subdistrict's task */
    int64_t xl_task = db_int("SELECT id FROM tasks WHERE status = 'in_progress' AND org_id = "
                             "(SELECT id FROM orgs WHERE code = 'XL') ORDER BY id LIMIT 1");
    r = REFUSED("POST", "/api/v1/progress_reports",
                tprintf("{\"task\":%lld,\"percent\":50,\"content\":\"替西岭报告进展\"}",
                        (long long)xl_task),
                422, "validation_failed", "task", NULL);
    CHECK(!strstr(r->body, "西岭街道"));
    REFUSED("POST", "/api/v1/supervision_checks",
            tprintf("{\"task\":%lld,\"checked_on\":\"2026-11-20\",\"result\":\"satisfactory\","
                    "\"findings\":\"替西岭检查\"}",
                    (long long)xl_task),
            422, "validation_failed", "task", NULL);
    REFUSED("POST", "/api/v1/progress_reports",
            "{\"task\":99999999,\"percent\":50,\"content\":\"不存在的任务\"}", 422,
            "validation_failed", "task", NULL);
    REFUSED("POST", "/api/v1/progress_reports",
            "{\"task\":\"1\",\"percent\":50,\"content\":\"编号是字符串\"}", 422,
            "validation_failed", "task", NULL);
    /* the other subdistrict's reports are not listed under its task id either */
    r = get(&dh, tprintf("/api/v1/progress_reports?task=%lld", (long long)xl_task));
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "total"), 0);
}

static void test_bad_paths_and_methods(void)
{
    REFUSED("GET", "/api/v1/tasks/abc", NULL, 404, "not_found", NULL, NULL);
    REFUSED("GET", "/api/v1/tasks/0", NULL, 404, "not_found", NULL, NULL);
    REFUSED("GET", "/api/v1/tasks/-1", NULL, 404, "not_found", NULL, NULL);
    REFUSED("GET", "/api/v1/tasks/99999999999999999999", NULL, 404, "not_found", NULL, NULL);
    REFUSED("GET", "/api/v1/tasks/99999999", NULL, 404, "not_found", NULL, NULL);
    REFUSED("GET", "/api/v1/nothing", NULL, 404, "not_found", NULL, NULL);
    REFUSED("GET", "/api/v1/tasks/1/2/3/4/5/6/7/8/9", NULL, 404, "not_found", NULL, NULL);
    int64_t id = db_int("SELECT id FROM tasks WHERE status = 'draft' AND org_id = (SELECT id "
                        "FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    REFUSED("POST", tprintf("/api/v1/tasks/%lld/transitions/explode", (long long)id), "{}", 404,
            "not_found", NULL, NULL);
    REFUSED("POST", tprintf("/api/v1/tasks/%lld/transitions/assign", (long long)id), "[]", 422,
            "validation_failed", NULL, NULL);
    REFUSED("POST", tprintf("/api/v1/tasks/%lld/transitions/assign", (long long)id),
            "{\"note\":\"x\",\"extra\":1}", 422, "validation_failed", NULL, "extra");
    REFUSED("PUT", "/api/v1/tasks", "{}", 405, "method_not_allowed", NULL, NULL);
    REFUSED("DELETE", tprintf("/api/v1/tasks/%lld", (long long)id), NULL, 405, "method_not_allowed",
            NULL, NULL);
}

/* Malformed HTTP itself: the server answers or hangs up, and keeps serving. */
static void test_malformed_http(void)
{
    struct counts before = counts_now();
    static const char *const raw[] = {
        "BLAH\r\n\r\n",
        "GET\r\n\r\n",
        "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n",
        "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
        "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "GET /api/v1/tasks HTTP/1.1\r\nHost: x\r\nCookie: fz_session=\xff\xfe\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
        struct resp *r = http_raw(raw[i], strlen(raw[i]));
        CHECK(r->status == 0 || (r->status >= 400 && r->status < 500) || r->status == 505);
        CHECK(server_healthy());
    }
    /* binary bytes, as a TLS ClientHello on the plain port would send (ended by a blank
     * line: libmicrohttpd waits for the end of a request line until its idle timeout, even
     * after the client has half-closed) */
    static const char tls[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n";
    struct resp *t = http_raw(tls, sizeof tls - 1);
    CHECK(t->status == 0 || (t->status >= 400 && t->status < 500));
    CHECK(server_healthy());
    /* a very long URL and a very long header */
    size_t n = 200000;
    char *big = arena_alloc(t_arena(), n + 64);
    memcpy(big, "GET /api/v1/tasks?q=", 20);
    memset(big + 20, 'a', n);
    memcpy(big + 20 + n, " HTTP/1.1\r\nHost: x\r\n\r\n", 23);
    struct resp *r = http_raw(big, 20 + n + 23);
    CHECK(r->status == 0 || (r->status >= 400 && r->status < 500));
    CHECK(server_healthy());
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
}

void suite_bad_input(void)
{
    memset(&dh, 0, sizeof dh);
    RUN(setup);
    RUN(test_body_over_1mib_is_413);
    RUN(test_invalid_utf8_in_json);
    RUN(test_invalid_utf8_in_url);
    RUN(test_unknown_field_is_named);
    RUN(test_wrong_types);
    RUN(test_title_length_in_characters);
    RUN(test_control_characters);
    RUN(test_json_shape);
    RUN(test_wrong_content_type);
    RUN(test_bad_query_parameters);
    RUN(test_cross_tenant_references);
    RUN(test_bad_paths_and_methods);
    RUN(test_malformed_http);
}
