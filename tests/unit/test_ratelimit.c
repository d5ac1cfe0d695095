/* test_ratelimit.c — the per-address token buckets (http/ratelimit.h) on a clock the tests
 * set, and the router's hook over them (http_public_write_allowed): bursts, refills,
 * addresses kept apart, memory bounded under rotating addresses, and no token handed out
 * twice when threads race. */
#include <pthread.h>
#include <stdio.h>

#include "core/arena.h"
#include "http/http.h"
#include "http/ratelimit.h"
#include "t.h"

static double test_clock(void *arg)
{
    return *(const double *)arg;
}

/* The portal's limit (5 a minute, burst 5) on the clock *now. */
static struct ratelimit *portal_limit(double *now, size_t slots)
{
    struct ratelimit_config c = {
        .rate_per_s = 5 / 60.0, .burst = 5, .slots = slots, .clock = test_clock, .clock_arg = now};
    return ratelimit_new(&c);
}

static void burst_then_refusal(void)
{
    double now = 1000;
    struct ratelimit *rl = portal_limit(&now, 0);
    CHECK(rl != NULL);
    double retry = -1;
    for (int i = 0; i < 5; i++) {
        CHECK(ratelimit_take(rl, "203.0.113.7", &retry));
        CHECK(retry == 0);
    }
    CHECK(!ratelimit_take(rl, "203.0.113.7", &retry));
    CHECK(retry > 11.99 && retry <= 12.0); /* one token per 12 s */
    now += 6;
    CHECK(!ratelimit_take(rl, "203.0.113.7", &retry));
    CHECK(retry > 5.99 && retry <= 6.0);
    ratelimit_free(rl);
}

static void refill_after_time(void)
{
    double now = 0;
    struct ratelimit *rl = portal_limit(&now, 0);
    for (int i = 0; i < 5; i++)
        CHECK(ratelimit_take(rl, "198.51.100.1", NULL));
    CHECK(!ratelimit_take(rl, "198.51.100.1", NULL));
    now = 12; /* one token back */
    CHECK(ratelimit_take(rl, "198.51.100.1", NULL));
    CHECK(!ratelimit_take(rl, "198.51.100.1", NULL));
    now = 12 + 3600; /* an hour: the bucket is full again, and no fuller than the burst */
    int ok = 0;
    for (int i = 0; i < 20; i++)
        ok += ratelimit_take(rl, "198.51.100.1", NULL);
    CHECK_INT(ok, 5);
    ratelimit_free(rl);
}

static void addresses_are_independent(void)
{
    double now = 0;
    struct ratelimit *rl = portal_limit(&now, 0);
    for (int i = 0; i < 5; i++)
        CHECK(ratelimit_take(rl, "203.0.113.7", NULL));
    CHECK(!ratelimit_take(rl, "203.0.113.7", NULL));
    for (int i = 0; i < 5; i++)
        CHECK(ratelimit_take(rl, "203.0.113.8", NULL));
    CHECK(!ratelimit_take(rl, "203.0.113.8", NULL));
    /* IPv6: one bucket per /64; IPv4-mapped addresses are whole */
    for (int i = 0; i < 5; i++)
        CHECK(ratelimit_take(rl, "2001:db8:1:2::1", NULL));
    CHECK(!ratelimit_take(rl, "2001:db8:1:2:ffff:ffff:ffff:ffff", NULL));
    CHECK(!ratelimit_take(rl, "2001:DB8:1:2:0:0:0:9", NULL));
    CHECK(ratelimit_take(rl, "2001:db8:1:3::1", NULL));
    for (int i = 0; i < 5; i++)
        CHECK(ratelimit_take(rl, "::ffff:192.0.2.1", NULL));
    CHECK(ratelimit_take(rl, "::ffff:192.0.2.2", NULL));
    /* no address at all is one shared bucket, not a free pass */
    for (int i = 0; i < 5; i++)
        CHECK(ratelimit_take(rl, "", NULL));
    CHECK(!ratelimit_take(rl, NULL, NULL));
    ratelimit_free(rl);
}

static void bad_config_is_refused(void)
{
    struct ratelimit_config c = {.rate_per_s = 0, .burst = 5};
    CHECK(ratelimit_new(&c) == NULL);
    c.rate_per_s = 1;
    c.burst = 0.5;
    CHECK(ratelimit_new(&c) == NULL);
    c.burst = 1;
    c.slots = RATELIMIT_MAX_SLOTS + 1;
    CHECK(ratelimit_new(&c) == NULL);
    CHECK(ratelimit_new(NULL) == NULL);
    c.slots = 0;
    struct ratelimit *rl = ratelimit_new(&c);
    CHECK(rl && ratelimit_slots(rl) == RATELIMIT_DEFAULT_SLOTS);
    ratelimit_free(rl);
}

/* An attacker rotating through 200,000 addresses: the table never holds more than its
 * slots, and when a set is full the bucket seen longest ago is the one forgotten. */
