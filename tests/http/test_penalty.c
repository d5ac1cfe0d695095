/* test_penalty.c — administrative penalty cases over the API on the demo district: an
 * ordinary case from clue to archive in one day (the party waives its statement), each
 * illegal step refused one by one with the law's reason (409, audited as "...refused",
 * nothing else changed), the summary procedure's limits, the hearing's notice period, the
 * criminal referral's materials, records another subdistrict cannot reach, the statistics
 * the yearly report reads, and `fazhi verify` catching a case or evidence row changed behind
 * the program's back. The server's clock is pinned to TEST_TODAY (Fri 27 Nov 2026); rules
 * that need days to pass are tested on real dates in tests/unit/test_penalty.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/t.h"
#include "harness.h"
#include "core/banned.h"

/* A 1×1 PNG: real image bytes for evidence. */
static const unsigned char PNG[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
    0xda, 0x63, 0x60, 0x18, 0x05, 0x00, 0x00, 0x02, 0x00, 0x01, 0xe2, 0x21, 0xbc, 0x33,
    0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

#define DH "(SELECT id FROM orgs WHERE code = 'DH')"

static int64_t matter(const char *code)
{
    return db_int("SELECT id FROM matters WHERE org_id = " DH " AND code = '%s'", code);
}

static int64_t cert_of(const char *username)
{
    return db_int("SELECT c.id FROM certificates c JOIN users u ON u.id = c.holder WHERE "
                  "u.username = '%s'",
                  username);
}

static int64_t party(const char *kind)
{
    return db_int("SELECT MIN(id) FROM parties WHERE org_id = " DH " AND kind = '%s'", kind);
}

static const char *case_path(int64_t id, const char *transition)
{
    return transition
               ? tprintf("/api/v1/penalty_cases/%lld/transitions/%s", (long long)id, transition)
               : tprintf("/api/v1/penalty_cases/%lld", (long long)id);
}

/* A new case as b: procedure, party, two certificates, the act's date. */
static int64_t new_case(struct browser *b, const char *procedure, int64_t who, int64_t c1,
                        int64_t c2, const char *occurred)
{
    struct resp *r = api(
        b, "POST", "/api/v1/penalty_cases",
        tprintf("{\"act_summary\":\"当事人未经批准在东湖大道设置户外广告牌\",\"procedure\":\"%s\","
                "\"department\":\"DH-ZF\",\"source\":\"inspection\",\"matter\":%lld,"
                "\"party\":%lld,\"officers\":[%lld,%lld],\"occurred_on\":\"%s\","
                "\"facts\":\"当事人在东湖大道设置户外广告牌一块，面积约20平方米，未经批准。\"}",
                procedure, (long long)matter("GG-001"), (long long)who, (long long)c1,
                (long long)c2, occurred));
    if (r->status != 201)
        fprintf(stderr, "  (new case: %d %s)\n", r->status, r->body);
    return r->status == 201 ? jint(r->json, "id") : 0;
}

static int64_t upload(struct browser *b, const char *name)
{
    struct req_opts o = {.content_type = "image/png", .body = PNG, .body_len = sizeof PNG};
    struct resp *r = http_req(b, "POST", tprintf("/api/v1/files?name=%s", urlenc(name)), &o);
    return r->status == 201 ? jint(r->json, "id") : 0;
}

static int64_t add_evidence(struct browser *b, int64_t id)
{
    int64_t f = upload(b, "现场照片.png");
    CHECK(f > 0);
    struct resp *r = api(b, "POST", "/api/v1/evidence",
                         tprintf("{\"penalty_case\":%lld,\"kind\":\"photo\",\"description\":"
                                 "\"现场广告牌全景，证明违法事实\",\"files\":[%lld],"
                                 "\"collected_at\":\"2026-11-27T09:30\",\"latitude\":\"30.67\","
                                 "\"longitude\":\"104.09\"}",
                                 (long long)id, (long long)f));
    CHECK_INT(r->status, 201);
    return r->status == 201 ? jint(r->json, "id") : 0;
}

/* The case's row as stored, for "unchanged" checks. */
static const char *case_row(int64_t id)
{
    return db_text("SELECT version || '|' || status || '|' || updated_at FROM penalty_cases "
                   "WHERE id = %lld",
                   (long long)id);
}

/* A step refused: status, code and reason; audited as refused when it is a guard's (409);
 * the case and its children unchanged. */
static void refused_(const char *file, int line, struct browser *b, int64_t id,
                     const char *transition, const char *json, int status, const char *msg)
{
    const char *row = case_row(id);
    int64_t children = db_int("SELECT (SELECT COUNT(*) FROM evidence) + (SELECT COUNT(*) FROM "
                              "disclosure_items) + (SELECT COUNT(*) FROM criminal_referrals)");
    refusal_(
        file, line, b, "POST", case_path(id, transition), json, status,
        status == 409   ? "guard_refused"
        : status == 403 ? "forbidden"
                        : NULL,
        msg,
        status == 409 || status == 403 ? tprintf("penalty_cases.%s.refused", transition) : NULL, 0);
    CHECK_STR(case_row(id), row);
    CHECK_INT(db_int("SELECT (SELECT COUNT(*) FROM evidence) + (SELECT COUNT(*) FROM "
                     "disclosure_items) + (SELECT COUNT(*) FROM criminal_referrals)"),
              children);
}
#define REFUSED(b, id, t, json, status, msg)                                                       \
    refused_(__FILE__, __LINE__, b, id, t, json, status, msg)

static int step(struct browser *b, int64_t id, const char *transition, const char *json)
{
    struct resp *r = api(b, "POST", case_path(id, transition), json);
    if (r->status != 200)
        fprintf(stderr, "  (%s: %d %s)\n", transition, r->status, r->body);
    return r->status;
}

#define DECIDE_1000                                                                                         \
    "{\"decided_penalty\":\"fine\",\"decided_fine\":\"1000\",\"performance\":\"自收到本决定书之日" \
    "起十五日内缴纳\",\"remedy\":\"可在六十日内申请行政复议，或在六个月内提起行政诉讼\"}"

/* The ordinary procedure, every step on one day, with the refusals the law requires on the
 * way. */
static void test_ordinary_case_with_refusals(void)
{
    struct browser off = {0}, head = {0}, reviewer = {0}, staff = {0};
    CHECK(signin(&off, "dh.zf.officer1"));
    CHECK(signin(&head, "dh.zf.head"));
    CHECK(signin(&reviewer, "dh.reviewer"));
    CHECK(signin(&staff, "dh.staff"));
    int64_t c1 = cert_of("dh.zf.officer1"), c2 = cert_of("dh.zf.officer2");
    int64_t id = new_case(&off, "ordinary", party("organisation"), c1, c2, "2026-11-26");
    CHECK(id > 0);
    struct resp *r = get(&off, case_path(id, NULL));
    CHECK_STR(jstr(r->json, "status"), "clue");

    /* filing: the office head's, not the officer's */
    REFUSED(&off, id, "file", "{}", 403, NULL);
    CHECK_INT(step(&head, id, "file", "{}"), 200);
    r = get(&off, case_path(id, NULL));
    CHECK_STR(jstr(r->json, "status"), "investigating");
    CHECK_STR(jstr(r->json, "filed_on"), TEST_TODAY);
    /* art.60: 90 days from Fri 27 Nov 2026 is Thu 25 Feb 2027 */
    CHECK_STR(jstr(r->json, "next_due"), "2027-02-25");
    CHECK_CONTAINS(jstr(r->json, "case_number"), "东湖街道综执立〔2026〕");

    /* no review without evidence */
    const char *review = "{\"facts\":\"当事人在东湖大道设置户外广告牌一块，面积约20平方米。\","
                         "\"proposed_penalty\":\"fine\",\"proposed_fine\":\"1000\","
                         "\"legal_review_reason\":\"major_rights\"}";
    REFUSED(&off, id, "submit_review", review, 409, "尚未登记证据");
    add_evidence(&off, id);
    CHECK_INT(step(&off, id, "submit_review", review), 200);

    /* art.57: the decision is the head's */
    REFUSED(&off, id, "decide", DECIDE_1000, 403, NULL);
    /* no decision before the prior notice (art.44), no notice before the legal review
     * (art.58), and the review is a legal reviewer's */
    REFUSED(&head, id, "decide", DECIDE_1000, 409, "第四十四条");
    REFUSED(&off, id, "notify", "{\"notice_served_on\":\"2026-11-27\"}", 409, "第五十八条");
    REFUSED(&off, id, "legal_review_pass", "{\"legal_review_opinion\":\"同意\"}", 403, NULL);
    CHECK_INT(
        step(&reviewer, id, "legal_review_pass",
             "{\"legal_review_opinion\":\"主体合法，事实清楚，证据确凿，程序合法，裁量适当。\"}"),
        200);
    /* the notice is not dated in the future */
    REFUSED(&off, id, "notify", "{\"notice_served_on\":\"2026-11-28\"}", 409, "不能晚于今天");
    CHECK_INT(step(&off, id, "notify", "{\"notice_served_on\":\"2026-11-27\"}"), 200);
    r = get(&off, case_path(id, NULL));
    CHECK_STR(jstr(r->json, "status"), "notified");

    /* art.45/64: not before the statement period ends (5 working days: Fri 4 Dec 2026) */
    REFUSED(&head, id, "decide", DECIDE_1000, 409, "2026年12月4日届满");
    /* art.63: a 1,000-yuan fine for a company is not hearing-eligible */
    REFUSED(&off, id, "request_hearing", "{\"hearing_requested_on\":\"2026-11-27\"}", 409,
            "不属于听证范围");
    CHECK_INT(step(&off, id, "waive", "{\"note\":\"当事人书面放弃陈述、申辩和听证权利\"}"), 200);
    /* art.45: not heavier than notified; art.59: every element of the decision */
    REFUSED(&head, id, "decide",
            "{\"decided_penalty\":\"fine\",\"decided_fine\":\"1200\",\"performance\":\"十五日内缴纳"
            "\",\"remedy\":\"六十日内申请行政复议\"}",
            409, "不得高于事先告知的数额");
    REFUSED(&head, id, "decide",
            "{\"decided_penalty\":\"confiscation\",\"decided_fine\":\"500\",\"performance\":\"十五"
            "日内缴纳\",\"remedy\":\"六十日内申请行政复议\"}",
            409, "处罚种类");
    REFUSED(&head, id, "decide",
            "{\"decided_penalty\":\"fine\",\"decided_fine\":\"1000\",\"performance\":\"十五日内"
            "缴纳\"}",
            422, "救济途径");
    CHECK_INT(step(&head, id, "decide", DECIDE_1000), 200);
    r = get(&off, case_path(id, NULL));
    CHECK_STR(jstr(r->json, "status"), "decided");
    CHECK_CONTAINS(jstr(r->json, "decision_number"), "东湖街道罚决字〔2026〕");
    /* art.61: served within 7 working days: Tue 8 Dec 2026; queued for publication within 7
     * working days too */
    CHECK_STR(jstr(r->json, "next_due"), "2026-12-08");
    CHECK_STR(db_text("SELECT d.due_date FROM deadlines d JOIN disclosure_items i ON i.id = "
                      "d.record_id AND d.entity = 'disclosure_items' WHERE i.penalty_case = %lld",
                      (long long)id),
              "2026-12-08");

    /* service not before the decision; payment in full */
    REFUSED(&off, id, "serve", "{\"served_on\":\"2026-11-26\",\"service_method\":\"direct\"}", 409,
            "不能早于决定日期");
    CHECK_INT(
        step(&off, id, "serve", "{\"served_on\":\"2026-11-27\",\"service_method\":\"direct\"}"),
        200);
    r = get(&off, case_path(id, NULL));
    /* art.67: 15 days from service end on Sat 12 Dec 2026; the period ends on the next
     * working day, Mon 14 Dec (art.85) */
    CHECK_STR(jstr(r->json, "next_due"), "2026-12-14");
    REFUSED(&off, id, "record_payment", "{\"paid_amount\":\"999\",\"paid_on\":\"2026-11-27\"}", 409,
            "缴纳不足");
    REFUSED(&off, id, "execute_other", "{}", 409, "有罚款的决定");
    CHECK_INT(
        step(&off, id, "record_payment", "{\"paid_amount\":\"1000\",\"paid_on\":\"2026-11-27\"}"),
        200);
    REFUSED(&off, id, "close", "{}", 403, NULL);
    CHECK_INT(step(&head, id, "close", "{}"), 200);
    CHECK_INT(step(&staff, id, "archive", "{\"note\":\"一案一卷归档\"}"), 200);
    r = get(&off, case_path(id, NULL));
    CHECK_STR(jstr(r->json, "status"), "archived");
    CHECK(json_is_null(json_object_get(r->json, "next_due")));
    /* archived: nothing more, not even an edit */
    r = api(&head, "PATCH", case_path(id, NULL), "{\"location\":\"东湖大道88号\"}");
    CHECK(r->status == 409 || r->status == 403);
    /* a reconsideration may still set the decision aside: the queued (never published)
     * disclosure is then not published */
    CHECK_INT(step(&head, id, "revoke", "{\"reason\":\"行政复议机关决定撤销\"}"), 200);
    CHECK_STR(
        db_text("SELECT status FROM disclosure_items WHERE penalty_case = %lld", (long long)id),
        "cancelled");

    /* the history holds every step with its actor */
    r = get(&off, tprintf("/api/v1/penalty_cases/%lld/history", (long long)id));
    CHECK_INT(r->status, 200);
    CHECK(jint(r->json, "total") >= 12);
    /* and the whole walk verifies */
    const char *out;
    CHECK_INT(run_fazhi(&out, "verify", "--db", harness_db_path(), NULL), 0);
}

/* Limitation (art.36), certificates (art.42) and the two-officer rule at filing. */
static void test_filing_refusals(void)
{
    struct browser off = {0}, head = {0};
    CHECK(signin(&off, "dh.zf.officer1"));
    CHECK(signin(&head, "dh.zf.head"));
    int64_t c1 = cert_of("dh.zf.officer1"), c2 = cert_of("dh.zf.officer2");
    int64_t lapsed = cert_of("dh.staff");
    /* an act of 26 Nov 2024 could be filed until 26 Nov 2026 */
    int64_t old = new_case(&off, "ordinary", party("citizen"), c1, c2, "2024-11-26");
    CHECK(old > 0);
    REFUSED(&head, old, "file", "{}", 409, "两年追责时效（截至2026年11月26日）");
    int64_t justin = new_case(&off, "ordinary", party("citizen"), c1, c2, "2024-11-27");
    CHECK_INT(step(&head, justin, "file", "{}"), 200);
    /* a lapsed certificate does not count */
    int64_t bad = new_case(&off, "ordinary", party("citizen"), c1, lapsed, "2026-11-20");
    CHECK(bad > 0);
    REFUSED(&head, bad, "file", "{}", 409, "过期");
    /* one officer is not two: refused before anything is stored */
    struct counts before = counts_now();
    int64_t cases = db_int("SELECT COUNT(*) FROM penalty_cases");
    struct resp *r =
        api(&off, "POST", "/api/v1/penalty_cases",
            tprintf("{\"act_summary\":\"单人办案\",\"procedure\":\"ordinary\","
                    "\"department\":\"DH-ZF\",\"source\":\"inspection\","
                    "\"matter\":%lld,\"party\":%lld,\"officers\":[%lld],"
                    "\"occurred_on\":\"2026-11-20\"}",
                    (long long)matter("GG-001"), (long long)party("citizen"), (long long)c1));
    CHECK_INT(r->status, 422);
    CHECK_STR(err_field_of(r), "officers");
    CHECK_CONTAINS(err_message_of(r), "至少需要 2 项");
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
    CHECK_INT(db_int("SELECT COUNT(*) FROM penalty_cases"), cases);
    /* nor the same officer twice */
    r = api(&off, "POST", "/api/v1/penalty_cases",
            tprintf("{\"act_summary\":\"同一人两次\",\"procedure\":\"ordinary\",\"department\":"
                    "\"DH-ZF\",\"source\":\"inspection\",\"matter\":%lld,\"party\":%lld,"
                    "\"officers\":[%lld,%lld],\"occurred_on\":\"2026-11-20\"}",
                    (long long)matter("GG-001"), (long long)party("citizen"), (long long)c1,
                    (long long)c1));
    CHECK_INT(r->status, 422);
    CHECK_CONTAINS(err_message_of(r), "重复");
    /* the act cannot be in the future */
    r = api(&off, "POST", "/api/v1/penalty_cases",
            tprintf("{\"act_summary\":\"未来的违法行为\",\"procedure\":\"ordinary\",\"department\":"
                    "\"DH-ZF\",\"source\":\"inspection\",\"matter\":%lld,\"party\":%lld,"
                    "\"officers\":[%lld,%lld],\"occurred_on\":\"2026-11-28\"}",
                    (long long)matter("GG-001"), (long long)party("citizen"), (long long)c1,
                    (long long)c2));
    CHECK_INT(r->status, 422);
    CHECK_STR(err_field_of(r), "occurred_on");
    CHECK_INT(db_int("SELECT COUNT(*) FROM penalty_cases"), cases);
}

/* Art.51: the summary procedure only for a warning or a small fine. */
static void test_summary_limits(void)
{
    struct browser off = {0};
    CHECK(signin(&off, "dh.zf.officer1"));
    int64_t c1 = cert_of("dh.zf.officer1"), c2 = cert_of("dh.zf.officer2");
    int64_t id = new_case(&off, "summary", party("citizen"), c1, c2, "2026-11-27");
    struct resp *r = get(&off, case_path(id, NULL));
    CHECK_STR(jstr(r->json, "status"), "on_site");
    REFUSED(&off, id, "decide_on_site",
            "{\"facts\":\"当场发现违规设置广告牌\",\"decided_penalty\":\"fine\",\"decided_fine\":"
            "\"200.01\",\"on_site_form_number\":\"DH-DC-9001\",\"performance\":\"十五日内缴纳\","
            "\"remedy\":\"六十日内申请行政复议\"}",
            409, "200 元");
    REFUSED(&off, id, "decide_on_site",
            "{\"facts\":\"当场发现违规设置广告牌\",\"decided_penalty\":\"suspend_licence\","
            "\"on_site_form_number\":\"DH-DC-9001\",\"performance\":\"立即改正\",\"remedy\":"
            "\"六十日内申请行政复议\"}",
            409, NULL);
    CHECK_INT(step(&off, id, "decide_on_site",
                   "{\"facts\":\"当场发现违规设置广告牌\",\"decided_penalty\":\"fine\","
                   "\"decided_fine\":\"200\",\"on_site_form_number\":\"DH-DC-9001\","
                   "\"performance\":\"十五日内缴纳\",\"remedy\":\"六十日内申请行政复议\"}"),
              200);
    r = get(&off, case_path(id, NULL));
    CHECK_STR(jstr(r->json, "status"), "served");
    CHECK_STR(jstr(r->json, "decided_fine"), "200.00");
    /* the ordinary steps are not for an on-site case */
    REFUSED(&off, id, "submit_review", "{}", 409, NULL);
}

/* Art.63–64: a company facing a 60,000-yuan fine may ask for a hearing, notified at least 7
 * working days ahead. */
static void test_hearing_notice(void)
{
    struct browser off = {0}, head = {0}, reviewer = {0};
    CHECK(signin(&off, "dh.zf.officer1"));
    CHECK(signin(&head, "dh.zf.head"));
    CHECK(signin(&reviewer, "dh.reviewer"));
    int64_t id = new_case(&off, "ordinary", party("organisation"), cert_of("dh.zf.officer1"),
                          cert_of("dh.zf.officer2"), "2026-11-25");
    CHECK_INT(step(&head, id, "file", "{}"), 200);
    add_evidence(&off, id);
    CHECK_INT(step(&off, id, "submit_review",
                   "{\"facts\":\"当事人在楼顶设置大型广告牌，拒不拆除。\",\"proposed_penalty\":"
                   "\"fine\",\"proposed_fine\":\"60000\",\"legal_review_reason\":\"major_rights\","
                   "\"collective_required\":true}"),
              200);
    CHECK_INT(step(&reviewer, id, "legal_review_pass", "{\"legal_review_opinion\":\"同意\"}"), 200);
    CHECK_INT(step(&off, id, "notify", "{\"notice_served_on\":\"2026-11-27\"}"), 200);
    CHECK_INT(step(&off, id, "request_hearing", "{\"hearing_requested_on\":\"2026-11-27\"}"), 200);
    struct resp *r = get(&off, case_path(id, NULL));
    CHECK_STR(jstr(r->json, "status"), "hearing");
    /* Tue 1 Dec is too soon */
    REFUSED(&off, id, "schedule_hearing",
            "{\"hearing_notice_on\":\"2026-11-27\",\"hearing_on\":\"2026-12-01\","
            "\"hearing_chair\":\"dh.shuji\"}",
            409, "七个工作日");
    CHECK_INT(step(&off, id, "schedule_hearing",
                   "{\"hearing_notice_on\":\"2026-11-27\",\"hearing_on\":\"2026-12-15\","
                   "\"hearing_chair\":\"dh.shuji\"}"),
              200);
    /* not held before its day; no decision while the hearing is pending */
    REFUSED(&off, id, "hold_hearing", "{\"statement_summary\":\"当事人陈述\"}", 409,
            "听证日期未到");
    REFUSED(&head, id, "decide", DECIDE_1000, 409, NULL);
}

/* 国务院令310: the referral opened by a transfer, approved by a head, sent only with the
 * package of materials. */
static void test_referral(void)
{
    struct browser off = {0}, head = {0}, leader = {0};
    CHECK(signin(&off, "dh.zf.officer1"));
    CHECK(signin(&head, "dh.zf.head"));
    CHECK(signin(&leader, "dh.leader"));
    int64_t id = new_case(&off, "ordinary", party("organisation"), cert_of("dh.zf.officer1"),
                          cert_of("dh.zf.officer2"), "2026-11-25");
    CHECK_INT(step(&head, id, "file", "{}"), 200);
    /* referrals are opened by the transfer, never by hand */
    struct resp *r = api(&head, "POST", "/api/v1/criminal_referrals",
                         tprintf("{\"penalty_case\":%lld,\"suspected_offence\":\"污染环境罪\","
                                 "\"report\":\"移送报告\"}",
                                 (long long)id));
    CHECK_INT(r->status, 403);
    REFUSED(&off, id, "transfer", "{\"suspected_offence\":\"污染环境罪\"}", 422, "移送报告");
    CHECK_INT(step(&off, id, "transfer",
                   "{\"suspected_offence\":\"污染环境罪\",\"transfer_report\":\"当事人向河道倾倒"
                   "建筑垃圾约300吨，涉嫌污染环境罪，依法应当移送公安机关。\"}"),
              200);
    int64_t ref =
        db_int("SELECT id FROM criminal_referrals WHERE penalty_case = %lld", (long long)id);
    CHECK(ref > 0);
    r = get(&off, tprintf("/api/v1/criminal_referrals/%lld", (long long)ref));
    CHECK_STR(jstr(r->json, "status"), "reported");
    CHECK_STR(jstr(r->json, "suspected_offence"), "污染环境罪");
    /* approval within 3 days: by Mon 30 Nov 2026 */
    CHECK_STR(jstr(r->json, "next_due"), "2026-11-30");
    r = api(&off, "POST",
            tprintf("/api/v1/criminal_referrals/%lld/transitions/approve", (long long)ref), "{}");
    CHECK_INT(r->status, 403);
    r = api(&leader, "POST",
            tprintf("/api/v1/criminal_referrals/%lld/transitions/approve", (long long)ref), "{}");
    CHECK_INT(r->status, 200);
    /* sent within 24 hours, and only with the materials */
    r = api(&off, "POST",
            tprintf("/api/v1/criminal_referrals/%lld/transitions/transfer", (long long)ref),
            "{\"police_station\":\"青川区公安分局\"}");
    CHECK_INT(r->status, 409);
    CHECK_CONTAINS(err_message_of(r), "移送材料不全");
    int64_t f[4];
    for (int i = 0; i < 4; i++)
        f[i] = upload(&off, "移送材料.png");
    r = api(&off, "PATCH", tprintf("/api/v1/criminal_referrals/%lld", (long long)ref),
            tprintf("{\"transfer_letter\":[%lld],\"investigation_report\":[%lld],\"item_list\":"
                    "[%lld],\"appraisal\":[%lld]}",
                    (long long)f[0], (long long)f[1], (long long)f[2], (long long)f[3]));
    CHECK_INT(r->status, 200);
    r = api(&off, "POST",
            tprintf("/api/v1/criminal_referrals/%lld/transitions/transfer", (long long)ref),
            "{\"police_station\":\"青川区公安分局\"}");
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(r->json, "transferred_on"), TEST_TODAY);
    /* the case waits for the police, its decision period standing still */
    r = get(&off, case_path(id, NULL));
    CHECK_STR(jstr(r->json, "status"), "transferring");
    r = api(&off, "POST",
            tprintf("/api/v1/criminal_referrals/%lld/transitions/receipt", (long long)ref),
            "{\"received_on\":\"2026-11-28\"}");
    CHECK_INT(r->status, 409); /* not in the future */
    r = api(&off, "POST",
            tprintf("/api/v1/criminal_referrals/%lld/transitions/receipt", (long long)ref),
            "{\"received_on\":\"2026-11-27\"}");
    CHECK_INT(r->status, 200);
    r = api(&off, "POST",
            tprintf("/api/v1/criminal_referrals/%lld/transitions/police_file", (long long)ref),
            "{\"police_decided_on\":\"2026-11-27\"}");
    CHECK_INT(r->status, 200);
    r = get(&off, case_path(id, NULL));
    CHECK_STR(jstr(r->json, "status"), "transferred");
    /* the approved report stays as approved */
    r = api(&off, "PATCH", tprintf("/api/v1/criminal_referrals/%lld", (long long)ref),
            "{\"report\":\"改写后的移送报告内容\"}");
    CHECK(r->status == 409 || r->status == 422);
}

