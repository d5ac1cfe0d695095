/* test_penalty.c — the Administrative Penalty Law as fazhi enforces it (RULES.md §1): the
 * rules as plain functions, then cases walked through the engine on real dates around the
 * 2025 National Day and the 2026 Spring Festival, each illegal step refused with its reason,
 * and the record verified (and caught when altered) at the end. */
#include <string.h>

#include "core/date.h"
#include "engine/deadline.h"
#include "engine/files.h"
#include "engine/history.h"
#include "engine/people.h"
#include "engine/workflow.h"
#include "fixture.h"
#include "modules/enforcement/enforcement.h"
#include "t.h"

static int D(const char *ymd)
{
    int d = -1;
    date_parse(ymd, &d);
    return d;
}

static calendar *real_calendar(arena *a)
{
    (void)a;
    calendar *cal = calendar_new();
    char err[200];
    calendar_load_dir(cal, "data/calendar", err, sizeof err);
    return cal;
}

/* ---- the rules --------------------------------------------------------------------------- */

static void summary_procedure_limits(void)
{
    /* art.51: 200 yuan for a citizen, 3,000 for an organisation, or a warning */
    CHECK(summary_allowed(PK_WARNING, 0, false) == NULL);
    CHECK(summary_allowed(PK_FINE, 20000, false) == NULL);
    CHECK_CONTAINS(summary_allowed(PK_FINE, 20001, false), "不得超过 200 元");
    CHECK(summary_allowed(PK_FINE, 300000, true) == NULL);
    CHECK_CONTAINS(summary_allowed(PK_FINE, 300001, true), "不得超过 3000 元");
    CHECK_CONTAINS(summary_allowed(PK_CONFISCATION, 100, false), "普通程序");
}

static void limitation_periods(void)
{
    /* art.36: two years from the act, five with serious harm; 29 Feb → 28 Feb */
    CHECK_INT(limitation_last_day(D("2023-09-01"), false), D("2025-09-01"));
    CHECK_INT(limitation_last_day(D("2023-09-01"), true), D("2028-09-01"));
    CHECK_INT(limitation_last_day(D("2024-02-29"), false), D("2026-02-28"));
}

static void hearing_rules_on_real_dates(void)
{
    arena *a = arena_new();
    calendar *cal = real_calendar(a);
    /* art.63: eligible above the provincial threshold, and always for revocations */
    CHECK(hearing_eligible(PK_FINE, 500000, false, 500000, 5000000));
    CHECK(!hearing_eligible(PK_FINE, 499999, false, 500000, 5000000));
    CHECK(!hearing_eligible(PK_FINE, 4999999, true, 500000, 5000000));
    CHECK(hearing_eligible(PK_REVOKE_LICENCE, 0, true, 500000, 5000000));
    CHECK(!hearing_eligible(PK_WARNING, 0, false, 500000, 5000000));
    /* art.64: request within 5 working days of a notice served Mon 9 Feb 2026: 10, 11, 12,
     * 13 Feb and Sat 14 Feb (调休) — the 15–23 Feb holiday is not counted */
    CHECK(hearing_request_in_time(cal, D("2026-02-09"), D("2026-02-14")) == NULL);
    CHECK_CONTAINS(hearing_request_in_time(cal, D("2026-02-09"), D("2026-02-24")), "已逾期");
    /* 2025 National Day: notice Mon 29 Sep; 30 Sep, 9, 10, Sat 11 (调休), 13 Oct */
    CHECK(hearing_request_in_time(cal, D("2025-09-29"), D("2025-10-13")) == NULL);
    CHECK(hearing_request_in_time(cal, D("2025-09-29"), D("2025-10-14")) != NULL);
    /* art.64: notice at least 7 working days ahead. From Thu 12 Feb 2026: 13, Sat 14, 24, 25,
     * 26, 27 Feb, Sat 28 Feb (调休) is the 7th */
    CHECK_CONTAINS(hearing_notice_ok(cal, D("2026-02-12"), D("2026-02-27")), "七个工作日");
    CHECK(hearing_notice_ok(cal, D("2026-02-12"), D("2026-02-28")) == NULL);
    calendar_free(cal);
    arena_free(a);
}

static void no_heavier_penalty_and_late_charges(void)
{
    /* art.45 */
    CHECK(not_heavier(PK_FINE, 150000, PK_FINE, 150000) == NULL);
    CHECK(not_heavier(PK_FINE, 150000, PK_FINE, 100000) == NULL);
    CHECK(not_heavier(PK_FINE, 150000, PK_WARNING, 0) == NULL);
    CHECK_CONTAINS(not_heavier(PK_FINE, 150000, PK_FINE, 150001), "不得高于");
    CHECK_CONTAINS(not_heavier(PK_WARNING, 0, PK_FINE, 100), "更重的处罚种类");
    /* art.72: 3% a day of the fine, never more than the fine */
    CHECK_INT(late_payment_charge(100000, 0), 0);
    CHECK_INT(late_payment_charge(100000, 1), 3000);
    CHECK_INT(late_payment_charge(100000, 10), 30000);
    CHECK_INT(late_payment_charge(100000, 33), 99000);
    CHECK_INT(late_payment_charge(100000, 34), 100000);
    CHECK_INT(late_payment_charge(100000, 400), 100000);
}

static void decision_elements_and_identifiers(void)
{
    struct decision_elements d = {"张某",
                                  "东湖路1号",
                                  "于2025年9月1日……",
                                  2,
                                  "《条例》第二十条",
                                  "十五日内缴纳",
                                  "可于六十日内申请行政复议",
                                  "东湖街道办事处",
                                  D("2025-10-14")};
    CHECK(decision_complete(&d) == NULL);
    d.party_address = "";
    CHECK_CONTAINS(decision_complete(&d), "地址");
    d.party_address = "东湖路1号";
    d.evidence_count = 0;
    CHECK_CONTAINS(decision_complete(&d), "证据");
    d.evidence_count = 1;
    d.remedy = NULL;
    CHECK_CONTAINS(decision_complete(&d), "行政复议");
    /* GB 11643 and GB 32100 check characters */
    CHECK(id_number_valid("11010519491231002X"));
    CHECK(id_number_valid("440511198506120021"));
    CHECK(!id_number_valid("440511198506120022"));
    CHECK(!id_number_valid("440507199002291230")); /* 1990 had no 29 February */
    CHECK(uscc_valid("91440500MA4W12345P"));
    CHECK(!uscc_valid("91440500MA4W12345Q"));
    CHECK(!uscc_valid("91440500MA4W1234"));
}

/* ---- cases through the engine ------------------------------------------------------------ */

struct world {
    struct fixture f;
    int64_t matter, cert1, cert2, cert_expired, cert_narrow, party, org_party, other_matter;
};

static int64_t create(struct fixture *f, struct ctx *c, const char *entity, const char *json)
{
    json_t *j = fx_json(json);
    struct record *r = NULL;
    fz_err e = entity_create(c, entity_find(entity), j, &r);
    json_decref(j);
    if (e)
        fprintf(stderr, "  create %s: %s\n", entity, c->err.message ? c->err.message : "?");
    (void)f;
    return e ? 0 : r->id;
}

