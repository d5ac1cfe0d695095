/* test_html.c — the staff web app (/app): redirect to sign-in, the sign-in form with its
 * pre-session token, CSRF on form posts, escaping of user text, sign-out, and that a refused
 * form write is audited like the same write over the API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/t.h"
#include "harness.h"
#include "core/banned.h"

/* The value attribute of the hidden input named name in an HTML page (arena string). */
static const char *hidden_value(const char *html, const char *name)
{
    const char *p = strstr(html, tprintf("name=\"%s\" value=\"", name));
    if (!p)
        return NULL;
    p = strstr(p, "value=\"");
    if (!p)
        return NULL;
    p += 7;
    size_t n = strcspn(p, "\"");
    return arena_strndup(t_arena(), p, n);
}

/* Signs b in through the form, as a person would. */
static bool form_signin(struct browser *b, const char *user, const char *next)
{
    struct resp *r = get(b, "/app/signin");
    const char *pre = hidden_value(r->body, "_pre");
    if (r->status != 200 || !pre)
        return false;
    r = form_post(b, "/app/signin",
                  tprintf("_pre=%s&username=%s&password=%s&next=%s", urlenc(pre), urlenc(user),
                          urlenc(DEMO_PASSWORD_TEXT), urlenc(next ? next : "/app")));
    return r->status == 303 && jar_get(b, "fz_session");
}

static void test_app_redirects_to_signin(void)
{
    struct resp *r = get(NULL, "/app");
    CHECK_INT(r->status, 303);
    const char *loc = resp_header_value(r, "Location");
    CHECK(loc && strncmp(loc, "/app/signin", 11) == 0);
    r = get(NULL, "/app/tasks?status=draft");
    CHECK_INT(r->status, 303);
    CHECK_CONTAINS(resp_header_value(r, "Location"), "/app/signin?next=");
    /* a write without a session goes nowhere either */
    struct counts before = counts_now();
    r = form_post(NULL, "/app/tasks", "title=x&department=DH-ZF&due_date=2027-01-31");
    CHECK_INT(r->status, 303);
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
}

static void test_signin_form_flow(void)
{
    struct browser b = {0};
    struct resp *r = get(&b, "/app/signin");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(resp_header_value(r, "Content-Type"), "text/html");
    const char *sc = resp_header_value(r, "Set-Cookie");
    CHECK(sc && strncmp(sc, "fz_pre=", 7) == 0);
    CHECK_CONTAINS(sc, "HttpOnly");
    CHECK_CONTAINS(sc, "SameSite=Strict");
    const char *pre = hidden_value(r->body, "_pre");
    CHECK(pre && jar_get(&b, "fz_pre") && strcmp(pre, jar_get(&b, "fz_pre")) == 0);
    CHECK_STR(resp_header_value(r, "X-Frame-Options"), "DENY");
    CHECK_CONTAINS(resp_header_value(r, "Content-Security-Policy"), "default-src 'self'");

    int64_t sessions = db_int("SELECT COUNT(*) FROM sessions");
    r = form_post(&b, "/app/signin",
                  tprintf("_pre=%s&username=dh.staff&password=%s&next=%s", urlenc(pre ? pre : ""),
                          DEMO_PASSWORD_TEXT, urlenc("/app/tasks")));
    CHECK_INT(r->status, 303);
    CHECK_STR(resp_header_value(r, "Location"), "/app/tasks");
    /* the session is Lax (links from elsewhere land signed in); fz_pre stays Strict */
    for (int i = 0; resp_header_nth(r, "Set-Cookie", i); i++) {
        const char *c = resp_header_nth(r, "Set-Cookie", i);
        CHECK_CONTAINS(c, strncmp(c, "fz_session=", 11) == 0 ? "SameSite=Lax" : "SameSite=Strict");
    }
    const char *cookie = jar_get(&b, "fz_session");
    CHECK(cookie && strlen(cookie) >= 40);
    CHECK(jar_get(&b, "fz_pre") == NULL); /* the pre-session token is spent */
    CHECK_INT(db_int("SELECT COUNT(*) FROM sessions"), sessions + 1);
    r = get(&b, "/app");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "李晓梅");
    /* the same session works for the API */
    r = get(&b, "/api/v1/session");
    CHECK_INT(r->status, 200);
}