/* Another subdistrict's officer sees none of it; grid workers see no cases; disclosures are
 * queued by decisions only; evidence is never edited. */
static void test_reach_and_immutability(void)
{
    struct browser dh = {0}, xl = {0}, grid = {0};
    CHECK(signin(&dh, "dh.zf.officer1"));
    CHECK(signin(&xl, "xl.zf.officer1"));
    CHECK(signin(&grid, "dh.grid1"));
    int64_t id =
        db_int("SELECT MIN(id) FROM penalty_cases WHERE org_id = " DH " AND status = 'archived'");
    int64_t ev = db_int("SELECT MIN(e.id) FROM evidence e JOIN penalty_cases c ON c.id = "
                        "e.penalty_case WHERE c.org_id = " DH);
    CHECK(id > 0 && ev > 0);
    const char *row = case_row(id);
    CHECK_INT(get(&xl, case_path(id, NULL))->status, 404);
    CHECK_INT(api(&xl, "PATCH", case_path(id, NULL), "{\"location\":\"改\"}")->status, 404);
    CHECK_INT(api(&xl, "POST", case_path(id, "revoke"), "{\"reason\":\"越权撤销\"}")->status, 404);
    CHECK_INT(get(&xl, tprintf("/api/v1/evidence/%lld", (long long)ev))->status, 404);
    CHECK_STR(case_row(id), row);
    /* xl's list holds only xl's cases */
    struct resp *r = get(&xl, "/api/v1/penalty_cases?per_page=200");
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "total"),
              db_int("SELECT COUNT(*) FROM penalty_cases WHERE org_id = (SELECT id FROM orgs "
                     "WHERE code = 'XL')"));
    /* a case of xl's cannot name dh's party */
    r = api(&xl, "POST", "/api/v1/penalty_cases",
            tprintf("{\"act_summary\":\"跨街道当事人\",\"procedure\":\"ordinary\",\"department\":"
                    "\"XL-ZF\",\"source\":\"inspection\",\"matter\":%lld,\"party\":%lld,"
                    "\"officers\":[%lld,%lld],\"occurred_on\":\"2026-11-20\"}",
                    (long long)db_int("SELECT MIN(id) FROM matters WHERE org_id = (SELECT id FROM "
                                      "orgs WHERE code = 'XL')"),
                    (long long)party("citizen"), (long long)cert_of("xl.zf.officer1"),
                    (long long)cert_of("xl.zf.officer2")));
    CHECK_INT(r->status, 422);
    CHECK_STR(err_field_of(r), "party");
    /* grid workers do not read cases */
    r = get(&grid, "/api/v1/penalty_cases");
    CHECK(r->status == 403 || (r->status == 200 && jint(r->json, "total") == 0));
    /* disclosures come from decisions */
    r = api(&dh, "POST", "/api/v1/disclosure_items",
            tprintf("{\"penalty_case\":%lld,\"title\":\"手工公开\",\"decided_on\":\"2026-11-27\"}",
                    (long long)id));
    CHECK_INT(r->status, 403);
    /* evidence, once taken, is never changed */
    r = api(&dh, "PATCH", tprintf("/api/v1/evidence/%lld", (long long)ev),
            "{\"description\":\"改写证明事项\"}");
    CHECK(r->status == 409 || r->status == 403 || r->status == 405);
    CHECK(strcmp(db_text("SELECT description FROM evidence WHERE id = %lld", (long long)ev),
                 "改写证明事项") != 0);
}

