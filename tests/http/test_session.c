/* test_session.c — sign-in, sessions, sign-out, throttling and API tokens over the JSON API.
 *
 * Failed sign-ins also count against the client address (20 per window, and the clock is
 * pinned), so the whole HTTP suite stays well below that: this file makes 7 of them and
 * test_html.c one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/t.h"
#include "harness.h"
#include "core/banned.h"

static struct resp *signin_as(struct browser *b, const char *user, const char *password)
{
    return api(b, "POST", "/api/v1/session",
               tprintf("{\"username\":\"%s\",\"password\":\"%s\"}", user, password));
}

/* The first step: 201, a CSRF token, and a session cookie that scripts cannot read
 * and other sites send only on top-level navigation (SameSite=Lax: a link from an e-mail lands
 * signed in; writes need the CSRF token). */
static void test_signin_sets_session(void)
{
    struct browser b = {0};
    int64_t sessions = db_int("SELECT COUNT(*) FROM sessions");
    int64_t audit0 = audit_max_id();
    struct resp *r = signin_as(&b, "dh.staff", DEMO_PASSWORD_TEXT);
    CHECK_INT(r->status, 201);
    const char *csrf = jstr(r->json, "csrf_token");
    CHECK(csrf && strlen(csrf) >= 40);
    json_t *user = r->json ? json_object_get(r->json, "user") : NULL;
    CHECK_STR(jstr(user, "username"), "dh.staff");
    const char *cookie = resp_header_value(r, "Set-Cookie");
    CHECK(cookie != NULL);
    CHECK(cookie && strncmp(cookie, "fz_session=", 11) == 0);
    CHECK_CONTAINS(cookie, "HttpOnly");
    CHECK_CONTAINS(cookie, "SameSite=Lax");
    CHECK(cookie && !strstr(cookie, "Strict"));
    CHECK_CONTAINS(cookie, "Path=/");
    CHECK(jar_get(&b, "fz_session") && strlen(jar_get(&b, "fz_session")) >= 40);
    /* the secret is stored only as its hash */
    CHECK_INT(db_int("SELECT COUNT(*) FROM sessions"), sessions + 1);
    CHECK_INT(db_int("SELECT COUNT(*) FROM sessions WHERE token_hash = '%s'",
                     jar_get(&b, "fz_session") ? jar_get(&b, "fz_session") : ""),
              0);
    CHECK_INT(audit_count_since(audit0, "session.signin"), 1);

    r = get(&b, "/api/v1/session");
    CHECK_INT(r->status, 200);
    user = r->json ? json_object_get(r->json, "user") : NULL;
    CHECK_STR(jstr(user, "username"), "dh.staff");
    CHECK_STR(jstr(r->json, "csrf_token"), csrf ? csrf : "?");
}

static void test_no_session_is_401(void)
{
    struct resp *r = get(NULL, "/api/v1/session");
    CHECK_INT(r->status, 401);
    CHECK_STR(err_code_of(r), "unauthenticated");
    r = get(NULL, "/api/v1/tasks");
    CHECK_INT(r->status, 401);
    struct browser b = {0};
    snprintf(b.cookies[0].name, sizeof b.cookies[0].name, "fz_session");
    snprintf(b.cookies[0].value, sizeof b.cookies[0].value, "not-a-real-session-token");
    b.ncookies = 1;
    r = get(&b, "/api/v1/tasks");
    CHECK_INT(r->status, 401);
}

/* A wrong password and an unknown user get the same answer: nothing tells which
 * usernames exist. */
static void test_bad_credentials_same_answer(void)
{
    struct counts before = counts_now();
    int64_t audit0 = audit_max_id();
    struct resp *wrong = signin_as(NULL, "dh.leader", "not-the-password");
    CHECK_INT(wrong->status, 401);
    CHECK_STR(err_code_of(wrong), "unauthenticated");
    CHECK(resp_header_value(wrong, "Set-Cookie") == NULL);
    struct resp *unknown = signin_as(NULL, "nobody.here", "not-the-password");
    CHECK_INT(unknown->status, 401);
    CHECK_STR(err_code_of(unknown), "unauthenticated");
    CHECK(err_message_of(wrong) && err_message_of(unknown));
    CHECK_STR(err_message_of(wrong), err_message_of(unknown));
    CHECK(resp_header_value(unknown, "Set-Cookie") == NULL);
    struct counts after = counts_now();
    CHECK_INT(after.sessions, before.sessions);
    CHECK_INT(after.tasks, before.tasks);
    /* both refusals are on the record */
    CHECK_INT(audit_count_since(audit0, "session.signin.refused"), 2);
}

