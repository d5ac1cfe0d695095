/* test_report.c — the yearly rule-of-law report (annual_reports): its two dates as deadlines
 * on real 2027 dates, one report per subdistrict and year, the required parts written before
 * it goes to the district, and who may send and publish it. */
#include <stdio.h>
#include <string.h>

#include "engine/deadline.h"
#include "engine/workflow.h"
#include "fixture.h"
#include "modules/report/report.h"
#include "t.h"
#include "core/banned.h"

static int64_t new_report(struct fixture *f, const char *user, const char *json, const char **msg)
{
    struct ctx *c = fx_as(f, user);
    c->err = (fz_error){FZ_OK, NULL, NULL};
    json_t *j = fx_json(json);
    struct record *r = NULL;
    fz_err e = entity_create(c, &entity_annual_reports, j, &r);
    json_decref(j);
    if (msg)
        *msg = c->err.message ? c->err.message : "";
    return e ? 0 : r->id;
}

static fz_err fire(struct fixture *f, const char *user, int64_t id, const char *t, const char *json,
                   const char **msg)
{
    struct ctx *c = fx_as(f, user);
    c->err = (fz_error){FZ_OK, NULL, NULL};
    json_t *j = json ? fx_json(json) : NULL;
    fz_err e = workflow_fire(c, &entity_annual_reports, id, t, j, NULL);
    json_decref(j);
    if (msg)
        *msg = c->err.message ? c->err.message : "";
    return e;
}

/* The newest deadline of that kind (a restarted one follows the one it replaced). */
static const struct deadline_view *deadline(struct record *r, const char *kind)
{
    const struct deadline_view *found = NULL;
    for (size_t i = 0; r && i < r->ndeadlines; i++)
        if (strcmp(r->deadlines[i].kind, kind) == 0)
            found = &r->deadlines[i];
    return found;
}

static struct record *get(struct fixture *f, int64_t id)
{
    struct record *r = NULL;
    return entity_get(fx_as(f, "a.leader"), &entity_annual_reports, id, &r) ? NULL : r;
}