static void test_signin_form_refusals(void)
{
    struct browser b = {0};
    struct resp *r = get(&b, "/app/signin");
    const char *pre = hidden_value(r->body, "_pre");
    CHECK(pre != NULL);
    int64_t sessions = db_int("SELECT COUNT(*) FROM sessions");
    /* no fz_pre cookie (another browser, or a forged cross-site post) */
    struct browser bare = {0};
    r = form_post(&bare, "/app/signin",
                  tprintf("_pre=%s&username=dh.staff&password=%s", urlenc(pre ? pre : ""),
                          DEMO_PASSWORD_TEXT));
    CHECK_INT(r->status, 403);
    CHECK(jar_get(&bare, "fz_session") == NULL);
    /* a _pre that does not match the cookie, or none */
    r = form_post(&b, "/app/signin",
                  tprintf("_pre=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&username=dh.staff&password=%s",
                          DEMO_PASSWORD_TEXT));
    CHECK_INT(r->status, 403);
    r = get(&b, "/app/signin"); /* a fresh fz_pre cookie, and no _pre field sent */
    r = form_post(&b, "/app/signin", tprintf("username=dh.staff&password=%s", DEMO_PASSWORD_TEXT));
    CHECK_INT(r->status, 403);
    CHECK(jar_get(&b, "fz_session") == NULL);
    /* a wrong password: 401, and the typed username comes back escaped */
    r = get(&b, "/app/signin");
    pre = hidden_value(r->body, "_pre");
    r = form_post(&b, "/app/signin",
                  tprintf("_pre=%s&username=%s&password=wrong", urlenc(pre ? pre : ""),
                          urlenc("\"><script>alert(2)</script>")));
    CHECK_INT(r->status, 401);
    CHECK(strstr(r->body, "<script>alert(2)") == NULL);
    CHECK_CONTAINS(r->body, "&lt;script&gt;alert(2)");
    CHECK(jar_get(&b, "fz_session") == NULL);
    CHECK_INT(db_int("SELECT COUNT(*) FROM sessions"), sessions);
    /* no open redirect after sign-in */
    static const char *const nexts[] = {"//evil.example/", "https://evil.example/",
                                        "/app//evil.example", "/application", "/\\evil.example"};
    for (size_t i = 0; i < sizeof nexts / sizeof nexts[0]; i++) {
        struct browser c = {0};
        r = get(&c, "/app/signin");
        pre = hidden_value(r->body, "_pre");
        r = form_post(&c, "/app/signin",
                      tprintf("_pre=%s&username=dh.staff&password=%s&next=%s",
                              urlenc(pre ? pre : ""), DEMO_PASSWORD_TEXT, urlenc(nexts[i])));
        CHECK_INT(r->status, 303);
        CHECK_STR(resp_header_value(r, "Location"), "/app");
    }
}

