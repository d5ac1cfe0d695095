/* test_public_limits.c — the per-address limit on public writes, end to end: the address it
 * keys on is the proxy's X-Real-IP (the harness runs the server with --trust-proxy), and what
 * it leaves alone — reads, and sign-in, which has its own throttle (test_session.c).
 *
 * No public write route other than sign-in exists yet, so the 429 itself is tested on the
 * router's hook (tests/unit/test_ratelimit.c); a portal form gets it by its RT_PUBLIC flag. */
#include <stdio.h>
#include <string.h>

#include "../unit/t.h"
#include "harness.h"
#include "core/banned.h"

static struct resp *as_address(struct browser *b, const char *method, const char *path,
                               const char *ctype, const char *body, const char *address)
{
    struct req_opts o = {.content_type = ctype,
                         .body = body,
                         .extra_headers = tprintf("X-Real-IP: %s\r\n", address)};
    return http_req(b, method, path, &o);
}

/* The server takes the client address from X-Real-IP, and only when it looks like one. */
static void test_real_ip_is_the_client_address(void)
{
    /* the clock is pinned, so sessions are told apart by their address counts */
    int64_t local = db_int("SELECT COUNT(*) FROM sessions WHERE address = '127.0.0.1'");
    struct browser b = {0};
    struct resp *r = as_address(
        &b, "POST", "/api/v1/session", "application/json",
        "{\"username\":\"dh.staff\",\"password\":\"" DEMO_PASSWORD_TEXT "\"}", "203.0.113.30");
    CHECK_INT(r->status, 201);
    CHECK_INT(db_int("SELECT COUNT(*) FROM sessions WHERE address = '203.0.113.30'"), 1);
    struct browser c = {0};
    r = as_address(&c, "POST", "/api/v1/session", "application/json",
                   "{\"username\":\"dh.staff\",\"password\":\"" DEMO_PASSWORD_TEXT "\"}",
                   "evil<script>");
    CHECK_INT(r->status, 201);
    CHECK_INT(db_int("SELECT COUNT(*) FROM sessions WHERE address = '127.0.0.1'"), local + 1);
    CHECK_INT(db_int("SELECT COUNT(*) FROM sessions WHERE address LIKE '%%script%%'"), 0);
}

/* Reads are never limited: a visitor may load the portal as often as they like. */
static void test_reads_are_not_limited(void)
{
    for (int i = 0; i < 20; i++) {
        struct resp *r = as_address(NULL, "GET", "/", NULL, NULL, "203.0.113.31");
        if (r->status != 200)
            t_fail(__FILE__, __LINE__, "GET / #%d: %d", i + 1, r->status);
    }
}

/* Sign-in (form and API) is public but keeps its own throttle: more than the public-write
 * burst from one address within a minute gets its usual answers, never the write limit's
 * 429. (These attempts stop before a password is checked, so they count as no failure.) */
static void test_signin_keeps_its_own_throttle(void)
{
    for (int i = 0; i < 8; i++) {
        struct resp *r =
            as_address(NULL, "POST", "/app/signin", "application/x-www-form-urlencoded",
                       "username=dh.staff&password=x&_pre=stale", "203.0.113.32");
        if (r->status != 403)
            t_fail(__FILE__, __LINE__, "POST /app/signin #%d: %d", i + 1, r->status);
        CHECK(!strstr(r->body ? r->body : "", "提交过于频繁"));
        r = as_address(NULL, "POST", "/api/v1/session", "application/json", "{\"username\":1}",
                       "203.0.113.32");
        if (r->status != 422)
            t_fail(__FILE__, __LINE__, "POST /api/v1/session #%d: %d", i + 1, r->status);
    }
}

void suite_public_limits(void)
{
    RUN(test_real_ip_is_the_client_address);
    RUN(test_reads_are_not_limited);
    RUN(test_signin_keeps_its_own_throttle);
}