static void eviction_is_bounded(void)
{
    double now = 0;
    struct ratelimit *rl = portal_limit(&now, 64);
    CHECK_INT(ratelimit_slots(rl), 64);
    char addr[64];
    for (int i = 0; i < 200000; i++) {
        snprintf(addr, sizeof addr, "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
        ratelimit_take(rl, addr, NULL);
        now += 0.001;
    }
    CHECK(ratelimit_used(rl) <= ratelimit_slots(rl));
    CHECK(ratelimit_used(rl) > 0);
    ratelimit_free(rl);

    /* One set of four: the stalest bucket goes first. */
    rl = portal_limit(&now, 4);
    now = 0;
    for (int i = 0; i < 5; i++)
        CHECK(ratelimit_take(rl, "192.0.2.1", NULL)); /* drained at t=0 */
    now = 1;
    CHECK(ratelimit_take(rl, "192.0.2.2", NULL));
    CHECK(ratelimit_take(rl, "192.0.2.3", NULL));
    CHECK(ratelimit_take(rl, "192.0.2.4", NULL));
    CHECK(!ratelimit_take(rl, "192.0.2.1", NULL)); /* still known, still drained */
    now = 2;
    CHECK(ratelimit_take(rl, "192.0.2.2", NULL));
    CHECK(ratelimit_take(rl, "192.0.2.3", NULL));
    CHECK(ratelimit_take(rl, "192.0.2.4", NULL));
    CHECK(ratelimit_take(rl, "192.0.2.5", NULL)); /* takes 192.0.2.1's slot (seen at t=1) */
    CHECK_INT(ratelimit_used(rl), 4);
    CHECK(ratelimit_take(rl, "192.0.2.1", NULL)); /* forgotten: a fresh bucket */
    ratelimit_free(rl);
}

struct hammer {
    struct ratelimit *rl;
    const char *address;
    int tries, ok;
};

static void *hammer_run(void *arg)
{
    struct hammer *h = arg;
    for (int i = 0; i < h->tries; i++)
        h->ok += ratelimit_take(h->rl, h->address, NULL);
    return NULL;
}

/* Eight threads on one address with the clock stopped: exactly the burst gets through;
 * eight threads on eight addresses: each exactly its own burst. */
static void threads_never_overspend(void)
{
    double now = 50;
    struct ratelimit_config c = {
        .rate_per_s = 1, .burst = 100, .clock = test_clock, .clock_arg = &now};
    struct ratelimit *rl = ratelimit_new(&c);
    enum { N = 8 };
    pthread_t th[N];
    struct hammer h[N];
    for (int i = 0; i < N; i++) {
        h[i] = (struct hammer){rl, "203.0.113.7", 5000, 0};
        pthread_create(&th[i], NULL, hammer_run, &h[i]);
    }
    int total = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        total += h[i].ok;
    }
    CHECK_INT(total, 100);

    static const char *const addrs[N] = {"198.51.100.1",    "198.51.100.2",   "198.51.100.3",
                                         "198.51.100.4",    "2001:db8::1",    "2001:db8:0:1::1",
                                         "2001:db8:0:2::1", "2001:db8:0:3::1"};
    for (int i = 0; i < N; i++) {
        h[i] = (struct hammer){rl, addrs[i], 3000, 0};
        pthread_create(&th[i], NULL, hammer_run, &h[i]);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        CHECK_INT(h[i].ok, 100);
    }
    ratelimit_free(rl);
}

/* The router's hook: the 6th write from one address within a minute is a 429 page saying
 * when to try again (with Retry-After); another address still gets through. */
static void hook_answers_429(void)
{
    double now = 0;
    struct server_config cfg = {.public_writes = portal_limit(&now, 0)};
    arena *a = arena_new();
    struct request req = {
        .a = a, .cfg = &cfg, .method = "POST", .path = "/apply", .address = "203.0.113.7"};
    struct response r = {.status = 200};
    buf_init(&r.body, 0);
    for (int i = 0; i < 5; i++)
        CHECK(http_public_write_allowed(&req, &r));
    CHECK_INT(r.status, 200);
    CHECK_INT(r.nheaders, 0);
    now = 2;
    CHECK(!http_public_write_allowed(&req, &r));
    CHECK_INT(r.status, 429);
    const char *retry = NULL;
    for (int i = 0; i < r.nheaders; i++)
        if (strcmp(r.headers[i].name, "Retry-After") == 0)
            retry = r.headers[i].value;
    CHECK_STR(retry, "10");
    CHECK_CONTAINS(r.content_type, "text/html");
    CHECK_CONTAINS(r.body.p, "提交过于频繁，请 10 秒后再试");
    /* the portal's page, with the way back to the portal (not to the staff app) */
    CHECK_CONTAINS(r.body.p, "href=\"/\"");
    CHECK(!strstr(r.body.p, "/app\""));

    struct request other = req;
    other.address = "198.51.100.9";
    struct response r2 = {.status = 200};
    buf_init(&r2.body, 0);
    CHECK(http_public_write_allowed(&other, &r2));
    CHECK_INT(r2.status, 200);

    /* under /api/ the refusal is the JSON error */
    struct request api = req;
    api.path = "/api/v1/apply";
    struct response r3 = {.status = 200};
    buf_init(&r3.body, 0);
    CHECK(!http_public_write_allowed(&api, &r3));
    CHECK_INT(r3.status, 429);
    CHECK_CONTAINS(r3.body.p, "\"too_many_attempts\"");
    CHECK_CONTAINS(r3.body.p, "提交过于频繁");

    /* no limiter configured: everything passes */
    struct server_config none = {0};
    struct request free_req = req;
    free_req.cfg = &none;
    CHECK(http_public_write_allowed(&free_req, &r2));

    buf_release(&r.body);
    buf_release(&r2.body);
    buf_release(&r3.body);
    arena_free(a);
    ratelimit_free(cfg.public_writes);
}

void suite_ratelimit(void);
void suite_ratelimit(void)
{
    RUN(burst_then_refusal);
    RUN(refill_after_time);
    RUN(addresses_are_independent);
    RUN(bad_config_is_refused);
    RUN(eviction_is_bounded);
    RUN(threads_never_overspend);
    RUN(hook_answers_429);
}