static void build_world(struct world *w, const char *today)
{
    fx_open(&w->f, "sha256", today);
    struct fixture *f = &w->f;
    struct ctx *sys = &f->sys;
    CHECK_INT(
        user_add(sys, "a.reviewer", "甲法制审核员", "A", "legal_reviewer", "password-123", NULL),
        FZ_OK);
    w->matter =
        create(f, sys, "matters",
               "{\"code\":\"GG-001\",\"name\":\"未经批准设置大型户外广告\",\"org\":\"A\","
               "\"category\":\"outdoor_ads\",\"legal_basis\":\"《城市市容和环境卫生管理条例》"
               "第十一条\",\"penalty_basis\":\"《城市市容和环境卫生管理条例》第三十六条\","
               "\"effective_from\":\"2022-01-01\"}");
    w->other_matter = create(f, sys, "matters",
                             "{\"code\":\"HJ-002\",\"name\":\"随意倾倒建筑垃圾\",\"org\":\"A\","
                             "\"category\":\"construction_waste\",\"legal_basis\":\"某条\","
                             "\"penalty_basis\":\"某条\",\"effective_from\":\"2024-01-01\"}");
    char js[600];
    snprintf(js, sizeof js,
             "{\"matter\":%lld,\"tier\":\"general\",\"party_kind\":\"any\",\"fine_min\":\"500\","
             "\"fine_max\":\"2000\",\"circumstances\":\"初次发现、面积较小且及时整改\","
             "\"effective_from\":\"2024-01-01\"}",
             (long long)w->matter);
    CHECK(create(f, sys, "discretion_benchmarks", js));
    snprintf(
        js, sizeof js,
        "{\"matter\":%lld,\"kind\":\"first_violation\",\"conditions\":\"初次违法且危害后果轻微并"
        "及时改正\",\"effective_from\":\"2024-01-01\"}",
        (long long)w->matter);
    CHECK(create(f, sys, "exemptions", js));
    w->cert1 = create(f, sys, "certificates",
                      "{\"number\":\"44050001\",\"holder\":\"a.officer\",\"org\":\"A-D1\","
                      "\"issuer\":\"广东省人民政府\",\"scope_all\":true,"
                      "\"valid_from\":\"2024-01-01\",\"valid_until\":\"2027-12-31\"}");
    w->cert2 = create(f, sys, "certificates",
                      "{\"number\":\"44050002\",\"holder\":\"a.d1\",\"org\":\"A-D1\","
                      "\"issuer\":\"广东省人民政府\",\"scope_all\":true,"
                      "\"valid_from\":\"2024-01-01\",\"valid_until\":\"2027-12-31\"}");
    w->cert_expired = create(f, sys, "certificates",
                             "{\"number\":\"44050003\",\"holder\":\"a.staff\",\"org\":\"A-D1\","
                             "\"issuer\":\"广东省人民政府\",\"scope_all\":true,"
                             "\"valid_from\":\"2023-01-01\",\"valid_until\":\"2025-06-30\"}");
    snprintf(js, sizeof js,
             "{\"number\":\"44050004\",\"holder\":\"a.staff\",\"org\":\"A-D1\",\"issuer\":\"广东省"
             "人民政府\",\"matters\":[%lld],\"valid_from\":\"2024-01-01\","
             "\"valid_until\":\"2027-12-31\"}",
             (long long)w->other_matter);
    w->cert_narrow = create(f, sys, "certificates", js);
    w->party = create(f, sys, "parties",
                      "{\"kind\":\"citizen\",\"name\":\"张某某\",\"org\":\"A-C1\","
                      "\"id_number\":\"440511198506120021\",\"address\":\"甲一社区东湖路1号\"}");
    w->org_party = create(f, sys, "parties",
                          "{\"kind\":\"organisation\",\"name\":\"某某广告有限公司\",\"org\":\"A\","
                          "\"uscc\":\"91440500MA4W12345P\",\"address\":\"甲街道工业路8号\"}");
    CHECK(w->matter && w->cert1 && w->cert2 && w->cert_expired && w->party && w->org_party);
}

static int64_t new_case(struct world *w, const char *procedure, int64_t party, int64_t c1,
                        int64_t c2, const char *occurred, const char *extra)
{
    char js[700];
    snprintf(js, sizeof js,
             "{\"act_summary\":\"未经批准在东湖路设置户外广告牌\",\"procedure\":\"%s\","
             "\"department\":\"A-D1\",\"source\":\"inspection\",\"matter\":%lld,\"party\":%lld,"
             "\"officers\":[%lld,%lld],\"occurred_on\":\"%s\"%s}",
             procedure, (long long)w->matter, (long long)party, (long long)c1, (long long)c2,
             occurred, extra ? extra : "");
    return create(&w->f, fx_as(&w->f, "a.officer"), "penalty_cases", js);
}

/* Fires transition t as user with body json; returns the engine's answer, and the message in
 * *msg. */
static fz_err fire(struct world *w, const char *user, int64_t id, const char *t, const char *json,
                   const char **msg)
{
    struct ctx *c = fx_as(&w->f, user);
    json_t *j = json ? fx_json(json) : NULL;
    fz_err e = workflow_fire(c, entity_find("penalty_cases"), id, t, j, NULL);
    json_decref(j);
    if (msg)
        *msg = c->err.message ? c->err.message : "";
    return e;
}

static struct record *get(struct world *w, int64_t id)
{
    struct record *r = NULL;
    entity_get(&w->f.sys, entity_find("penalty_cases"), id, &r);
    return r;
}

static const char *field(struct record *r, const char *name)
{
    const struct value *v = guard_field(r, name);
    return v ? v->s : NULL;
}

static const char *due(struct record *r, const char *kind)
{
    const char *d = NULL;
    for (size_t i = 0; i < r->ndeadlines; i++)
        if (strcmp(r->deadlines[i].kind, kind) == 0)
            d = r->deadlines[i].due_date;
    return d;
}

static void add_evidence(struct world *w, int64_t id, const char *at)
{
    struct ctx *c = fx_as(&w->f, "a.officer");
    struct file_info fi;
    char png[64] = "\x89PNG\r\n\x1a\n";
    snprintf(png + 8, sizeof png - 8, "evidence-%lld-%s", (long long)id, at);
    struct org d1;
    CHECK_INT(org_by_code(c, "A-D1", &d1), FZ_OK);
    CHECK_INT(file_store(c, d1.id, "现场照片.png", "image/png", png, 8 + strlen(png + 8), &fi),
              FZ_OK);
    char js[300];
    snprintf(js, sizeof js,
             "{\"penalty_case\":%lld,\"kind\":\"photo\",\"description\":\"现场广告牌全景\","
             "\"files\":[%lld],\"collected_at\":\"%s\",\"latitude\":\"23.35\","
             "\"longitude\":\"116.68\"}",
             (long long)id, (long long)fi.id, at);
    CHECK(create(&w->f, c, "evidence", js));
}

static const char *REVIEW =
    "{\"facts\":\"当事人于2025年8月28日起在东湖路设置户外广告牌一块，面积约20平方米，"
    "未经批准。\",\"proposed_penalty\":\"fine\",\"proposed_fine\":\"1500\",\"discretion_tier\":"
    "\"general\",\"legal_review_reason\":\"major_rights\",\"collective_required\":true}";
