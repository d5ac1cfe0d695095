/* test_disclosure.c — the government information disclosure rules (RULES.md §5) on real
 * 2026 dates: the periods as plain functions around National Day, requests walked through
 * the engine (a correction on day 8 refused, a second correction refused, the clock
 * restarted from the corrected application, an extension by a non-leader refused, a
 * consultation not counted, a reply without a type refused), a request submitted and
 * tracked as the public, proactive items and the portal's list, and the yearly report's
 * tables 三 and 四 on hand-countable data. */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "engine/deadline.h"
#include "engine/people.h"
#include "engine/workflow.h"
#include "fixture.h"
#include "modules/disclosure/disclosure.h"
#include "t.h"

static int D(const char *ymd)
{
    int d = -1;
    date_parse(ymd, &d);
    return d;
}

/* ---- the periods ------------------------------------------------------------------------- */

static void periods_around_national_day_2026(void)
{
    calendar *cal = calendar_new();
    char err[200];
    CHECK(calendar_load_dir(cal, "data/calendar", err, sizeof err) >= 3);
    /* received Mon 28 Sep: 29, 30 Sep, (1–7 Oct off), 8, 9, Sat 10 (调休), 12, 13 Oct */
    CHECK_INT(gip_correction_last_day(cal, D("2026-09-28")), D("2026-10-13"));
    CHECK(gip_correction_in_time(cal, D("2026-09-28"), D("2026-10-13")) == NULL);
    CHECK_CONTAINS(gip_correction_in_time(cal, D("2026-09-28"), D("2026-10-14")), "7个工作日");
    /* art.33: the 20th working day is Fri 30 Oct; 20 more on approval: Fri 27 Nov */
    CHECK_INT(gip_reply_due(cal, D("2026-09-28"), 0, 0), D("2026-10-30"));
    CHECK_INT(gip_reply_due(cal, D("2026-09-28"), 20, 0), D("2026-11-27"));
    /* across the Spring Festival: received Fri 13 Feb; Sat 14 Feb (调休) is day 1, 24 Feb
     * day 2, Sat 28 Feb (调休) day 6, Thu 19 Mar day 20 */
    CHECK_INT(gip_reply_due(cal, D("2026-02-13"), 0, 0), D("2026-03-19"));
    calendar_free(cal);
}

static void reply_types_follow_table_3(void)
{
    CHECK_INT(RT__MAX, 21);
    CHECK_STR(reply_type_public_label(RT_GRANTED), "予以公开");
    CHECK_STR(reply_type_public_label(RT_REFUSED_SECRET), "不予公开：属于国家秘密");
    CHECK_STR(reply_type_public_label(RT_NOT_PROCESSED_REPEAT), "不予处理：重复申请");
    CHECK_INT(reply_type_parse("unavailable_not_held"), RT_UNAVAILABLE_NOT_HELD);
    CHECK_INT(reply_type_parse("nonsense"), -1);
    CHECK_INT(applicant_kind_parse("legal_service"), AK_LEGAL_SERVICE);
    CHECK_STR(gip_t3_column_labels[GIP_T3_COLS - 1], "总计");
}

/* ---- requests through the engine --------------------------------------------------------- */

static const struct entity *REQ(void)
{
    return &entity_disclosure_requests;
}

static int64_t new_request(struct fixture *f, const char *user, const char *unit, const char *kind,
                           const char *received)
{
    char js[800];
    snprintf(js, sizeof js,
             "{\"unit\":\"%s\",\"channel\":\"in_person\",\"received_on\":\"%s\","
             "\"applicant_kind\":\"%s\",\"applicant_name\":\"王某某\",\"id_number\":"
             "\"440511198506120021\",\"phone\":\"13800000000\",\"content\":\"申请公开2026年"
             "东湖路改造工程的立项批复文件\",\"desired_form\":\"paper_pickup\"}",
             unit, received, kind);
    struct ctx *c = fx_as(f, user);
    json_t *j = fx_json(js);
    struct record *r = NULL;
    fz_err e = entity_create(c, REQ(), j, &r);
    json_decref(j);
    if (e)
        fprintf(stderr, "  create request: %s\n", c->err.message ? c->err.message : "?");
    return e ? 0 : r->id;
}