/* Five failures lock the username: the sixth try, even with the right password, is 429
 * with Retry-After. */
static void test_throttle_locks_username(void)
{
    const char *user = "dh.zf.officer2";
    for (int i = 0; i < 5; i++) {
        struct resp *r = signin_as(NULL, user, tprintf("wrong-%d", i));
        CHECK_INT(r->status, 401);
    }
    int64_t sessions = db_int("SELECT COUNT(*) FROM sessions");
    int64_t audit0 = audit_max_id();
    struct resp *r = signin_as(NULL, user, DEMO_PASSWORD_TEXT);
    CHECK_INT(r->status, 429);
    CHECK_STR(err_code_of(r), "too_many_attempts");
    const char *ra = resp_header_value(r, "Retry-After");
    CHECK(ra != NULL);
    long secs = ra ? strtol(ra, NULL, 10) : 0;
    CHECK(secs > 0 && secs <= 15 * 60);
    CHECK(resp_header_value(r, "Set-Cookie") == NULL);
    CHECK_INT(db_int("SELECT COUNT(*) FROM sessions"), sessions);
    /* a flood against the lock is refused every time and audited once, not once per try */
    for (int i = 0; i < 20; i++)
        CHECK_INT(signin_as(NULL, user, "wrong-again")->status, 429);
    CHECK_INT(audit_count_since(audit0, "session.signin.refused"), 1);
    /* the lock is per username: another user still signs in */
    struct browser other = {0};
    CHECK(signin(&other, "dh.zf.officer1"));
}

static void test_signout_ends_session(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    char old_cookie[128];
    snprintf(old_cookie, sizeof old_cookie, "%s",
             jar_get(&b, "fz_session") ? jar_get(&b, "fz_session") : "");
    /* signing out is a write: it needs the CSRF token too */
    b.no_csrf = true;
    struct resp *r = api(&b, "DELETE", "/api/v1/session", NULL);
    CHECK_INT(r->status, 403);
    CHECK_STR(err_code_of(r), "csrf_failed");
    CHECK_INT(get(&b, "/api/v1/session")->status, 200);
    b.no_csrf = false;
    int64_t audit0 = audit_max_id();
    r = api(&b, "DELETE", "/api/v1/session", NULL);
    CHECK_INT(r->status, 204);
    const char *sc = resp_header_value(r, "Set-Cookie");
    CHECK(sc && strstr(sc, "Max-Age=0"));
    CHECK(jar_get(&b, "fz_session") == NULL);
    CHECK_INT(audit_count_since(audit0, "session.signout"), 1);
    r = get(&b, "/api/v1/session");
    CHECK_INT(r->status, 401);
    /* replaying the old cookie does not bring the session back */
    struct browser replay = {0};
    snprintf(replay.cookies[0].name, sizeof replay.cookies[0].name, "fz_session");
    snprintf(replay.cookies[0].value, sizeof replay.cookies[0].value, "%s", old_cookie);
    replay.ncookies = 1;
    CHECK_INT(get(&replay, "/api/v1/session")->status, 401);
    CHECK_INT(get(&replay, "/api/v1/tasks")->status, 401);
}

static void test_signin_body_shape(void)
{
    struct counts before = counts_now();
    struct resp *r = api(NULL, "POST", "/api/v1/session",
                         "{\"username\":\"dh.staff\",\"password\":\"" DEMO_PASSWORD_TEXT
                         "\",\"remember\":true}");
    CHECK_INT(r->status, 422);
    r = api(NULL, "POST", "/api/v1/session", "{\"username\":\"dh.staff\"}");
    CHECK_INT(r->status, 422);
    r = api(NULL, "POST", "/api/v1/session", "{\"username\":1,\"password\":2}");
    CHECK_INT(r->status, 422);
    r = api(NULL, "POST", "/api/v1/session", "{\"username\":");
    CHECK_INT(r->status, 400);
    CHECK_STR(err_code_of(r), "invalid_json");
    struct req_opts o = {.content_type = "text/plain",
                         .body = "{\"username\":\"dh.staff\",\"password\":\"x\"}"};
    r = http_req(NULL, "POST", "/api/v1/session", &o);
    CHECK_INT(r->status, 415);
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
    CHECK(server_healthy());
}