/* The yearly report's figures move with a decision. */
static void test_stats(void)
{
    struct browser off = {0}, head = {0}, leader = {0}, xl = {0};
    CHECK(signin(&off, "dh.zf.officer1"));
    CHECK(signin(&head, "dh.zf.head"));
    CHECK(signin(&leader, "dh.leader"));
    CHECK(signin(&xl, "xl.leader"));
    const char *q = "/api/v1/stats/enforcement?org=DH&from=2026-01-01&to=2026-12-31";
    struct resp *r = get(&leader, q);
    CHECK_INT(r->status, 200);
    int64_t cases = jint(r->json, "cases"), decided = jint(r->json, "decided");
    const char *fined = jstr(r->json, "fined");
    CHECK(fined != NULL);
    double fined0 = fined ? strtod(fined, NULL) : 0;
    /* cases: ordinary ones filed and on-site penalties decided in the year */
    CHECK_INT(cases, db_int("SELECT COUNT(*) FROM penalty_cases WHERE org_id = " DH
                            " AND ((procedure = 'ordinary' AND filed_on >= '2026-01-01') OR "
                            "(procedure = 'summary' AND decided_on >= '2026-01-01'))"));
    int64_t id = new_case(&off, "ordinary", party("citizen"), cert_of("dh.zf.officer1"),
                          cert_of("dh.zf.officer2"), "2026-11-26");
    CHECK_INT(step(&head, id, "file", "{}"), 200);
    add_evidence(&off, id);
    CHECK_INT(step(&off, id, "submit_review",
                   "{\"facts\":\"当事人设置广告牌一块。\",\"proposed_penalty\":\"fine\","
                   "\"proposed_fine\":\"1000\",\"legal_review_reason\":\"none\"}"),
              200);
    CHECK_INT(step(&off, id, "notify", "{\"notice_served_on\":\"2026-11-27\"}"), 200);
    CHECK_INT(step(&off, id, "waive", "{}"), 200);
    CHECK_INT(step(&head, id, "decide", DECIDE_1000), 200);
    r = get(&leader, q);
    CHECK_INT(jint(r->json, "cases"), cases + 1);
    CHECK_INT(jint(r->json, "decided"), decided + 1);
    CHECK(jstr(r->json, "fined") && strtod(jstr(r->json, "fined"), NULL) == fined0 + 1000);
    /* the office head reads his office's figures (the same cases), not the subdistrict's */
    CHECK_INT(get(&head, q)->status, 404);
    r = get(&head, "/api/v1/stats/enforcement?org=DH-ZF&from=2026-01-01&to=2026-12-31");
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "cases"), cases + 1);
    /* another subdistrict's figures are not xl's to read; bad periods are refused */
    CHECK_INT(get(&xl, q)->status, 404);
    CHECK_INT(get(&head, "/api/v1/stats/enforcement?from=2026-12-31&to=2026-01-01")->status, 400);
    CHECK_INT(get(&head, "/api/v1/stats/enforcement?from=20260101")->status, 400);
    CHECK_INT(get(&head, "/api/v1/stats/enforcement?org=NOPE")->status, 404);
}