static fz_err fire(struct fixture *f, const char *user, int64_t id, const char *t, const char *json,
                   const char **msg)
{
    struct ctx *c = fx_as(f, user);
    c->err = (fz_error){FZ_OK, NULL, NULL};
    json_t *j = json ? fx_json(json) : NULL;
    fz_err e = workflow_fire(c, REQ(), id, t, j, NULL);
    json_decref(j);
    if (msg)
        *msg = c->err.message ? c->err.message : "";
    return e;
}

static struct record *get(struct fixture *f, int64_t id)
{
    struct record *r = NULL;
    entity_get(&f->sys, REQ(), id, &r);
    return r;
}

/* The due date of the latest deadline of that kind, and its status. */
static const char *due(struct record *r, const char *kind, const char **status)
{
    const char *d = NULL;
    for (size_t i = 0; r && i < r->ndeadlines; i++)
        if (strcmp(r->deadlines[i].kind, kind) == 0) {
            d = r->deadlines[i].due_date;
            if (status)
                *status = r->deadlines[i].status;
        }
    return d;
}

static const char *field(struct record *r, const char *name)
{
    const struct value *v = r ? guard_field(r, name) : NULL;
    return v ? v->s : NULL;
}

/* "Still unclear after the correction" (table 三 (四)3) is for a request that was corrected. */
static void unclear_only_after_a_correction(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-02");
    const char *msg;
    int64_t plain = new_request(&f, "a.staff", "A", "natural_person", "2026-11-02");
    int64_t fixed = new_request(&f, "a.staff", "A", "natural_person", "2026-11-02");
    CHECK(plain && fixed);
    const char *unclear = "{\"reply_type\":\"unavailable_unclear\",\"reply_text\":\"补正后仍无法确定所"
                          "申请的信息。\"}";
    CHECK_INT(fire(&f, "a.staff", plain, "reply", unclear, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "已收到补正申请");
    CHECK_INT(fire(&f, "a.staff", fixed, "request_correction",
                   "{\"correction_items\":\"请写明文件名称\",\"correction_until\":\"2026-11-13\"}",
                   &msg),
              FZ_OK);
    fx_today(&f, "2026-11-06");
    CHECK_INT(fire(&f, "a.staff", fixed, "correction_received",
                   "{\"corrected_on\":\"2026-11-06\"}", &msg),
              FZ_OK);
    CHECK_INT(fire(&f, "a.staff", fixed, "reply", unclear, &msg), FZ_OK);
    CHECK_STR(get(&f, fixed)->status, "replied");
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_close(&f);
}

static void correction_rules_around_national_day(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-09-28");
    const char *msg, *st = NULL;
    int64_t id = new_request(&f, "a.staff", "A", "natural_person", "2026-09-28");
    CHECK(id);
    struct record *r = get(&f, id);
    CHECK_STR(r->status, "received");
    CHECK_INT(strlen(field(r, "tracking_code")), TRACKING_CODE_LEN);
    CHECK_STR(due(r, "reply_due", NULL), "2026-10-30");
    /* day 8 after receipt (Wed 14 Oct): too late to ask for a correction */
    fx_today(&f, "2026-10-14");
    CHECK_INT(fire(&f, "a.staff", id, "request_correction",
                   "{\"correction_items\":\"请写明所需文件的名称或文号\",\"correction_until\":"
                   "\"2026-10-28\"}",
                   &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "7个工作日");
    /* day 7 (Tue 13 Oct): in time; the period must lie ahead */
    fx_today(&f, "2026-10-13");
    CHECK_INT(fire(&f, "a.staff", id, "request_correction",
                   "{\"correction_items\":\"请写明所需文件的名称或文号\",\"correction_until\":"
                   "\"2026-10-13\"}",
                   &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "补正期限应晚于今天");
    CHECK_INT(fire(&f, "a.staff", id, "request_correction",
                   "{\"correction_items\":\"请写明所需文件的名称或文号\",\"correction_until\":"
                   "\"2026-10-23\"}",
                   &msg),
              FZ_OK);
    r = get(&f, id);
    CHECK_STR(r->status, "awaiting_correction");
    due(r, "reply_due", &st);
    CHECK_STR(st, "stopped"); /* the reply clock no longer counts, and was not met either */
    CHECK_STR(due(r, "correction_period", &st), "2026-10-23");
    CHECK_STR(st, "window");
    /* a correction dated after the period is not taken */
    fx_today(&f, "2026-10-26");
    CHECK_INT(
        fire(&f, "a.staff", id, "correction_received", "{\"corrected_on\":\"2026-10-26\"}", &msg),
        FZ_EGUARD);
    CHECK_CONTAINS(msg, "逾期未补正");
    /* received on Tue 20 Oct: the clock starts again from that day */
    CHECK_INT(
        fire(&f, "a.staff", id, "correction_received", "{\"corrected_on\":\"2026-10-20\"}", &msg),
        FZ_OK);
    r = get(&f, id);
    CHECK_STR(r->status, "processing");
    CHECK_STR(due(r, "reply_due_corrected", &st), "2026-11-17");
    CHECK_STR(st, "running");
    /* once only */
    CHECK_INT(fire(&f, "a.staff", id, "request_correction",
                   "{\"correction_items\":\"再补充材料\",\"correction_until\":\"2026-11-10\"}",
                   &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "一次性告知");
    /* the extension is the leader's: staff are refused, the leader adds 20 working days */
    CHECK_INT(fire(&f, "a.staff", id, "extend",
                   "{\"extension_days\":10,\"extension_reason\":\"需调取档案\"}", &msg),
              FZ_EFORBIDDEN);
    /* a department's staff do not even see a request placed at the subdistrict */
    CHECK_INT(fire(&f, "a.d1", id, "extend",
                   "{\"extension_days\":10,\"extension_reason\":\"需调取档案\"}", &msg),
              FZ_ENOTFOUND);
    CHECK_INT(fire(&f, "a.leader", id, "extend",
                   "{\"extension_days\":21,\"extension_reason\":\"需调取档案\"}", &msg),
              FZ_EVALID);
    CHECK_INT(fire(&f, "a.leader", id, "extend",
                   "{\"extension_days\":20,\"extension_reason\":\"需调取档案馆存档的批复文件\"}",
                   &msg),
              FZ_OK);
    r = get(&f, id);
    CHECK_STR(due(r, "reply_due_corrected", NULL), "2026-12-15");
    CHECK_STR(field(r, "extension_approved_by"), "a.leader");
    CHECK_INT(fire(&f, "a.leader", id, "extend",
                   "{\"extension_days\":5,\"extension_reason\":\"仍需时间\"}", &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "已经延长过");
    /* a reply needs its type and its text */
    fx_today(&f, "2026-11-30");
    CHECK_INT(fire(&f, "a.staff", id, "reply", "{\"reply_text\":\"经查，现予以公开。\"}", &msg),
              FZ_EVALID);
    CHECK_CONTAINS(msg, "答复类型");
    CHECK_INT(fire(&f, "a.staff", id, "reply", "{\"reply_type\":\"granted\"}", &msg), FZ_EVALID);
    CHECK_INT(fire(&f, "a.staff", id, "reply",
                   "{\"reply_type\":\"other_no_correction\",\"reply_text\":\"不再处理。\"}", &msg),
              FZ_EGUARD);
    CHECK_INT(fire(&f, "a.staff", id, "reply",
                   "{\"reply_type\":\"partial\",\"reply_text\":\"经查，批复文件中涉及个人信息的"
                   "部分不予公开，其余部分予以公开。\"}",
                   &msg),
              FZ_OK);
    r = get(&f, id);
    CHECK_STR(r->status, "replied");
    CHECK_STR(field(r, "replied_on"), "2026-11-30");
    due(r, "reply_due_corrected", &st);
    CHECK_STR(st, "met");
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_close(&f);
}

static void consultation_is_not_counted(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-09-28");
    const char *msg, *st = NULL;
    int64_t id = new_request(&f, "a.staff", "A", "business", "2026-09-28");
    CHECK(id);
    fx_today(&f, "2026-09-29");
    CHECK_INT(fire(&f, "a.staff", id, "accept", NULL, &msg), FZ_OK);
    /* Thu 8 Oct to Thu 15 Oct: 9, Sat 10 (调休), 12, 13, 14, 15 — six working days */
    fx_today(&f, "2026-10-08");
    CHECK_INT(fire(&f, "a.staff", id, "consult", "{\"third_party\":\"某某建筑有限公司\"}", &msg),
              FZ_OK);
    struct record *r = get(&f, id);
    CHECK_STR(r->status, "consulting");
    /* the clock runs on, moved by the third party's whole 15 working days: 30 Oct → 20 Nov */
    CHECK_STR(due(r, "reply_due", &st), "2026-11-20");
    CHECK_STR(st, "running");
    CHECK_INT(D("2026-11-20"), gip_reply_due(f.cal, D("2026-09-28"), 0, 15));
    /* the third party's 15 working days: 9 Oct … 28 Oct */
    CHECK_STR(due(r, "consultation_period", &st), "2026-10-28");
    CHECK_STR(st, "window");
    /* no reply while the third party is being asked */
    CHECK_INT(fire(&f, "a.staff", id, "reply",
                   "{\"reply_type\":\"granted\",\"reply_text\":\"予以公开。\"}", &msg),
              FZ_EGUARD);
    fx_today(&f, "2026-10-15");
    CHECK_INT(fire(&f, "a.staff", id, "consultation_done", "{\"note\":\"第三方同意公开\"}", &msg),
              FZ_OK);
    r = get(&f, id);
    CHECK_STR(r->status, "processing");
    CHECK_STR(due(r, "reply_due", &st), "2026-11-09");
    CHECK_STR(st, "running");
    CHECK_INT(D("2026-11-09"), gip_reply_due(f.cal, D("2026-09-28"), 0, 6));
    /* an extension during the year adds to the moved date: 10 more working days */
    fx_today(&f, "2026-10-16");
    CHECK_INT(fire(&f, "a.leader", id, "extend",
                   "{\"extension_days\":10,\"extension_reason\":\"涉及多个部门的档案\"}", &msg),
              FZ_OK);
    r = get(&f, id);
    CHECK_STR(due(r, "reply_due", NULL), "2026-11-23");
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_close(&f);
}

/* A consultation nobody closes does not stop the clock for good: past the third party's 15
 * working days the request falls due; closed late, only those 15 days are left out. */
static void consultation_left_open(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-09-28");
    const char *msg, *st = NULL;
    int64_t id = new_request(&f, "a.staff", "A", "business", "2026-09-28");
    fx_today(&f, "2026-09-29");
    CHECK_INT(fire(&f, "a.staff", id, "accept", NULL, &msg), FZ_OK);
    fx_today(&f, "2026-10-08");
    CHECK_INT(fire(&f, "a.staff", id, "consult", "{\"third_party\":\"某某物业公司\"}", &msg),
              FZ_OK);
    /* forgotten until Mon 23 Nov: overdue since Fri 20 Nov */
    fx_today(&f, "2026-11-23");
    struct record *r = get(&f, id);
    CHECK_STR(due(r, "reply_due", &st), "2026-11-20");
    CHECK_STR(st, "running");
    CHECK(r->deadlines && r->ndeadlines > 0);
    bool overdue = false;
    for (size_t i = 0; i < r->ndeadlines; i++)
        overdue |= strcmp(r->deadlines[i].kind, "reply_due") == 0 && r->deadlines[i].overdue;
    CHECK(overdue);
    /* closed now, 31 working days after it began: still only 15 left out */
    CHECK_INT(fire(&f, "a.staff", id, "consultation_done", "{\"note\":\"第三方未答复\"}", &msg),
              FZ_OK);
    CHECK_STR(due(get(&f, id), "reply_due", NULL), "2026-11-20");
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_close(&f);
}

static void no_correction_closes_the_request(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-05-06");
    const char *msg;
    int64_t id = new_request(&f, "a.staff", "A", "legal_service", "2026-05-06");
    fx_today(&f, "2026-05-08");
    CHECK_INT(
        fire(&f, "a.staff", id, "request_correction",
             "{\"correction_items\":\"请提供律师事务所执业许可证复印件\",\"correction_until\":"
             "\"2026-05-20\"}",
             &msg),
        FZ_OK);
    /* not before the applicant's period has passed */
    fx_today(&f, "2026-05-20");
    CHECK_INT(fire(&f, "a.staff", id, "close_uncorrected",
                   "{\"reply_text\":\"您逾期未补正，视为放弃申请。\"}", &msg),
              FZ_EGUARD);
    CHECK_CONTAINS(msg, "尚未届满");
    fx_today(&f, "2026-05-21");
    CHECK_INT(fire(&f, "a.staff", id, "close_uncorrected",
                   "{\"reply_text\":\"您逾期未补正，视为放弃申请。\"}", &msg),
              FZ_OK);
    struct record *r = get(&f, id);
    CHECK_STR(r->status, "closed");
    CHECK_STR(field(r, "reply_type"), "other_no_correction");
    CHECK_STR(field(r, "replied_on"), "2026-05-21");
    fx_close(&f);
}

static void another_subdistrict_cannot_reach(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-03-02");
    const char *msg;
    int64_t id = new_request(&f, "a.staff", "A", "natural_person", "2026-03-02");
    CHECK(id);
    struct record *r = NULL;
    CHECK_INT(entity_get(fx_as(&f, "b.staff"), REQ(), id, &r), FZ_ENOTFOUND);
    CHECK_INT(fire(&f, "b.staff", id, "accept", NULL, &msg), FZ_ENOTFOUND);
    /* received in the future, or no way to reach the applicant */
    CHECK(!new_request(&f, "a.staff", "A", "natural_person", "2026-03-03"));
    json_t *j = fx_json("{\"unit\":\"A\",\"channel\":\"fax\",\"received_on\":\"2026-03-02\","
                        "\"applicant_kind\":\"natural_person\",\"applicant_name\":\"李某\","
                        "\"id_number\":\"440511198506120021\",\"content\":\"申请公开某文件\","
                        "\"desired_form\":\"paper_post\"}");
    struct ctx *c = fx_as(&f, "a.staff");
    CHECK_INT(entity_create(c, REQ(), j, NULL), FZ_EVALID);
    CHECK_CONTAINS(c->err.message, "联系方式");
    json_decref(j);
    fx_close(&f);
}

/* ---- the portal --------------------------------------------------------------------------- */

static void submitted_and_tracked_as_the_public(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-09-28");
    struct ctx pub = f.sys;
    pub.actor = &actor_anonymous;
    char code[TRACKING_CODE_LEN + 1];
    json_t *j = fx_json("{\"applicant_kind\":\"natural_person\",\"applicant_name\":\"赵某某\","
                        "\"id_number\":\"440511198506120021\",\"email\":\"zhao@example.com\","
                        "\"content\":\"申请公开本街道2026年低保审批名单的公示情况\","
                        "\"desired_form\":\"electronic_email\"}");
    CHECK_INT(disclosure_submit(&pub, "A", j, code), FZ_OK);
    CHECK_INT(strlen(code), TRACKING_CODE_LEN);
    CHECK(strspn(code, TRACKING_CODE_ALPHABET) == TRACKING_CODE_LEN);
    /* a field the applicant may not set is refused, and so is an unknown unit */
    json_object_set_new(j, "reply_type", json_string("granted"));
    char code2[TRACKING_CODE_LEN + 1];
    CHECK_INT(disclosure_submit(&pub, "A", j, code2), FZ_EVALID);
    json_object_del(j, "reply_type");
    CHECK_INT(disclosure_submit(&pub, "NOPE", j, code2), FZ_EVALID);
    json_decref(j);
    /* audited as the public, placed at the unit, received today through the portal */
    stmt *st = db_prepare(f.db, "SELECT actor, actor_id IS NULL FROM audit WHERE action = "
                                "'disclosure_requests.create' ORDER BY seq DESC LIMIT 1");
    CHECK(st && db_step(st) == DB_ROW);
    CHECK_STR(db_col_text(st, 0), "public");
    CHECK_INT(db_col_int(st, 1), 1);
    db_done(st);
    struct disclosure_status s;
    /* lower case and dashes are forgiven */
    char loose[40];
    snprintf(loose, sizeof loose, "%.4s-%.4s-%.4s-%.4s", code, code + 4, code + 8, code + 12);
    for (char *p = loose; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    CHECK_INT(disclosure_track(&pub, loose, &s), FZ_OK);
    CHECK_STR(s.state, "received");
    CHECK_STR(s.state_label, "已收到");
    CHECK_STR(s.received_on, "2026-09-28");
    CHECK_STR(s.due_on, "2026-10-30");
    CHECK(s.reply_type == NULL && s.replied_on == NULL);
    CHECK_INT(disclosure_track(&pub, "ABCDEFGHJKMNPQRS", &s), FZ_ENOTFOUND);
    CHECK_INT(disclosure_track(&pub, "short", &s), FZ_ENOTFOUND);
    /* the reply shows once given */
    int64_t id = 0;
    st = db_prepare(f.db, "SELECT id FROM disclosure_requests WHERE tracking_code = ?");
    db_bind_text(st, 1, code);
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    db_done(st);
    fx_today(&f, "2026-10-09");
    CHECK_INT(fire(&f, "a.staff", id, "reply",
                   "{\"reply_type\":\"refused_third_party\",\"reply_text\":\"所申请信息涉及个人"
                   "隐私，依法不予公开。\"}",
                   NULL),
              FZ_OK);
    CHECK_INT(disclosure_track(&pub, code, &s), FZ_OK);
    CHECK_STR(s.state_label, "已答复");
    CHECK_STR(s.replied_on, "2026-10-09");
    CHECK_STR(s.reply_type_label, "不予公开：保护第三方合法权益");
    CHECK_CONTAINS(s.reply_text, "个人隐私");
    CHECK(s.due_on == NULL);
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_close(&f);
}

static void proactive_items_and_the_portal_list(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-03-02");
    struct ctx *c = fx_as(&f, "a.staff");
    const char *items[][2] = {{"规划计划", "plans"},
                              {"低保标准调整", "social_assistance"},
                              {"街道机构职能", "organisation"}};
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        char js[300];
        snprintf(js, sizeof js,
                 "{\"title\":\"%s\",\"category\":\"%s\",\"unit\":\"A\",\"body\":\"正文内容\"}",
                 items[i][0], items[i][1]);
        json_t *j = fx_json(js);
        struct record *r = NULL;
        CHECK_INT(entity_create(c, &entity_proactive_disclosures, j, &r), FZ_OK);
        json_decref(j);
        ids[i] = r ? r->id : 0;
    }
    struct record *r = NULL;
    entity_get(&f.sys, &entity_proactive_disclosures, ids[0], &r);
    /* art.26: 20 working days from Mon 2 Mar: Mon 30 Mar (4–6 Apr are later) */
    CHECK_STR(due(r, "publish_due", NULL), "2026-03-30");
    CHECK(r->ndeadlines == 1 && !r->deadlines[0].overdue);
    /* b cannot publish a's item; a's staff can */
    CHECK_INT(workflow_fire(fx_as(&f, "b.staff"), &entity_proactive_disclosures, ids[0], "publish",
                            NULL, NULL),
              FZ_ENOTFOUND);
    fx_today(&f, "2026-03-05");
    CHECK_INT(workflow_fire(c, &entity_proactive_disclosures, ids[0], "publish", NULL, NULL),
              FZ_OK);
    fx_today(&f, "2026-03-06");
    CHECK_INT(workflow_fire(c, &entity_proactive_disclosures, ids[1], "publish", NULL, NULL),
              FZ_OK);
    /* the third stays a draft and is overdue after 30 March */
    fx_today(&f, "2026-03-31");
    entity_get(&f.sys, &entity_proactive_disclosures, ids[2], &r);
    CHECK(r->ndeadlines == 1 && r->deadlines[0].overdue);
    /* withdrawal needs a reason */
    CHECK_INT(workflow_fire(c, &entity_proactive_disclosures, ids[1], "withdraw", NULL, NULL),
              FZ_EVALID);
    struct org a;
    CHECK_INT(org_by_code(c, "A", &a), FZ_OK);
    struct ctx pub = f.sys;
    pub.actor = &actor_anonymous;
    struct proactive_item *list;
    size_t n;
    int64_t total;
    CHECK_INT(disclosure_list_published(&pub, a.id, NULL, 1, 10, &list, &n, &total), FZ_OK);
    CHECK_INT(total, 2);
    CHECK_INT(n, 2);
    CHECK_STR(list[0].title, "低保标准调整"); /* newest first */
    CHECK_STR(list[0].category_label, "社会救助");
    CHECK_STR(list[1].published_on, "2026-03-05");
    CHECK_INT(disclosure_list_published(&pub, a.id, "plans", 1, 10, &list, &n, &total), FZ_OK);
    CHECK_INT(total, 1);
    CHECK_INT(disclosure_list_published(&pub, a.id, NULL, 2, 1, &list, &n, &total), FZ_OK);
    CHECK_INT(n, 1);
    CHECK_STR(list[0].title, "规划计划");
    CHECK_INT(disclosure_list_published(&pub, a.id, "bogus", 1, 10, &list, &n, &total), FZ_EINVAL);
    json_t *j = fx_json("{\"withdrawal_reason\":\"标准已再次调整，以新文件为准\"}");
    CHECK_INT(workflow_fire(c, &entity_proactive_disclosures, ids[1], "withdraw", j, NULL), FZ_OK);
    json_decref(j);
    CHECK_INT(disclosure_list_published(&pub, a.id, NULL, 1, 10, &list, &n, &total), FZ_OK);
    CHECK_INT(total, 1);
    /* another subdistrict's list is its own */
    struct org b;
    CHECK_INT(org_by_code(c, "B", &b), FZ_OK);
    CHECK_INT(disclosure_list_published(&pub, b.id, NULL, 1, 10, &list, &n, &total), FZ_OK);
    CHECK_INT(total, 0);
    fx_close(&f);
}

/* ---- the yearly report ------------------------------------------------------------------- */

/* A request received on `received` and, when reply_type is set, replied on `replied`. */
static int64_t walked(struct fixture *f, const char *unit, const char *user, const char *kind,
                      const char *received, const char *reply_type, const char *replied)
{
    fx_today(f, received);
    int64_t id = new_request(f, user, unit, kind, received);
    if (reply_type) {
        fx_today(f, replied);
        char js[200];
        snprintf(js, sizeof js, "{\"reply_type\":\"%s\",\"reply_text\":\"答复内容如下。\"}",
                 reply_type);
        CHECK_INT(fire(f, user, id, "reply", js, NULL), FZ_OK);
    }
    return id;
}

static int64_t challenge(struct fixture *f, int64_t request, const char *kind, const char *filed,
                         const char *outcome, const char *decided)
{
    char js[300];
    snprintf(js, sizeof js,
             "{\"request\":%lld,\"kind\":\"%s\",\"filed_on\":\"%s\",\"outcome\":\"%s\"%s%s%s}",
             (long long)request, kind, filed, outcome, decided ? ",\"decided_on\":\"" : "",
             decided ? decided : "", decided ? "\"" : "");
    json_t *j = fx_json(js);
    struct record *r = NULL;
    struct ctx *c = fx_as(f, "a.staff");
    fz_err e = entity_create(c, &entity_disclosure_challenges, j, &r);
    if (e)
        fprintf(stderr, "  challenge: %s\n", c->err.message ? c->err.message : "?");
    json_decref(j);
    return e ? 0 : r->id;
}

static void annual_report_tables(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2025-06-10");
    /* seven requests of subdistrict A across 2025 and 2026, and one of B */
    walked(&f, "A", "a.staff", "natural_person", "2025-06-10", "granted", "2025-06-20"); /* R3 */
    walked(&f, "A", "a.staff", "natural_person", "2025-11-20", "granted", "2026-01-08"); /* R1 */
    walked(&f, "A", "a.staff", "business", "2025-12-22", NULL, NULL);                    /* R2 */
    walked(&f, "A", "a.staff", "natural_person", "2026-03-02", "partial", "2026-03-20"); /* R4 */
    int64_t r5 =
        walked(&f, "A", "a.staff", "research", "2026-04-01", "refused_third_party", "2026-04-15");
    fx_today(&f, "2026-05-06");
    int64_t r6 = new_request(&f, "a.staff", "A", "legal_service", "2026-05-06");
    fx_today(&f, "2026-05-08");
    CHECK_INT(fire(&f, "a.staff", r6, "request_correction",
                   "{\"correction_items\":\"请提供身份证明\",\"correction_until\":\"2026-05-20\"}",
                   NULL),
              FZ_OK);
    fx_today(&f, "2026-05-25");
    CHECK_INT(
        fire(&f, "a.staff", r6, "close_uncorrected", "{\"reply_text\":\"视为放弃申请。\"}", NULL),
        FZ_OK);
    walked(&f, "A", "a.staff", "natural_person", "2026-11-20", NULL, NULL); /* R7 */
    walked(&f, "B", "b.staff", "natural_person", "2026-03-03", "granted", "2026-03-10");
    fx_today(&f, "2026-11-27");
    CHECK(challenge(&f, r5, "reconsideration", "2026-04-20", "upheld", "2026-06-10"));
    CHECK(challenge(&f, r6, "litigation", "2026-06-01", "pending", NULL));
    /* a pending challenge cannot carry a decision date */
    CHECK(!challenge(&f, r6, "litigation", "2026-06-01", "pending", "2026-07-01"));

    struct org a;
    struct ctx *c = fx_as(&f, "a.leader");
    CHECK_INT(org_by_code(c, "A", &a), FZ_OK);
    struct gip_annual rep;
    CHECK_INT(gip_annual_compute(c, a.id, 2026, &rep), FZ_OK);
    const struct gip_table3 *t = &rep.t3;
    enum { P = AK_PERSON, B = AK_BUSINESS, S = AK_RESEARCH, L = AK_LEGAL_SERVICE, T = AK__MAX };
    CHECK_INT(t->new_this_year[P], 2);
    CHECK_INT(t->new_this_year[B], 0);
    CHECK_INT(t->new_this_year[S], 1);
    CHECK_INT(t->new_this_year[L], 1);
    CHECK_INT(t->new_this_year[T], 4);
    CHECK_INT(t->carried_in[P], 1);
    CHECK_INT(t->carried_in[B], 1);
    CHECK_INT(t->carried_in[T], 2);
    CHECK_INT(t->results[RT_GRANTED][P], 1);
    CHECK_INT(t->results[RT_PARTIAL][P], 1);
    CHECK_INT(t->results[RT_REFUSED_THIRD_PARTY][S], 1);
    CHECK_INT(t->results[RT_OTHER_NO_CORRECTION][L], 1);
    CHECK_INT(t->results[RT_GRANTED][T], 1);
    CHECK_INT(t->results_total[P], 2);
    CHECK_INT(t->results_total[T], 4);
    CHECK_INT(t->carried_out[P], 1);
    CHECK_INT(t->carried_out[B], 1);
    CHECK_INT(t->carried_out[T], 2);
    CHECK(rep.check_ok);
    for (int k = 0; k < GIP_T3_COLS; k++)
        CHECK(t->check_ok[k]);
    CHECK_INT(rep.t4.cells[CH_RECONSIDERATION][CO_UPHELD], 1);
    CHECK_INT(rep.t4.cells[CH_RECONSIDERATION][CO_TOTAL], 1);
    CHECK_INT(rep.t4.cells[CH_LITIGATION][CO_PENDING], 1);
    CHECK_INT(rep.t4.cells[CH_LITIGATION][CO_TOTAL], 1);
    CHECK_INT(rep.t4.cells[CH_LITIGATION_AFTER][CO_TOTAL], 0);
    CHECK_INT(rep.t2.penalties, 0);
    CHECK_INT(rep.t2.rules[0] + rep.t2.normative[2], 0);
    /* 2025: three new, one finished in the year, two carried into 2026 */
    CHECK_INT(gip_annual_compute(c, a.id, 2025, &rep), FZ_OK);
    CHECK_INT(rep.t3.new_this_year[P], 2);
    CHECK_INT(rep.t3.new_this_year[B], 1);
    CHECK_INT(rep.t3.carried_in[T], 0);
    CHECK_INT(rep.t3.results[RT_GRANTED][P], 1);
    CHECK_INT(rep.t3.carried_out[P], 1);
    CHECK_INT(rep.t3.carried_out[B], 1);
    CHECK_INT(rep.t3.carried_out[T], 2);
    CHECK(rep.check_ok);
    CHECK_INT(rep.t4.cells[CH_RECONSIDERATION][CO_TOTAL], 0);
    fx_close(&f);
}

void suite_disclosure(void);
void suite_disclosure(void)
{
    RUN(periods_around_national_day_2026);
    RUN(reply_types_follow_table_3);
    RUN(correction_rules_around_national_day);
    RUN(unclear_only_after_a_correction);
    RUN(consultation_is_not_counted);
    RUN(consultation_left_open);
    RUN(no_correction_closes_the_request);
    RUN(another_subdistrict_cannot_reach);
    RUN(submitted_and_tracked_as_the_public);
    RUN(proactive_items_and_the_portal_list);
    RUN(annual_report_tables);
}