static void test_form_post_needs_csrf(void)
{
    struct browser b = {0};
    CHECK(form_signin(&b, "dh.staff", NULL));
    struct counts before = counts_now();
    struct resp *r = form_post(&b, "/app/tasks",
                               "title="
                               "%E6%B2%A1%E6%9C%89%E4%BB%A4%E7%89%8C"
                               "&department=DH-ZF&due_date=2027-01-31");
    CHECK_INT(r->status, 403);
    r = form_post(&b, "/app/tasks",
                  "_csrf=wrong-token&title=abc&department=DH-ZF&due_date=2027-01-31");
    CHECK_INT(r->status, 403);
    /* a multipart form without it */
    struct req_opts o = {
        .content_type = "multipart/form-data; boundary=XyZ",
        .body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nabc\r\n"
                "--XyZ\r\nContent-Disposition: form-data; name=\"department\"\r\n\r\nDH-ZF\r\n"
                "--XyZ\r\nContent-Disposition: form-data; name=\"due_date\"\r\n\r\n2027-01-31\r\n"
                "--XyZ--\r\n"};
    r = http_req(&b, "POST", "/app/tasks", &o);
    CHECK_INT(r->status, 403);
    int64_t id = db_int("SELECT id FROM tasks WHERE status = 'draft' AND org_id = (SELECT id "
                        "FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    const char *row = task_row(id);
    r = form_post(&b, tprintf("/app/tasks/%lld/transitions/cancel", (long long)id),
                  "reason=%E6%92%A4%E9%94%80%E5%AE%83");
    CHECK_INT(r->status, 403);
    r = form_post(&b, "/app/signout", "");
    CHECK_INT(r->status, 403);
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
    CHECK_STR(task_row(id), row);

    /* the token from the page makes the same post work */
    r = get(&b, "/app/tasks/new");
    CHECK_INT(r->status, 200);
    const char *csrf = hidden_value(r->body, "_csrf");
    CHECK(csrf != NULL);
    r = form_post(&b, "/app/tasks",
                  tprintf("_csrf=%s&title=%s&department=DH-ZF&due_date=2027-01-31&partners=DH-SQ1"
                          "&partners=DH-SQ2",
                          urlenc(csrf ? csrf : ""), urlenc("表单新建的任务")));
    CHECK_INT(r->status, 303);
    CHECK_CONTAINS(resp_header_value(r, "Location"), "/app/tasks/");
    CHECK_INT(db_int("SELECT COUNT(*) FROM tasks"), before.tasks + 1);
    CHECK_INT(db_int("SELECT COUNT(*) FROM record_links l JOIN tasks t ON t.id = l.record_id "
                     "WHERE l.entity = 'tasks' AND t.title = '表单新建的任务'"),
              2);
    /* and signs out */
    r = form_post(&b, "/app/signout", tprintf("_csrf=%s", urlenc(csrf ? csrf : "")));
    CHECK_INT(r->status, 303);
    CHECK_INT(get(&b, "/app")->status, 303);
}

/* Malformed form bodies (with a valid token in the header) are 400 and write nothing. */
static void test_malformed_forms(void)
{
    struct browser b = {0};
    CHECK(form_signin(&b, "dh.staff", NULL));
    struct resp *r = get(&b, "/app/tasks/new");
    const char *csrf = hidden_value(r->body, "_csrf");
    CHECK(csrf != NULL);
    snprintf(b.csrf, sizeof b.csrf, "%s", csrf ? csrf : "");
    struct counts before = counts_now();
    static const char *const bodies[] = {
        "title=%ZZ&department=DH-ZF&due_date=2027-01-31",
        "title=%E4%BB&department=DH-ZF&due_date=2027-01-31", /* cut UTF-8 */
        "title=a%00b&department=DH-ZF&due_date=2027-01-31",  /* NUL */
        "title=ab%&department=DH-ZF&due_date=2027-01-31",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        r = form_post(&b, "/app/tasks", bodies[i]);
        CHECK_INT(r->status, 400);
        CHECK(strstr(r->body, "<html") != NULL || r->json != NULL);
    }
    static const char *const multiparts[] = {
        "no delimiter at all",
        "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nnever closed",
        "--XyZ\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--XyZ--\r\n",
        "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n\xff\xfe\r\n--XyZ--\r\n",
    };
    for (size_t i = 0; i < sizeof multiparts / sizeof multiparts[0]; i++) {
        struct req_opts o = {.content_type = "multipart/form-data; boundary=XyZ",
                             .body = multiparts[i]};
        r = http_req(&b, "POST", "/app/tasks", &o);
        CHECK_INT(r->status, 400);
    }
    /* a multipart form without a boundary */
    struct req_opts o = {.content_type = "multipart/form-data", .body = "title=x"};
    r = http_req(&b, "POST", "/app/tasks", &o);
    CHECK_INT(r->status, 400);
    CHECK(server_healthy());
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
}

/* User text is escaped everywhere it is shown: list, detail, and the API's own JSON. */
static void test_html_escaping(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    int64_t id = make_task(&b, "<script>alert(1)</script>", "DH-ZF", "2027-02-01");
    int64_t id2 = make_task(&b, "\"><img src=x onerror=alert(3)>", "DH-ZF", "2027-02-02");
    CHECK(id > 0 && id2 > 0);
    struct resp *r = get(&b, tprintf("/app/tasks?q=%s", urlenc("script")));
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK(strstr(r->body, "<script>alert(1)") == NULL);
    r = get(&b, "/app/tasks?per_page=200&sort=-id");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK(strstr(r->body, "<script>alert(1)") == NULL);
    CHECK(strstr(r->body, "<img src=x") == NULL);
    r = get(&b, tprintf("/app/tasks/%lld", (long long)id));
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK(strstr(r->body, "<script>alert(1)") == NULL);
    r = get(&b, tprintf("/app/tasks/%lld/edit", (long long)id2));
    CHECK_INT(r->status, 200);
    CHECK(strstr(r->body, "<img src=x") == NULL);
    CHECK(strstr(r->body, "\"><img") == NULL);
    /* the query echoed into the filter form */
    r = get(&b, tprintf("/app/tasks?q=%s", urlenc("\"><b>q</b>")));
    CHECK_INT(r->status, 200);
    CHECK(strstr(r->body, "<b>q</b>") == NULL);
    /* JSON keeps the text as it is */
    r = get(&b, tprintf("/api/v1/tasks/%lld", (long long)id));
    CHECK_STR(jstr(r->json, "title"), "<script>alert(1)</script>");
}

static void test_html_scope_and_export(void)
{
    struct browser dh = {0}, xl = {0};
    CHECK(form_signin(&dh, "dh.staff", NULL));
    CHECK(form_signin(&xl, "xl.staff", NULL));
    int64_t id = db_int("SELECT MIN(id) FROM tasks WHERE org_id = (SELECT id FROM orgs WHERE "
                        "code = 'DH')");
    CHECK_INT(get(&dh, tprintf("/app/tasks/%lld", (long long)id))->status, 200);
    CHECK_INT(get(&xl, tprintf("/app/tasks/%lld", (long long)id))->status, 404);
    CHECK_INT(get(&xl, tprintf("/app/tasks/%lld/edit", (long long)id))->status, 404);
    struct resp *r = get(&dh, "/app/tasks/export.csv");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(resp_header_value(r, "Content-Type"), "text/csv");
    CHECK(strstr(r->body, "西岭") == NULL);
    r = get(&dh, "/app/tasks?sort=nonexistent");
    CHECK_INT(r->status, 400);
    CHECK_INT(get(&dh, "/app/nothing-here")->status, 404);
    CHECK_INT(get(NULL, "/")->status, 200);
}

/* A refused form write is on the record exactly as the same write over the API is. */
static void test_form_refusal_is_audited(void)
{
    struct browser b = {0};
    CHECK(form_signin(&b, "dh.grid1", NULL));
    struct resp *r = get(&b, "/app");
    const char *csrf = hidden_value(r->body, "_csrf");
    CHECK(csrf != NULL);
    struct counts before = counts_now();
    int64_t audit0 = audit_max_id();
    r = form_post(&b, "/app/tasks",
                  tprintf("_csrf=%s&title=%s&department=DH-SQ1&due_date=2027-01-31",
                          urlenc(csrf ? csrf : ""), urlenc("网格员用表单建任务")));
    CHECK_INT(r->status, 403);
    struct counts after = counts_now();
    CHECK_INT(after.tasks, before.tasks);
    CHECK_INT(audit_count_since(audit0, "tasks.create.refused"), 1);
}

/* Errors answered before a page handler runs are pages too under /app (a stale form token,
 * a wrong method, a body too large); the API keeps its JSON. */
static void test_app_errors_are_html(void)
{
    struct browser b = {0};
    CHECK(form_signin(&b, "dh.staff", NULL));
    struct counts before = counts_now();
    struct resp *r = form_post(&b, "/app/tasks",
                               "_csrf=stale-token&title=abc&department=DH-ZF&due_date=2027-01-31");
    CHECK_INT(r->status, 403);
    CHECK_CONTAINS(resp_header_value(r, "Content-Type"), "text/html");
    CHECK(r->json == NULL);
    CHECK_CONTAINS(r->body, "安全令牌无效");
    CHECK_CONTAINS(r->body, "name=\"_csrf\""); /* the page's own forms carry a fresh token */
    r = http_req(&b, "DELETE", "/app/tasks", NULL);
    CHECK_INT(r->status, 405);
    CHECK_CONTAINS(resp_header_value(r, "Content-Type"), "text/html");
    CHECK_CONTAINS(resp_header_value(r, "Allow"), "GET");
    CHECK_CONTAINS(r->body, "不支持");
    size_t n = ((size_t)1 << 20) + 10;
    char *big = arena_alloc(t_arena(), n + 1);
    memset(big, 'a', n);
    memcpy(big, "title=", 6);
    r = form_post(&b, "/app/tasks", big);
    CHECK_INT(r->status, 413);
    CHECK_CONTAINS(resp_header_value(r, "Content-Type"), "text/html");
    CHECK_CONTAINS(r->body, "1 MB");
    r = get(&b, "/app/tasks?q=%FF");
    CHECK_INT(r->status, 400);
    CHECK_CONTAINS(resp_header_value(r, "Content-Type"), "text/html");
    /* the API: JSON as before */
    r = api(&b, "POST", "/api/v1/tasks", "{}");
    CHECK_INT(r->status, 403);
    CHECK_STR(err_code_of(r), "csrf_failed");
    r = http_req(&b, "DELETE", "/api/v1/tasks", NULL);
    CHECK_INT(r->status, 405);
    CHECK_STR(err_code_of(r), "method_not_allowed");
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
}

/* The edit form of a record its state locks says so at once (409) instead of failing on save. */
static void test_edit_form_refuses_locked_record(void)
{
    struct browser b = {0};
    CHECK(form_signin(&b, "dh.staff", NULL));
    int64_t done = db_int("SELECT id FROM tasks WHERE status = 'done' AND org_id = (SELECT id "
                          "FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    int64_t cancelled = db_int("SELECT id FROM tasks WHERE status = 'cancelled' AND org_id = "
                               "(SELECT id FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    CHECK(done > 0 && cancelled > 0);
    struct resp *r = get(&b, tprintf("/app/tasks/%lld/edit", (long long)done));
    CHECK_INT(r->status, 409);
    CHECK_CONTAINS(resp_header_value(r, "Content-Type"), "text/html");
    CHECK_CONTAINS(r->body, "已处于“已完成”状态的记录不能修改");
    CHECK(strstr(r->body, "保存修改") == NULL);
    r = get(&b, tprintf("/app/tasks/%lld/edit", (long long)cancelled));
    CHECK_INT(r->status, 409);
    CHECK_CONTAINS(r->body, "已处于“已撤销”状态的记录不能修改");
    /* an open one still opens */
    int64_t open = db_int("SELECT id FROM tasks WHERE status = 'in_progress' AND org_id = "
                          "(SELECT id FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    r = get(&b, tprintf("/app/tasks/%lld/edit", (long long)open));
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "保存修改");
}

/* The file picker offers exactly the types the server stores, by extension and type. */
static void test_upload_picker_lists_allowed_types(void)
{
    struct browser b = {0};
    CHECK(form_signin(&b, "dh.staff", NULL));
    int64_t task = db_int("SELECT id FROM tasks WHERE status = 'in_progress' AND org_id = "
                          "(SELECT id FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    struct resp *r = get(&b, tprintf("/app/progress_reports/new?task=%lld", (long long)task));
    CHECK_INT(r->status, 200);
    const char *p = strstr(r->body, "type=\"file\"");
    p = p ? strstr(p, "accept=\"") : NULL;
    CHECK(p != NULL);
    const char *accept = p ? arena_strndup(t_arena(), p + 8, strcspn(p + 8, "\"")) : "";
    static const char *const wanted[] = {
        ".pdf",
        ".jpg",
        ".jpeg",
        ".png",
        ".webp",
        ".heic",
        ".mp4",
        ".mov",
        ".3gp",
        ".webm",
        ".mp3",
        ".m4a",
        ".amr",
        ".wav",
        ".txt",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/heic",
        "video/mp4",
        "video/quicktime",
        "video/3gpp",
        "video/webm",
        "audio/mpeg",
        "audio/mp4",
        "audio/amr",
        "audio/wav",
        "text/plain",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
        CHECK_CONTAINS(tprintf(",%s,", accept), tprintf(",%s,", wanted[i]));
    /* nothing the server refuses: no wildcards, no GIF, SVG or AVI */
    static const char *const refused[] = {"*", "gif", "svg", "avi", "audio/*", "image/*"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        CHECK(strstr(accept, refused[i]) == NULL);
}

void suite_html(void)
{
    RUN(test_app_redirects_to_signin);
    RUN(test_signin_form_flow);
    RUN(test_signin_form_refusals);
    RUN(test_form_post_needs_csrf);
    RUN(test_malformed_forms);
    RUN(test_html_escaping);
    RUN(test_html_scope_and_export);
    RUN(test_form_refusal_is_audited);
    RUN(test_app_errors_are_html);
    RUN(test_edit_form_refuses_locked_record);
    RUN(test_upload_picker_lists_allowed_types);
}