/* What the last command wrote to its standard error. */
static const char *cmd_err(void)
{
    FILE *f = fopen(tprintf("%s/cmd.err", harness_dir()), "rb");
    if (!f)
        return "";
    char *buf = arena_alloc(t_arena(), 65537);
    size_t n = fread(buf, 1, 65536, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

/* `fazhi verify` fails when a case or evidence row is changed behind the program's back,
 * and passes again once it is put back. */
static void test_verify_catches_tampering(void)
{
    const char *out;
    CHECK_INT(run_fazhi(&out, "verify", "--db", harness_db_path(), NULL), 0);
    int64_t ev = db_int("SELECT MIN(id) FROM evidence");
    const char *desc = db_text("SELECT description FROM evidence WHERE id = %lld", (long long)ev);
    CHECK(db_exec_rw(tprintf("UPDATE evidence SET description = '篡改后的证明事项' WHERE id = %lld",
                             (long long)ev)) == 0);
    CHECK(run_fazhi(&out, "verify", "--db", harness_db_path(), NULL) != 0);
    CHECK_CONTAINS(cmd_err(), tprintf("BAD evidence id %lld", (long long)ev));
    CHECK(db_exec_rw(tprintf("UPDATE evidence SET description = '%s' WHERE id = %lld", desc,
                             (long long)ev)) == 0);
    CHECK_INT(run_fazhi(&out, "verify", "--db", harness_db_path(), NULL), 0);
    int64_t id = db_int("SELECT MIN(id) FROM penalty_cases WHERE decided_fine > 0");
    const char *fine =
        db_text("SELECT decided_fine FROM penalty_cases WHERE id = %lld", (long long)id);
    CHECK(db_exec_rw(tprintf("UPDATE penalty_cases SET decided_fine = decided_fine - 100 WHERE "
                             "id = %lld",
                             (long long)id)) == 0);
    CHECK(run_fazhi(&out, "verify", "--db", harness_db_path(), NULL) != 0);
    CHECK_CONTAINS(cmd_err(), tprintf("BAD penalty_cases id %lld", (long long)id));
    CHECK(db_exec_rw(tprintf("UPDATE penalty_cases SET decided_fine = %s WHERE id = %lld", fine,
                             (long long)id)) == 0);
    CHECK_INT(run_fazhi(&out, "verify", "--db", harness_db_path(), NULL), 0);
}

/* The district supervisor's view of overdue cases across the subdistricts. */
static void test_supervisor_overdue_view(void)
{
    struct browser sup = {0};
    CHECK(signin(&sup, "qc.supervisor"));
    int64_t overdue = db_int("SELECT COUNT(DISTINCT d.record_id) FROM deadlines d WHERE d.entity "
                             "= 'penalty_cases' AND d.status = 'running' AND d.due_date < '%s'",
                             TEST_TODAY);
    CHECK(overdue >= 2);
    struct resp *r = get(&sup, "/api/v1/penalty_cases?overdue=1&per_page=100");
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "total"), overdue);
    r = get(&sup, "/app/penalty_cases?overdue=1");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "东湖街道综执立");
    CHECK_CONTAINS(r->body, "西岭街道综执立");
    CHECK_CONTAINS(r->body, tprintf("共 %lld 条", (long long)overdue));
    /* the same office names in two subdistricts are told apart */
    CHECK_CONTAINS(r->body, "东湖街道 · 综合行政执法办公室");
    CHECK_CONTAINS(r->body, "西岭街道 · 综合行政执法办公室");
    /* and the supervisor reads, never writes */
    int64_t id = db_int("SELECT MIN(id) FROM penalty_cases WHERE status = 'clue'");
    CHECK_INT(api(&sup, "POST", case_path(id, "file"), "{}")->status, 403);
}