static const char *DECIDE_1500 =
    "{\"decided_penalty\":\"fine\",\"decided_fine\":\"1500\",\"performance\":\"自收到本决定书之日起"
    "十五日内缴纳至指定银行\",\"remedy\":\"如不服本决定，可在六十日内申请行政复议，或在六个月内"
    "提起行政诉讼\"}";

/* A 1,000-yuan proposal needing no legal review, and the decision that follows it. */
static const char *REVIEW_1000 =
    "{\"facts\":\"当事人设置广告牌一块。\",\"proposed_penalty\":\"fine\",\"proposed_fine\":"
    "\"1000\",\"legal_review_reason\":\"none\"}";
static const char *DECIDE_1000 =
    "{\"decided_penalty\":\"fine\",\"decided_fine\":\"1000\",\"performance\":\"十五日内缴纳"
    "\",\"remedy\":\"六十日内申请行政复议\"}";

static void ordinary_case_walk_around_national_day_2025(void)
{
    struct world w;
    build_world(&w, "2025-09-01");
    const char *msg;
    int64_t id = new_case(&w, "ordinary", w.party, w.cert1, w.cert2, "2025-08-28", NULL);
    CHECK(id);
    struct record *r = get(&w, id);
    CHECK_STR(r->status, "clue");
    /* only the office head files */
    CHECK_INT(fire(&w, "a.officer", id, "file", NULL, &msg), FZ_EFORBIDDEN);
    CHECK_INT(fire(&w, "a.leader", id, "file", NULL, &msg), FZ_OK);
    r = get(&w, id);
    CHECK_STR(field(r, "case_number"), "甲街道综执立〔2025〕1号");
    /* the history shows what filing changed, and nothing that stayed empty */
    struct history_item *hist;
    size_t nhist;
    CHECK_INT(
        history_load(fx_as(&w.f, "a.leader"), entity_find("penalty_cases"), id, &hist, &nhist),
        FZ_OK);
    bool saw_file = false;
    for (size_t i = 0; i < nhist; i++) {
        if (strcmp(hist[i].action, "penalty_cases.file") != 0)
            continue;
        saw_file = true;
        CHECK_INT((int)hist[i].nchanges, 4);
        for (size_t k = 0; k < hist[i].nchanges; k++) {
            const struct history_change *ch = &hist[i].changes[k];
            CHECK(strcmp(ch->field, "status") == 0 || strcmp(ch->field, "case_number") == 0 ||
                  strcmp(ch->field, "filed_on") == 0 || strcmp(ch->field, "deadlines") == 0);
            if (strcmp(ch->field, "deadlines") == 0) {
                CHECK_STR(ch->label, "期限：作出决定期限");
                CHECK_STR(ch->after, "开始计算，到期日 2025-12-01");
            }
        }
    }
    CHECK(saw_file);
    /* art.60: 90 days from 1 Sep 2025 is Sun 30 Nov: the next working day, Mon 1 Dec */
    CHECK_STR(due(r, "decision_due"), "2025-12-01");
    /* no review without evidence */
    fx_today(&w.f, "2025-09-10");
    CHECK_INT(fire(&w, "a.officer", id, "submit_review", REVIEW, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "尚未登记证据");
    add_evidence(&w, id, "2025-09-02T10:00");
    CHECK_INT(fire(&w, "a.officer", id, "submit_review", REVIEW, &msg), FZ_OK);
    /* the proposal is within the general tier: the case says so */
    struct record *full;
    CHECK_INT(entity_get(fx_as(&w.f, "a.officer"), entity_find("penalty_cases"), id, &full), FZ_OK);
    CHECK(full->nwarnings >= 1);
    CHECK_CONTAINS(full->warnings[0], "裁量基准：罚款 500.00–2000.00 元");
    /* art.58: no notice (and no decision) before the legality review */
    CHECK_INT(fire(&w, "a.officer", id, "notify", "{\"notice_served_on\":\"2025-09-10\"}", &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "第五十八条");
    /* the review is for a legal reviewer, and not one who handled the case */
    CHECK_INT(fire(&w, "a.officer", id, "legal_review_pass",
                   "{\"legal_review_opinion\":\"事实清楚\"}", &msg),
              FZ_EFORBIDDEN);
    CHECK_INT(fire(&w, "a.reviewer", id, "legal_review_pass",
                   "{\"legal_review_opinion\":\"主体合法，事实清楚，证据确凿，适用依据正确，"
                   "裁量适当，程序合法。\"}",
                   &msg),
              FZ_OK);
    r = get(&w, id);
    CHECK_STR(field(r, "legal_reviewer"), "a.reviewer");
    fx_today(&w.f, "2025-09-29");
    CHECK_INT(fire(&w, "a.officer", id, "notify", "{\"notice_served_on\":\"2025-09-30\"}", &msg),
              FZ_EGUARD); /* not in the future */
    CHECK_INT(fire(&w, "a.officer", id, "notify", "{\"notice_served_on\":\"2025-09-29\"}", &msg),
              FZ_OK);
    r = get(&w, id);
    /* 5 working days from Mon 29 Sep 2025: 30 Sep, 9, 10, Sat 11 (调休) and 13 Oct */
    CHECK_STR(due(r, "statement_period"), "2025-10-13");
    /* art.57: the decision is the head's, not the handling officer's */
    CHECK_INT(fire(&w, "a.officer", id, "decide", DECIDE_1500, &msg), FZ_EFORBIDDEN);
    /* art.44/64: no decision until the period ends */
    fx_today(&w.f, "2025-10-13");
    CHECK_INT(fire(&w, "a.leader", id, "decide", DECIDE_1500, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "2025年10月13日届满");
    fx_today(&w.f, "2025-10-14");
    /* art.57¶2: the heads deliberate collectively before a decision the review marked so */
    CHECK_INT(fire(&w, "a.leader", id, "decide", DECIDE_1500, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "集体讨论");
    CHECK_INT(fire(&w, "a.officer", id, "deliberate", "{\"collective_opinion\":\"同意\"}", &msg),
              FZ_EFORBIDDEN);
    CHECK_INT(fire(&w, "a.leader", id, "deliberate", "{\"collective_opinion\":\"同意\"}", &msg),
              FZ_OK);
    /* art.45: not heavier than the notice */
    CHECK_INT(
        fire(&w, "a.leader", id, "decide",
             "{\"decided_penalty\":\"fine\",\"decided_fine\":\"1600\",\"performance\":\"十五日"
             "内缴纳\",\"remedy\":\"六十日内申请行政复议\"}",
             &msg),
        FZ_EGUARD);
    CHECK_CONTAINS(msg, "不得高于事先告知的数额 1500.00 元");
    CHECK_INT(fire(&w, "a.leader", id, "decide", DECIDE_1500, &msg), FZ_OK);
    r = get(&w, id);
    CHECK_STR(r->status, "decided");
    CHECK_STR(field(r, "decision_number"), "甲街道罚决字〔2025〕1号");
    /* art.61: 7 working days from Tue 14 Oct: 15, 16, 17, 20, 21, 22, 23 Oct */
    CHECK_STR(due(r, "service_due"), "2025-10-23");
    /* the decision is queued for publication within 7 working days */
    stmt *st = db_prepare(w.f.db, "SELECT d.due_date, i.status FROM disclosure_items i JOIN "
                                  "deadlines d ON d.entity = 'disclosure_items' AND d.record_id = "
                                  "i.id WHERE i.penalty_case = ?");
    db_bind_int(st, 1, id);
    CHECK(db_step(st) == DB_ROW);
    CHECK_STR(db_col_text(st, 0), "2025-10-23");
    CHECK_STR(db_col_text(st, 1), "queued");
    db_done(st);
    /* service, then payment within 15 days: 16 Oct + 15 = Fri 31 Oct */
    fx_today(&w.f, "2025-10-16");
    CHECK_INT(fire(&w, "a.officer", id, "serve",
                   "{\"served_on\":\"2025-10-16\",\"service_method\":\"direct\"}", &msg),
              FZ_OK);
    r = get(&w, id);
    CHECK_STR(due(r, "payment_due"), "2025-10-31");
    /* art.72: paid 10 days late, 3% a day: 1,500 + 450 */
    fx_today(&w.f, "2025-11-10");
    CHECK_INT(fire(&w, "a.officer", id, "record_payment",
                   "{\"paid_amount\":\"1500\",\"paid_on\":\"2025-11-10\"}", &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "应缴 1950.00 元（其中加处罚款 450.00 元");
    CHECK_INT(fire(&w, "a.officer", id, "record_payment",
                   "{\"paid_amount\":\"1950\",\"paid_on\":\"2025-11-10\"}", &msg),
              FZ_OK);
    r = get(&w, id);
    CHECK_STR(field(r, "late_fee"), "450.00");
    CHECK_INT(fire(&w, "a.leader", id, "close", NULL, &msg), FZ_OK);
    CHECK_INT(fire(&w, "a.staff", id, "archive", NULL, &msg), FZ_OK);
    /* after the decision the case record is closed to edits */
    json_t *j = fx_json("{\"location\":\"改动\"}");
    CHECK(entity_update(fx_as(&w.f, "a.officer"), entity_find("penalty_cases"), id, j, NULL) != 0);
    json_decref(j);
    /* the whole walk is on the record; altering evidence or the case behind the program's
     * back is caught */
    CHECK_INT(fx_verify(&w.f, NULL), 0);
    fx_sql(&w.f, "UPDATE evidence SET description = '换掉了'");
    char *text;
    CHECK(fx_verify(&w.f, &text) >= 1);
    CHECK_CONTAINS(text, "evidence id");
    fx_sql(&w.f, "UPDATE penalty_cases SET decided_fine = 100");
    CHECK(fx_verify(&w.f, &text) >= 2);
    CHECK_CONTAINS(text, "penalty_cases id");
    fx_close(&w.f);
}

static void hearing_around_spring_festival_2026(void)
{
    struct world w;
    build_world(&w, "2026-02-02");
    const char *msg;
    int64_t id = new_case(&w, "ordinary", w.party, w.cert1, w.cert2, "2026-01-20", NULL);
    CHECK_INT(fire(&w, "a.leader", id, "file", NULL, &msg), FZ_OK);
    add_evidence(&w, id, "2026-02-02T09:30");
    CHECK_INT(fire(&w, "a.officer", id, "submit_review",
                   "{\"facts\":\"当事人在主干道设置大型广告牌，拒不整改。\",\"proposed_penalty\":"
                   "\"fine\",\"proposed_fine\":\"60000\",\"legal_review_reason\":\"none\"}",
                   &msg),
              FZ_OK);
    fx_today(&w.f, "2026-02-09");
    CHECK_INT(fire(&w, "a.officer", id, "notify", "{\"notice_served_on\":\"2026-02-09\"}", &msg),
              FZ_OK);
    /* art.64: the request came after 5 working days (last day Sat 14 Feb) */
    fx_today(&w.f, "2026-02-24");
    CHECK_INT(fire(&w, "a.officer", id, "request_hearing",
                   "{\"hearing_requested_on\":\"2026-02-24\"}", &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "2026年2月14日前");
    CHECK_INT(fire(&w, "a.officer", id, "request_hearing",
                   "{\"hearing_requested_on\":\"2026-02-12\"}", &msg),
              FZ_OK);
    /* art.64: at least 7 working days' notice: 27 Feb is the 6th after 12 Feb */
    CHECK_INT(fire(&w, "a.officer", id, "schedule_hearing",
                   "{\"hearing_notice_on\":\"2026-02-12\",\"hearing_on\":\"2026-02-27\","
                   "\"hearing_chair\":\"a.staff\"}",
                   &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "七个工作日前");
    /* art.64(4): not chaired by one of the case's investigators */
    CHECK_INT(fire(&w, "a.officer", id, "schedule_hearing",
                   "{\"hearing_notice_on\":\"2026-02-12\",\"hearing_on\":\"2026-02-28\","
                   "\"hearing_chair\":\"a.d1\"}",
                   &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "听证主持人不能是本案调查人员");
    CHECK_INT(fire(&w, "a.officer", id, "schedule_hearing",
                   "{\"hearing_notice_on\":\"2026-02-12\",\"hearing_on\":\"2026-02-28\","
                   "\"hearing_chair\":\"a.staff\"}",
                   &msg),
              FZ_OK);
    /* no decision while the hearing is pending (wrong state), nor holding it early */
    CHECK_INT(fire(&w, "a.leader", id, "decide", DECIDE_1500, &msg), FZ_EGUARD);
    CHECK_INT(
        fire(&w, "a.officer", id, "hold_hearing", "{\"statement_summary\":\"当事人陈述\"}", &msg),
        FZ_EGUARD);
    fx_today(&w.f, "2026-02-28");
    CHECK_INT(fire(&w, "a.officer", id, "hold_hearing",
                   "{\"statement_summary\":\"当事人承认事实，请求从轻处罚。\"}", &msg),
              FZ_OK);
    /* art.58(2): a case that went through a hearing needs the legality review */
    CHECK_INT(
        fire(&w, "a.leader", id, "decide",
             "{\"decided_penalty\":\"fine\",\"decided_fine\":\"50000\",\"performance\":\"十五日"
             "内缴纳\",\"remedy\":\"六十日内申请行政复议\"}",
             &msg),
        FZ_EGUARD);
    CHECK_CONTAINS(msg, "法制审核");
    CHECK_INT(fire(&w, "a.reviewer", id, "legal_review_pass",
                   "{\"legal_review_opinion\":\"听证后事实清楚，裁量适当。\"}", &msg),
              FZ_OK);
    CHECK_INT(
        fire(&w, "a.leader", id, "decide",
             "{\"decided_penalty\":\"fine\",\"decided_fine\":\"50000\",\"performance\":\"十五日"
             "内缴纳\",\"remedy\":\"六十日内申请行政复议\"}",
             &msg),
        FZ_OK);
    CHECK_INT(fx_verify(&w.f, NULL), 0);
    fx_close(&w.f);
}

static void hearing_only_when_eligible(void)
{
    struct world w;
    build_world(&w, "2026-03-02");
    const char *msg;
    int64_t id = new_case(&w, "ordinary", w.party, w.cert1, w.cert2, "2026-02-26", NULL);
    CHECK_INT(fire(&w, "a.leader", id, "file", NULL, &msg), FZ_OK);
    add_evidence(&w, id, "2026-03-02T09:30");
    CHECK_INT(fire(&w, "a.officer", id, "submit_review",
                   "{\"facts\":\"当事人设置小型广告牌一块，已当场整改。\",\"proposed_penalty\":"
                   "\"fine\",\"proposed_fine\":\"800\",\"legal_review_reason\":\"none\"}",
                   &msg),
              FZ_OK);
    CHECK_INT(fire(&w, "a.officer", id, "notify", "{\"notice_served_on\":\"2026-03-02\"}", &msg),
              FZ_OK);
    CHECK_INT(fire(&w, "a.officer", id, "request_hearing",
                   "{\"hearing_requested_on\":\"2026-03-02\"}", &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "不属于听证范围");
    /* the party may waive its rights; then a decision need not wait */
    CHECK_INT(fire(&w, "a.officer", id, "waive", "{\"note\":\"当事人书面放弃\"}", &msg), FZ_OK);
    CHECK_INT(fire(&w, "a.leader", id, "decide",
                   "{\"decided_penalty\":\"warning\",\"performance\":\"立即改正\",\"remedy\":\"六"
                   "十日内申请行政复议\"}",
                   &msg),
              FZ_OK);
    fx_close(&w.f);
}

/* The decide_on_site parameters with the given fine. */
static void on_site_json(char *js, size_t n, const char *fine)
{
    snprintf(js, n,
             "{\"facts\":\"当场发现违规悬挂横幅\",\"decided_penalty\":\"fine\","
             "\"decided_fine\":\"%s\",\"on_site_form_number\":\"DH-0001\","
             "\"performance\":\"当场缴纳\",\"remedy\":\"六十日内申请行政复议\"}",
             fine);
}

static void summary_procedure_on_site(void)
{
    struct world w;
    build_world(&w, "2026-05-06");
    const char *msg;
    int64_t id = new_case(&w, "summary", w.party, w.cert1, w.cert2, "2026-05-06", NULL);
    struct record *r = get(&w, id);
    CHECK_STR(r->status, "on_site");
    char js[400];
    on_site_json(js, sizeof js, "201");
    CHECK_INT(fire(&w, "a.officer", id, "decide_on_site", js, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "200 元");
    on_site_json(js, sizeof js, "200");
    CHECK_INT(fire(&w, "a.officer", id, "decide_on_site", js, &msg), FZ_OK);
    r = get(&w, id);
    CHECK_STR(r->status, "served");
    CHECK_STR(field(r, "decision_number"), "甲街道当场罚字〔2026〕1号");
    /* 15 days from Wed 6 May: Thu 21 May */
    CHECK_STR(due(r, "payment_due"), "2026-05-21");
    /* an organisation's limit is 3,000 */
    int64_t id2 = new_case(&w, "summary", w.org_party, w.cert1, w.cert2, "2026-05-06", NULL);
    on_site_json(js, sizeof js, "3000.01");
    CHECK_INT(fire(&w, "a.officer", id2, "decide_on_site", js, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "3000 元");
    fx_close(&w.f);
}

static void filing_checks_limitation_and_officers(void)
{
    struct world w;
    build_world(&w, "2025-09-02");
    const char *msg;
    /* art.36: an act of 1 Sep 2023 can be filed until 1 Sep 2025 */
    int64_t old = new_case(&w, "ordinary", w.party, w.cert1, w.cert2, "2023-09-01", NULL);
    CHECK_INT(fire(&w, "a.leader", old, "file", NULL, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "两年追责时效（截至2025年9月1日）");
    /* five years where life, health and safety were harmed */
    int64_t serious =
        new_case(&w, "ordinary", w.party, w.cert1, w.cert2, "2023-09-01", ",\"harm_serious\":true");
    CHECK_INT(fire(&w, "a.leader", serious, "file", NULL, &msg), FZ_OK);
    /* a continuing act counts from its end */
    int64_t cont = new_case(&w, "ordinary", w.party, w.cert1, w.cert2, "2023-01-01",
                            ",\"continuing\":true,\"ended_on\":\"2024-06-30\"");
    CHECK_INT(fire(&w, "a.leader", cont, "file", NULL, &msg), FZ_OK);
    /* art.42: an expired certificate does not count */
    int64_t exp = new_case(&w, "ordinary", w.party, w.cert1, w.cert_expired, "2025-08-30", NULL);
    CHECK_INT(fire(&w, "a.leader", exp, "file", NULL, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "执法证 44050003 已于 2025-06-30 过期");
    /* nor one whose scope does not cover the matter */
    int64_t narrow = new_case(&w, "ordinary", w.party, w.cert1, w.cert_narrow, "2025-08-30", NULL);
    CHECK_INT(fire(&w, "a.leader", narrow, "file", NULL, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "执法范围不包括本案事项");
    /* one officer is not enough: the case itself refuses fewer than two */
    char js[400];
    snprintf(js, sizeof js,
             "{\"act_summary\":\"单人办案\",\"procedure\":\"ordinary\",\"department\":\"A-D1\","
             "\"source\":\"inspection\",\"matter\":%lld,\"party\":%lld,\"officers\":[%lld],"
             "\"occurred_on\":\"2025-08-30\"}",
             (long long)w.matter, (long long)w.party, (long long)w.cert1);
    json_t *j = fx_json(js);
    struct ctx *c = fx_as(&w.f, "a.officer");
    CHECK_INT(entity_create(c, entity_find("penalty_cases"), j, NULL), FZ_EVALID);
    json_decref(j);
    fx_close(&w.f);
}

static void suspension_extension_and_lateness(void)
{
    struct world w;
    build_world(&w, "2025-09-01");
    const char *msg;
    int64_t id = new_case(&w, "ordinary", w.party, w.cert1, w.cert2, "2025-08-28", NULL);
    CHECK_INT(fire(&w, "a.leader", id, "file", NULL, &msg), FZ_OK);
    fx_today(&w.f, "2025-09-03");
    add_evidence(&w, id, "2025-09-02T10:00");
    fx_today(&w.f, "2025-10-10");
    CHECK_INT(fire(&w, "a.leader", id, "suspend", "{\"reason\":\"当事人下落不明\"}", &msg), FZ_OK);
    CHECK_INT(fire(&w, "a.officer", id, "submit_review", REVIEW, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "已中止");
    /* resumed 10 days later: the unrolled end, Sun 30 Nov, moves 10 days to Wed 10 Dec (only
     * the final date rolls to a working day) */
    fx_today(&w.f, "2025-10-20");
    CHECK_INT(fire(&w, "a.leader", id, "resume", NULL, &msg), FZ_OK);
    struct record *r = get(&w, id);
    CHECK_STR(due(r, "decision_due"), "2025-12-10");
    /* an approved extension of 30 days: Fri 9 Jan 2026 */
    CHECK_INT(
        fire(&w, "a.officer", id, "extend", "{\"extension_days\":30,\"reason\":\"批准\"}", &msg),
        FZ_EFORBIDDEN);
    CHECK_INT(fire(&w, "a.leader", id, "extend",
                   "{\"extension_days\":30,\"reason\":\"案情复杂，"
                   "经负责人批准延长三十日\"}",
                   &msg),
              FZ_OK);
    r = get(&w, id);
    CHECK_STR(due(r, "decision_due"), "2026-01-09");
    /* suspension, resumption and extension stay visible in the history */
    struct history_item *hist;
    size_t nhist;
    CHECK_INT(
        history_load(fx_as(&w.f, "a.leader"), entity_find("penalty_cases"), id, &hist, &nhist),
        FZ_OK);
    int seen = 0;
    for (size_t i = 0; i < nhist; i++) {
        const struct history_change *dl = NULL;
        for (size_t k = 0; k < hist[i].nchanges; k++)
            if (strcmp(hist[i].changes[k].field, "deadlines") == 0)
                dl = &hist[i].changes[k];
        if (strcmp(hist[i].action, "penalty_cases.suspend") == 0 && dl) {
            CHECK_STR(dl->before, "计时中");
            CHECK_STR(dl->after, "已中止计时");
            seen++;
        } else if (strcmp(hist[i].action, "penalty_cases.resume") == 0 && dl) {
            CHECK_STR(dl->before, "到期日 2025-12-01");
            CHECK_STR(dl->after, "到期日 2025-12-10（计时中）");
            seen++;
        } else if (strcmp(hist[i].action, "penalty_cases.extend") == 0 && dl) {
            CHECK_STR(dl->before, "到期日 2025-12-10");
            CHECK_STR(dl->after, "到期日 2026-01-09（计时中）");
            seen++;
        }
    }
    CHECK_INT(seen, 3);
    /* past the deadline a decision needs another approval (art.60) */
    CHECK_INT(fire(&w, "a.officer", id, "submit_review",
                   "{\"facts\":\"当事人于2025年8月28日设置广告牌。\",\"proposed_penalty\":\"fine\","
                   "\"proposed_fine\":\"1000\",\"legal_review_reason\":\"none\"}",
                   &msg),
              FZ_OK);
    CHECK_INT(fire(&w, "a.officer", id, "notify", "{\"notice_served_on\":\"2025-10-20\"}", &msg),
              FZ_OK);
    fx_today(&w.f, "2026-01-12");
    CHECK_INT(fire(&w, "a.leader", id, "decide", DECIDE_1000, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "已超过作出决定的期限（2026-01-09）");
    CHECK_INT(fx_verify(&w.f, NULL), 0);
    fx_close(&w.f);
}

static void revocation_withdraws_publication(void)
{
    struct world w;
    build_world(&w, "2026-03-02");
    const char *msg;
    int64_t id = new_case(&w, "ordinary", w.party, w.cert1, w.cert2, "2026-02-26", NULL);
    CHECK_INT(fire(&w, "a.leader", id, "file", NULL, &msg), FZ_OK);
    add_evidence(&w, id, "2026-03-02T09:30");
    CHECK_INT(fire(&w, "a.officer", id, "submit_review", REVIEW_1000, &msg), FZ_OK);
    CHECK_INT(fire(&w, "a.officer", id, "notify", "{\"notice_served_on\":\"2026-03-02\"}", &msg),
              FZ_OK);
    CHECK_INT(fire(&w, "a.officer", id, "waive", NULL, &msg), FZ_OK);
    CHECK_INT(fire(&w, "a.leader", id, "decide", DECIDE_1000, &msg), FZ_OK);
    /* published, then the decision is revoked on Thu 30 Apr 2026: withdrawn within 3 working
     * days — 1–5 May is the Labour Day holiday: 6, 7, 8 May */
    stmt *st = db_prepare(w.f.db, "SELECT id FROM disclosure_items WHERE penalty_case = ?");
    db_bind_int(st, 1, id);
    int64_t item = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    CHECK(item);
    CHECK_INT(workflow_fire(fx_as(&w.f, "a.staff"), entity_find("disclosure_items"), item,
                            "publish", NULL, NULL),
              FZ_OK);
    fx_today(&w.f, "2026-04-30");
    CHECK_INT(fire(&w, "a.leader", id, "revoke", "{\"reason\":\"复议机关决定撤销\"}", &msg), FZ_OK);
    struct record *it;
    CHECK_INT(entity_get(&w.f.sys, entity_find("disclosure_items"), item, &it), FZ_OK);
    CHECK_STR(it->status, "withdrawal_pending");
    CHECK_STR(due(it, "withdraw_due"), "2026-05-08");
    char *text = NULL;
    CHECK_INT(fx_verify(&w.f, &text), 0);
    if (t_failed_checks)
        fprintf(stderr, "%s", text ? text : "");
    fx_close(&w.f);
}

/* 国务院令310 (RULES.md §3): approval within 3 days of the report, transfer within 24 hours
 * with the package, the police's 3 days, and the agency's 3 days to ask for
 * reconsideration; each a tracked deadline on real dates. */
static fz_err fire_ref(struct world *w, const char *user, int64_t id, const char *t,
                       const char *json, const char **msg)
{
    struct ctx *c = fx_as(&w->f, user);
    json_t *j = json ? fx_json(json) : NULL;
    fz_err e = workflow_fire(c, entity_find("criminal_referrals"), id, t, j, NULL);
    json_decref(j);
    if (msg)
        *msg = c->err.message ? c->err.message : "";
    return e;
}

static const char *ref_due(struct world *w, int64_t id, const char *kind)
{
    struct record *r = NULL;
    if (entity_get(&w->f.sys, entity_find("criminal_referrals"), id, &r))
        return NULL;
    for (size_t i = 0; i < r->ndeadlines; i++)
        if (strcmp(r->deadlines[i].kind, kind) == 0)
            return r->deadlines[i].due_date;
    return NULL;
}

static void referral_deadlines_and_package(void)
{
    struct world w;
    build_world(&w, "2026-03-02");
    const char *msg;
    int64_t id = new_case(&w, "ordinary", w.org_party, w.cert1, w.cert2, "2026-02-26", NULL);
    CHECK_INT(fire(&w, "a.leader", id, "file", NULL, &msg), FZ_OK);
    /* the transfer needs the report */
    CHECK_INT(fire(&w, "a.officer", id, "transfer", "{\"suspected_offence\":\"污染环境罪\"}", &msg),
              FZ_EVALID);
    /* Wed 4 Mar 2026: the case's officer reports; the head decides on the referral */
    fx_today(&w.f, "2026-03-04");
    CHECK_INT(fire(&w, "a.officer", id, "transfer",
                   "{\"suspected_offence\":\"污染环境罪\",\"transfer_report\":\"当事人向河道倾倒"
                   "建筑垃圾约300吨，涉嫌污染环境罪。\"}",
                   &msg),
              FZ_OK);
    /* the case waits, its decision period standing still */
    struct record *pc = get(&w, id);
    CHECK_STR(pc->status, "transferring");
    CHECK_STR(pc->deadlines[0].status, "suspended");
    stmt *st = db_prepare(w.f.db, "SELECT id FROM criminal_referrals WHERE penalty_case = ?");
    db_bind_int(st, 1, id);
    int64_t ref = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    CHECK(ref);
    /* the head decides within 3 days: Sat 7 Mar, so the next working day, Mon 9 Mar */
    CHECK_STR(ref_due(&w, ref, "approval_due"), "2026-03-09");
    CHECK_INT(fire_ref(&w, "a.officer", ref, "approve", NULL, &msg), FZ_EFORBIDDEN);
    fx_today(&w.f, "2026-03-05");
    CHECK_INT(fire_ref(&w, "a.leader", ref, "approve", NULL, &msg), FZ_OK);
    /* 24 hours: Fri 6 Mar */
    CHECK_STR(ref_due(&w, ref, "transfer_due"), "2026-03-06");
    CHECK_INT(
        fire_ref(&w, "a.officer", ref, "transfer", "{\"police_station\":\"某区公安分局\"}", &msg),
        FZ_EGUARD);
    CHECK_CONTAINS(msg, "缺少涉嫌犯罪案件移送书");
    struct ctx *c = fx_as(&w.f, "a.officer");
    struct org d1;
    CHECK_INT(org_by_code(c, "A-D1", &d1), FZ_OK);
    int64_t files[4];
    for (int i = 0; i < 4; i++) {
        struct file_info fi;
        char pdf[64];
        int n = snprintf(pdf, sizeof pdf, "%%PDF-1.4\n%% material %d\n%%%%EOF\n", i);
        CHECK_INT(file_store(c, d1.id, "移送材料.pdf", "application/pdf", pdf, (size_t)n, &fi),
                  FZ_OK);
        files[i] = fi.id;
    }
    char js[300];
    snprintf(js, sizeof js,
             "{\"transfer_letter\":[%lld],\"investigation_report\":[%lld],\"item_list\":[%lld]}",
             (long long)files[0], (long long)files[1], (long long)files[2]);
    json_t *j = fx_json(js);
    CHECK_INT(entity_update(c, entity_find("criminal_referrals"), ref, j, NULL), FZ_OK);
    json_decref(j);
    CHECK_INT(
        fire_ref(&w, "a.officer", ref, "transfer", "{\"police_station\":\"某区公安分局\"}", &msg),
        FZ_EGUARD);
    CHECK_CONTAINS(msg, "缺少有关检验报告或者鉴定结论");
    snprintf(js, sizeof js, "{\"appraisal\":[%lld]}", (long long)files[3]);
    j = fx_json(js);
    CHECK_INT(entity_update(c, entity_find("criminal_referrals"), ref, j, NULL), FZ_OK);
    json_decref(j);
    CHECK_INT(
        fire_ref(&w, "a.officer", ref, "transfer", "{\"police_station\":\"某区公安分局\"}", &msg),
        FZ_OK);
    /* received Fri 6 Mar: the police review within 3 days, Mon 9 Mar */
    fx_today(&w.f, "2026-03-06");
    CHECK_INT(fire_ref(&w, "a.officer", ref, "receipt", "{\"received_on\":\"2026-03-06\"}", &msg),
              FZ_OK);
    CHECK_STR(ref_due(&w, ref, "police_review_due"), "2026-03-09");
    /* refused Thu 12 Mar: reconsideration asked within 3 days, Sun 15 → Mon 16 Mar */
    fx_today(&w.f, "2026-03-12");
    CHECK_INT(fire_ref(&w, "a.officer", ref, "police_refuse",
                       "{\"police_decided_on\":\"2026-03-12\"}", &msg),
              FZ_OK);
    CHECK_STR(ref_due(&w, ref, "reconsideration_request_due"), "2026-03-16");
    fx_today(&w.f, "2026-03-17");
    CHECK_INT(fire_ref(&w, "a.leader", ref, "request_reconsideration",
                       "{\"reconsideration_on\":\"2026-03-17\"}", &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "三日内提请复议");
    CHECK_INT(fire_ref(&w, "a.leader", ref, "request_reconsideration",
                       "{\"reconsideration_on\":\"2026-03-16\"}", &msg),
              FZ_OK);
    /* refused again on reconsideration: the case comes back to be handled administratively
     * (310 art.13), its decision period running on from where it stood */
    fx_today(&w.f, "2026-03-18");
    CHECK_INT(fire_ref(&w, "a.officer", ref, "reconsider_refuse", NULL, &msg), FZ_OK);
    pc = get(&w, id);
    CHECK_STR(pc->status, "investigating");
    CHECK_STR(pc->deadlines[0].status, "running");
    /* filed 2 Mar: due 31 May (Sun) → 1 Jun; stood still 4–18 Mar, 14 days: 14 Jun (Sun) →
     * Mon 15 Jun */
    CHECK_STR(pc->deadlines[0].due_date, "2026-06-15");
    CHECK_INT(fx_verify(&w.f, NULL), 0);
    fx_close(&w.f);
}

/* Who may take each step, what stays fixed once filed or notified, and the smaller rules
 * of decisions: no "penalty" of none, amounts only for fines, electronic service only with
 * consent, 首违不罚 only for a first violation, an extension only before the period ends, a
 * revocation even after archiving. */
static void steps_people_and_frozen_facts(void)
{
    struct world w;
    build_world(&w, "2026-03-02");
    const char *msg;
    int64_t id = new_case(&w, "ordinary", w.party, w.cert1, w.cert2, "2026-02-26", NULL);
    CHECK_INT(fire(&w, "a.leader", id, "file", NULL, &msg), FZ_OK);
    /* filed: the party, the matter and the act's date are what filing checked */
    struct ctx *oc = fx_as(&w.f, "a.officer");
    char js[200];
    snprintf(js, sizeof js, "{\"party\":%lld}", (long long)w.org_party);
    json_t *j = fx_json(js);
    CHECK_INT(entity_update(oc, entity_find("penalty_cases"), id, j, NULL), FZ_EVALID);
    CHECK_STR(oc->err.field, "party");
    json_decref(j);
    j = fx_json("{\"occurred_on\":\"2024-01-01\"}");
    CHECK_INT(entity_update(oc, entity_find("penalty_cases"), id, j, NULL), FZ_EVALID);
    json_decref(j);
    j = fx_json("{\"location\":\"东湖路1号\"}");
    CHECK_INT(entity_update(oc, entity_find("penalty_cases"), id, j, NULL), FZ_OK);
    json_decref(j);
    add_evidence(&w, id, "2026-03-02T09:00");
    /* art.42: the acts are the case's certified officers' (the head holds no certificate) */
    CHECK_INT(fire(&w, "a.leader", id, "submit_review", REVIEW_1000, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "只有本案持证执法人员");
    CHECK_INT(fire(&w, "a.officer", id, "submit_review", REVIEW_1000, &msg), FZ_OK);
    CHECK_INT(fire(&w, "a.officer", id, "notify", "{\"notice_served_on\":\"2026-03-02\"}", &msg),
              FZ_OK);
    /* notified: the facts the party was told stay as told */
    j = fx_json("{\"facts\":\"另行认定的违法事实\"}");
    CHECK_INT(entity_update(oc, entity_find("penalty_cases"), id, j, NULL), FZ_EVALID);
    CHECK_CONTAINS(oc->err.message, "已事先告知");
    json_decref(j);
    CHECK_INT(fire(&w, "a.officer", id, "waive", NULL, &msg), FZ_OK);
    CHECK_INT(
        fire(&w, "a.leader", id, "decide",
             "{\"decided_penalty\":\"none\",\"performance\":\"不适用\",\"remedy\":\"六十日内申请"
             "行政复议\"}",
             &msg),
        FZ_EGUARD);
    CHECK_CONTAINS(msg, "不予行政处罚决定");
    CHECK_INT(fire(&w, "a.leader", id, "decide",
                   "{\"decided_penalty\":\"warning\",\"decided_fine\":\"100\",\"performance\":"
                   "\"立即改正\",\"remedy\":\"六十日内申请行政复议\"}",
                   &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "只有罚款、没收才填写数额");
    CHECK_INT(fire(&w, "a.leader", id, "decide", DECIDE_1000, &msg), FZ_OK);
    /* art.61: electronic service needs the party's consent */
    CHECK_INT(fire(&w, "a.officer", id, "serve",
                   "{\"served_on\":\"2026-03-02\",\"service_method\":\"electronic\"}", &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "电子送达须经当事人同意");
    CHECK_INT(fire(&w, "a.officer", id, "serve",
                   "{\"served_on\":\"2026-03-02\",\"service_method\":\"electronic\","
                   "\"service_consent\":\"确认书2026-003\"}",
                   &msg),
              FZ_OK);
    CHECK_INT(fire(&w, "a.officer", id, "record_payment",
                   "{\"paid_amount\":\"1000\",\"paid_on\":\"2026-03-02\"}", &msg),
              FZ_OK);
    /* 首违不罚 is for a first violation: the same party penalised for the same matter is not */
    fx_today(&w.f, "2026-03-10");
    const char *facts = ",\"facts\":\"当事人再次设置广告牌一块，已当场拆除。\"";
    int64_t again = new_case(&w, "ordinary", w.party, w.cert1, w.cert2, "2026-03-09", facts);
    CHECK_INT(fire(&w, "a.leader", again, "file", NULL, &msg), FZ_OK);
    const char *first = "{\"no_penalty_reason\":\"first_violation\",\"remedy\":\"六十日内申请行政"
                        "复议\"}";
    CHECK_INT(fire(&w, "a.leader", again, "decide_no_penalty", first, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "此前已因同类违法行为受到 1 次处罚");
    /* the same person entered again in the register is the same person: found by the
     * identity number */
    int64_t twin = create(&w.f, fx_as(&w.f, "a.staff"), "parties",
                          "{\"kind\":\"citizen\",\"name\":\"张某某\",\"org\":\"A-C1\","
                          "\"id_number\":\"440511198506120021\",\"address\":\"甲一社区东湖路1号"
                          "3栋\"}");
    CHECK(twin > 0);
    int64_t twin_case = new_case(&w, "ordinary", twin, w.cert1, w.cert2, "2026-03-09", facts);
    CHECK_INT(fire(&w, "a.leader", twin_case, "file", NULL, &msg), FZ_OK);
    CHECK_INT(fire(&w, "a.leader", twin_case, "decide_no_penalty", first, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "受到 1 次处罚");
    /* nor where the exemption list does not name the matter */
    int64_t other = new_case(&w, "ordinary", w.org_party, w.cert1, w.cert2, "2026-03-09", facts);
    CHECK_INT(fire(&w, "a.leader", other, "file", NULL, &msg), FZ_OK);
    /* (the world's matter has a first-violation exemption, so this one passes) */
    CHECK_INT(fire(&w, "a.leader", other, "decide_no_penalty", first, &msg), FZ_OK);
    /* art.60: an extension is approved before the period runs out (filed 10 Mar: 8 Jun) */
    fx_today(&w.f, "2026-06-09");
    CHECK_INT(fire(&w, "a.leader", again, "extend",
                   "{\"extension_days\":30,\"reason\":\"案情复杂\"}", &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "应在届满前批准延长");
    /* a decision set aside after the file was archived is still revoked; its never-published
     * disclosure is simply not published */
    CHECK_INT(fire(&w, "a.leader", id, "close", NULL, &msg), FZ_OK);
    CHECK_INT(fire(&w, "a.leader", id, "archive", NULL, &msg), FZ_OK);
    CHECK_INT(fire(&w, "a.leader", id, "revoke", "{\"reason\":\"复议机关决定撤销\"}", &msg), FZ_OK);
    stmt *st = db_prepare(w.f.db, "SELECT status FROM disclosure_items WHERE penalty_case = ?");
    db_bind_int(st, 1, id);
    CHECK(db_step(st) == DB_ROW);
    CHECK_STR(db_col_text(st, 0), "cancelled");
    db_done(st);
    CHECK_INT(fx_verify(&w.f, NULL), 0);
    fx_close(&w.f);
}

/* A proposal changed after further investigation is reviewed and notified anew: the first
 * round's legal review does not carry over to a heavier proposal. */
static void new_round_after_further_investigation(void)
{
    struct world w;
    build_world(&w, "2026-03-02");
    const char *msg;
    int64_t id = new_case(&w, "ordinary", w.party, w.cert1, w.cert2, "2026-02-26", NULL);
    CHECK_INT(fire(&w, "a.leader", id, "file", NULL, &msg), FZ_OK);
    add_evidence(&w, id, "2026-03-02T09:00");
    CHECK_INT(fire(&w, "a.officer", id, "submit_review",
                   "{\"facts\":\"当事人设置广告牌一块。\",\"proposed_penalty\":\"fine\","
                   "\"proposed_fine\":\"1000\",\"legal_review_reason\":\"major_rights\"}",
                   &msg),
              FZ_OK);
    CHECK_INT(fire(&w, "a.reviewer", id, "legal_review_pass", "{\"legal_review_opinion\":\"同意\"}",
                   &msg),
              FZ_OK);
    CHECK_INT(fire(&w, "a.leader", id, "return_investigation",
                   "{\"reason\":\"广告牌面积需重新测量\"}", &msg),
              FZ_OK);
    CHECK_INT(fire(&w, "a.officer", id, "submit_review",
                   "{\"facts\":\"当事人设置广告牌一块，经测量面积60平方米。\",\"proposed_penalty\":"
                   "\"fine\",\"proposed_fine\":\"3000\",\"legal_review_reason\":\"major_rights\"}",
                   &msg),
              FZ_OK);
    struct record *r = get(&w, id);
    CHECK(!field(r, "legal_review_on"));
    CHECK_INT(fire(&w, "a.officer", id, "notify", "{\"notice_served_on\":\"2026-03-02\"}", &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "第五十八条");
    fx_close(&w.f);
}

void suite_penalty(void);
void suite_penalty(void)
{
    RUN(summary_procedure_limits);
    RUN(limitation_periods);
    RUN(hearing_rules_on_real_dates);
    RUN(no_heavier_penalty_and_late_charges);
    RUN(decision_elements_and_identifiers);
    RUN(ordinary_case_walk_around_national_day_2025);
    RUN(hearing_around_spring_festival_2026);
    RUN(hearing_only_when_eligible);
    RUN(summary_procedure_on_site);
    RUN(filing_checks_limitation_and_officers);
    RUN(suspension_extension_and_lateness);
    RUN(revocation_withdraws_publication);
    RUN(referral_deadlines_and_package);
    RUN(steps_people_and_frozen_facts);
    RUN(new_round_after_further_investigation);
}