/* API tokens: made by the CLI, sent as Authorization: Bearer, good for writes without a
 * CSRF token (no cookie is involved); garbage and revoked tokens are 401. */
static void test_api_token(void)
{
    const char *out = NULL;
    int rc = run_fazhi(&out, "token", "add", "--db", harness_db_path(), "--username", "dh.leader",
                       "--name", "test", (const char *)NULL);
    CHECK_INT(rc, 0);
    char token[128] = "";
    if (out)
        snprintf(token, sizeof token, "%.*s", (int)strcspn(out, "\r\n"), out);
    CHECK(strncmp(token, "fzt_", 4) == 0);
    /* only the hash is stored */
    CHECK_INT(db_int("SELECT COUNT(*) FROM api_tokens WHERE token_hash = '%s'", token), 0);
    CHECK_INT(db_int("SELECT COUNT(*) FROM api_tokens WHERE name = 'test'"), 1);

    struct browser b = {0};
    snprintf(b.bearer, sizeof b.bearer, "%s", token);
    struct resp *r = get(&b, "/api/v1/session");
    CHECK_INT(r->status, 200);
    json_t *user = r->json ? json_object_get(r->json, "user") : NULL;
    CHECK_STR(jstr(user, "username"), "dh.leader");
    CHECK(jstr(r->json, "csrf_token") == NULL);

    int64_t tasks = db_int("SELECT COUNT(*) FROM tasks");
    r = api(&b, "POST", "/api/v1/tasks",
            "{\"title\":\"令牌创建的任务\",\"department\":\"DH-DZB\",\"due_date\":\"2027-01-15\"}");
    CHECK_INT(r->status, 201);
    CHECK_INT(db_int("SELECT COUNT(*) FROM tasks"), tasks + 1);
    int64_t id = jint(r->json, "id");
    CHECK_INT(db_int("SELECT created_by FROM tasks WHERE id = %lld", (long long)id),
              db_int("SELECT id FROM users WHERE username = 'dh.leader'"));

    /* a token never sets a session */
    CHECK(resp_header_value(r, "Set-Cookie") == NULL);

    struct browser bad = {0};
    snprintf(bad.bearer, sizeof bad.bearer, "fzt_garbage-garbage-garbage");
    CHECK_INT(get(&bad, "/api/v1/session")->status, 401);
    snprintf(bad.bearer, sizeof bad.bearer, "not-even-the-prefix");
    CHECK_INT(get(&bad, "/api/v1/tasks")->status, 401);
    snprintf(bad.bearer, sizeof bad.bearer, "%s", token);
    bad.bearer[strlen(bad.bearer) - 1] ^= 1; /* one character off */
    CHECK_INT(get(&bad, "/api/v1/session")->status, 401);
    tasks = db_int("SELECT COUNT(*) FROM tasks");
    r = api(&bad, "POST", "/api/v1/tasks",
            "{\"title\":\"坏令牌\",\"department\":\"DH-DZB\",\"due_date\":\"2027-01-15\"}");
    CHECK_INT(r->status, 401);
    CHECK_INT(db_int("SELECT COUNT(*) FROM tasks"), tasks);

    /* revoked with the CLI (audited): it stops working at once, on the running server */
    const char *tid = tprintf("%lld", (long long)db_int("SELECT id FROM api_tokens WHERE "
                                                        "name = 'test'"));
    CHECK_INT(run_fazhi(NULL, "token", "revoke", "--db", harness_db_path(), "--id", tid,
                        (const char *)NULL),
              0);
    CHECK_INT(db_int("SELECT COUNT(*) FROM audit WHERE action = 'api_tokens.revoke'"), 1);
    CHECK_INT(get(&b, "/api/v1/session")->status, 401);
    r = api(&b, "POST", "/api/v1/tasks",
            "{\"title\":\"吊销后的令牌\",\"department\":\"DH-DZB\",\"due_date\":\"2027-01-15\"}");
    CHECK_INT(r->status, 401);
    CHECK_INT(db_int("SELECT COUNT(*) FROM tasks"), tasks);
}

void suite_session(void)
{
    RUN(test_signin_sets_session);
    RUN(test_no_session_is_401);
    RUN(test_bad_credentials_same_answer);
    RUN(test_throttle_locks_username);
    RUN(test_signout_ends_session);
    RUN(test_signin_body_shape);
    RUN(test_api_token);
}