/* "My work" holds what one can act on: the legal reviewer's cases are those awaiting the
 * review; a supervisor, who only reads, sees every deadline in reach. */
static void test_my_work_by_role(void)
{
    struct browser rev = {0}, sup = {0};
    CHECK(signin(&rev, "dh.reviewer"));
    CHECK(signin(&sup, "qc.supervisor"));
    struct resp *r = get(&rev, "/api/v1/me/work");
    CHECK_INT(r->status, 200);
    json_t *items = json_object_get(r->json, "items");
    int cases = 0;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        if (strcmp(jstr(it, "entity"), "penalty_cases") != 0)
            continue;
        cases++;
        int64_t id = jint(it, "id");
        CHECK_STR(jstr(it, "status"), "reviewing");
        CHECK_INT(db_int("SELECT COUNT(*) FROM penalty_cases WHERE id = %lld AND "
                         "legal_review_reason <> 'none' AND legal_review_passed IS NULL",
                         (long long)id),
                  1);
    }
    CHECK(cases >= 1);
    r = get(&sup, "/api/v1/me/work");
    CHECK_INT(r->status, 200);
    int dh = 0, xl = 0;
    json_array_foreach(json_object_get(r->json, "items"), i, it)
    {
        if (strcmp(jstr(it, "entity"), "penalty_cases") != 0 ||
            !json_is_true(json_object_get(it, "overdue")))
            continue;
        const char *t = db_text("SELECT o.code FROM penalty_cases c JOIN orgs o ON o.id = c.org_id "
                                "WHERE c.id = %lld",
                                (long long)jint(it, "id"));
        dh += t && strcmp(t, "DH") == 0;
        xl += t && strcmp(t, "XL") == 0;
    }
    CHECK(dh > 0 && xl > 0);
}

void suite_penalty(void)
{
    RUN(test_ordinary_case_with_refusals);
    RUN(test_filing_refusals);
    RUN(test_summary_limits);
    RUN(test_hearing_notice);
    RUN(test_referral);
    RUN(test_reach_and_immutability);
    RUN(test_stats);
    RUN(test_supervisor_overdue_view);
    RUN(test_my_work_by_role);
    RUN(test_verify_catches_tampering);
}