static void report_dates_and_steps(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-12-01");
    const char *msg;
    /* dates outside the following year, or the public one before the district's: refused */
    CHECK_INT(new_report(&f, "a.staff",
                         "{\"unit\":\"A\",\"year\":2026,\"submit_due\":\"2026-12-31\","
                         "\"publish_due\":\"2027-03-31\"}",
                         &msg),
              0);
    CHECK_CONTAINS(msg, "次年");
    CHECK_INT(new_report(&f, "a.staff",
                         "{\"unit\":\"A\",\"year\":2026,\"submit_due\":\"2027-03-31\","
                         "\"publish_due\":\"2027-02-26\"}",
                         &msg),
              0);
    CHECK_CONTAINS(msg, "不应早于");
    /* due to the district on Fri 26 Feb 2027, public by Wed 31 Mar 2027 */
    int64_t id = new_report(&f, "a.staff",
                            "{\"unit\":\"A\",\"year\":2026,\"submit_due\":\"2027-02-26\","
                            "\"publish_due\":\"2027-03-31\",\"overview\":\"全年推进重点任务。\"}",
                            &msg);
    CHECK(id > 0);
    struct record *r = get(&f, id);
    CHECK_STR(r->v[entity_field_index(r->e, "title")].s, "甲街道2026年法治政府建设年度报告");
    CHECK_STR(deadline(r, "submit_due")->due_date, "2027-02-26");
    CHECK_STR(deadline(r, "submit_due")->status, "running");
    CHECK_STR(deadline(r, "publish_due")->due_date, "2027-03-31");
    /* one a year */
    CHECK_INT(new_report(&f, "a.leader",
                         "{\"unit\":\"A\",\"year\":2026,\"submit_due\":\"2027-02-26\","
                         "\"publish_due\":\"2027-03-31\"}",
                         &msg),
              0);
    CHECK_CONTAINS(msg, "已经建立");
    /* not before the year is over: figures kept in December would miss its end */
    fx_today(&f, "2026-12-15");
    CHECK_INT(fire(&f, "a.leader", id, "submit", NULL, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "年度结束后");
    /* due within three working days on Tue 23 Feb 2027; overdue on Mon 1 Mar */
    fx_today(&f, "2027-02-23");
    CHECK(deadline(get(&f, id), "submit_due")->due_soon);
    fx_today(&f, "2027-03-01");
    CHECK(deadline(get(&f, id), "submit_due")->overdue);
    /* sent by the leader, only once the required parts are written */
    CHECK_INT(fire(&f, "a.staff", id, "submit", NULL, &msg), FZ_EFORBIDDEN);
    CHECK_INT(fire(&f, "a.leader", id, "submit", NULL, &msg), FZ_EGUARD);
    CHECK_CONTAINS(msg, "第一责任人");
    struct record *cur = get(&f, id);
    char js[400];
    snprintf(js, sizeof js,
             "{\"version\":%lld,\"leaders_duty\":\"主要负责人主持专题会议。\",\"shortcomings\":"
             "\"培训针对性不强。\",\"next_year\":\"开展执法培训。\"}",
             (long long)cur->version);
    struct record *upd = NULL;
    json_t *j = fx_json(js);
    CHECK_INT(entity_update(fx_as(&f, "a.staff"), &entity_annual_reports, id, j, &upd), FZ_OK);
    json_decref(j);
    /* the figures as counted now: one key task due in 2026 */
    CHECK(fx_task(&f, "a.staff", "{\"title\":\"梳理执法事项清单\",\"department\":\"A-D1\","
                                 "\"due_date\":\"2026-12-20\"}") > 0);
    struct report_doc doc;
    CHECK_INT(report_doc_build(fx_as(&f, "a.leader"), id, &doc), FZ_OK);
    CHECK(doc.figures_of == NULL);
    CHECK_STR(doc.figures[0].value, "1 项，已完成 0 项");
    CHECK_INT(fire(&f, "a.leader", id, "submit", NULL, &msg), FZ_OK);
    r = get(&f, id);
    CHECK_STR(r->status, "submitted");
    /* sent: the figures stay as they were sent, whatever the records do next */
    CHECK_CONTAINS(r->v[entity_field_index(r->e, "figures")].s, "【重点工作】重点工作任务（本年到期）：1 项");
    CHECK(fx_task(&f, "a.staff", "{\"title\":\"补充执法案卷评查\",\"department\":\"A-D1\","
                                 "\"due_date\":\"2026-12-28\"}") > 0);
    CHECK_INT(report_doc_build(fx_as(&f, "a.leader"), id, &doc), FZ_OK);
    CHECK_STR(doc.figures_of, "2027-03-01");
    CHECK_STR(doc.figures[0].value, "1 项，已完成 0 项");
    CHECK(doc.figures[0].href && strstr(doc.figures[0].href, "/app/tasks?due_date_from=2026-01-01"));
    CHECK_STR(deadline(r, "submit_due")->status, "met");
    CHECK_STR(deadline(r, "publish_due")->status, "running");
    /* what was sent is not edited any more */
    snprintf(js, sizeof js, "{\"version\":%lld,\"shortcomings\":\"改写。\"}",
             (long long)r->version);
    j = fx_json(js);
    CHECK_INT(entity_update(fx_as(&f, "a.staff"), &entity_annual_reports, id, j, &upd), FZ_EVALID);
    json_decref(j);
    /* made public on Fri 26 Mar 2027 */
    fx_today(&f, "2027-03-26");
    CHECK_INT(fire(&f, "a.staff", id, "publish", NULL, &msg), FZ_EFORBIDDEN);
    CHECK_INT(fire(&f, "a.leader", id, "publish", NULL, &msg), FZ_OK);
    r = get(&f, id);
    CHECK_STR(r->status, "published");
    CHECK_STR(r->v[entity_field_index(r->e, "published_on")].s, "2027-03-26");
    CHECK_STR(deadline(r, "publish_due")->status, "met");
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_close(&f);
}

/* Returned by the leader: a draft again, its kept figures gone, its text open to edits. */
static void report_returned(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-02-10");
    const char *msg;
    int64_t id = new_report(&f, "a.staff",
                            "{\"unit\":\"A\",\"year\":2025,\"submit_due\":\"2026-02-27\","
                            "\"publish_due\":\"2026-03-31\",\"overview\":\"概述。\","
                            "\"leaders_duty\":\"履职。\",\"shortcomings\":\"不足。\","
                            "\"next_year\":\"安排。\"}",
                            &msg);
    CHECK(id > 0);
    CHECK_INT(fire(&f, "a.leader", id, "submit", NULL, &msg), FZ_OK);
    struct record *r = get(&f, id);
    CHECK(!r->v[entity_field_index(r->e, "figures")].null);
    CHECK_INT(fire(&f, "a.leader", id, "return", "{\"reason\":\"请补充执法数据分析\"}", &msg),
              FZ_OK);
    r = get(&f, id);
    CHECK_STR(r->status, "draft");
    CHECK(r->v[entity_field_index(r->e, "figures")].null);
    CHECK(r->v[entity_field_index(r->e, "submitted_on")].null);
    CHECK_STR(deadline(r, "submit_due")->status, "running");
    char js[200];
    snprintf(js, sizeof js, "{\"version\":%lld,\"shortcomings\":\"补充后的不足。\"}",
             (long long)r->version);
    json_t *j = fx_json(js);
    struct record *upd = NULL;
    CHECK_INT(entity_update(fx_as(&f, "a.staff"), &entity_annual_reports, id, j, &upd), FZ_OK);
    json_decref(j);
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_close(&f);
}

void suite_report(void);
void suite_report(void)
{
    RUN(report_dates_and_steps);
    RUN(report_returned);
}
