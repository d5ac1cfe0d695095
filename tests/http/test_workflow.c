/* test_workflow.c — the key-task workflow over the API: the whole happy path, and every
 * guard's refusal (409 with the guard's reason, audited as "...refused", nothing else
 * changed): completing without a progress report, completing with an open rectification,
 * assigning a task already late, and transitions from the wrong state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/t.h"
#include "harness.h"
#include "core/banned.h"

static const char *tr_path(int64_t id, const char *name)
{
    return tprintf("/api/v1/tasks/%lld/transitions/%s", (long long)id, name);
}

static int64_t add_report(struct browser *b, int64_t task, int percent)
{
    struct resp *r = api(b, "POST", "/api/v1/progress_reports",
                         tprintf("{\"task\":%lld,\"percent\":%d,\"content\":\"已按计划推进，"
                                 "完成 %d%%\"}",
                                 (long long)task, percent, percent));
    if (r->status != 201)
        fprintf(stderr, "  (progress report: %d %s)\n", r->status, r->body);
    return r->status == 201 ? jint(r->json, "id") : 0;
}

static void test_happy_path(void)
{
    struct browser staff = {0}, leader = {0};
    CHECK(signin(&staff, "dh.staff"));
    CHECK(signin(&leader, "dh.leader"));
    int64_t id = make_task(&staff, "完整走完流程的任务", "DH-SFS", "2027-06-30");
    CHECK(id > 0);
    struct resp *r = api(&staff, "POST", tr_path(id, "assign"), "{\"note\":\"请司法所牵头\"}");
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(r->json, "status"), "assigned");
    CHECK_STR(jstr(r->json, "assigned_on"), TEST_TODAY);
    CHECK_STR(jstr(r->json, "next_due"), "2027-06-30");
    CHECK_INT(db_int("SELECT COUNT(*) FROM deadlines WHERE entity = 'tasks' AND record_id = %lld "
                     "AND status = 'running'",
                     (long long)id),
              1);
    /* an empty body is an empty object for a transition */
    r = api(&staff, "POST", tr_path(id, "start"), NULL);
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(r->json, "status"), "in_progress");
    CHECK(add_report(&staff, id, 100) > 0);
    r = api(&staff, "POST", tr_path(id, "complete"), "{}");
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(r->json, "status"), "done");
    CHECK_STR(jstr(r->json, "completed_on"), TEST_TODAY);
    CHECK(json_is_null(json_object_get(r->json, "next_due")));
    CHECK_INT(db_int("SELECT COUNT(*) FROM deadlines WHERE entity = 'tasks' AND record_id = %lld "
                     "AND status = 'running'",
                     (long long)id),
              0);
    /* reopen needs a reason, and a leader */
    EXPECT_REFUSAL(&leader, "POST", tr_path(id, "reopen"), "{}", 422, "validation_failed", NULL,
                   NULL, id);
    EXPECT_REFUSAL(&leader, "POST", tr_path(id, "reopen"), "{\"reason\":\"补\"}", 422,
                   "validation_failed", NULL, NULL, id);
    r = api(&leader, "POST", tr_path(id, "reopen"), "{\"reason\":\"验收发现材料不全\"}");
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(r->json, "status"), "in_progress");
    r = get(&staff, tprintf("/api/v1/tasks/%lld/history", (long long)id));
    CHECK_INT(r->status, 200);
    /* create, assign, start, complete, reopen (the progress report has its own history) */
    CHECK_INT(jint(r->json, "total"), 5);
    CHECK_INT(db_int("SELECT version FROM tasks WHERE id = %lld", (long long)id), 5);
}

/* A write's reply shows the record as stored after it, deadlines included. */
static void test_reply_shows_running_deadline(void)
{
    struct browser staff = {0};
    CHECK(signin(&staff, "dh.staff"));
    int64_t id = make_task(&staff, "回复中的期限要是最新的", "DH-SW", "2027-06-30");
    struct resp *r = api(&staff, "POST", tr_path(id, "assign"), "{}");
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(r->json, "next_due"), "2027-06-30");
    CHECK_INT(json_array_size(json_object_get(r->json, "deadlines")), 1);
    /* moving the due date moves the running deadline, and the reply says so */
    r = api(&staff, "PATCH", tprintf("/api/v1/tasks/%lld", (long long)id),
            "{\"due_date\":\"2027-06-29\"}");
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(r->json, "next_due"), "2027-06-29");
    CHECK_STR(db_text("SELECT due_date FROM deadlines WHERE entity = 'tasks' AND record_id = %lld "
                      "AND status = 'running'",
                      (long long)id),
              "2027-06-29");
    r = get(&staff, tprintf("/api/v1/tasks/%lld", (long long)id));
    CHECK_STR(jstr(r->json, "next_due"), "2027-06-29");
    /* cancelling stops it */
    struct browser leader = {0};
    CHECK(signin(&leader, "dh.leader"));
    r = api(&leader, "POST", tr_path(id, "cancel"), "{\"reason\":\"不再需要\"}");
    CHECK_INT(r->status, 200);
    CHECK(json_is_null(json_object_get(r->json, "next_due")));
    CHECK(json_is_false(json_object_get(r->json, "overdue")));
}

static void test_complete_needs_progress_report(void)
{
    struct browser staff = {0};
    CHECK(signin(&staff, "dh.staff"));
    int64_t id = make_task(&staff, "没有进展报告就想办结", "DH-DZB", "2027-06-30");
    CHECK_INT(fire(&staff, id, "assign", NULL), 200);
    EXPECT_REFUSAL(&staff, "POST", tr_path(id, "complete"), "{}", 409, "guard_refused",
                   "尚无进展报告", "tasks.complete.refused", id);
    CHECK_INT(fire(&staff, id, "start", NULL), 200);
    EXPECT_REFUSAL(&staff, "POST", tr_path(id, "complete"), "{\"note\":\"已完成\"}", 409,
                   "guard_refused", "尚无进展报告", "tasks.complete.refused", id);
    CHECK(add_report(&staff, id, 100) > 0);
    CHECK_INT(fire(&staff, id, "complete", NULL), 200);
}

static void test_complete_blocked_by_open_rectification(void)
{
    struct browser staff = {0};
    CHECK(signin(&staff, "dh.staff"));
    int64_t id = make_task(&staff, "督查发现问题待整改", "DH-ZZ", "2027-06-30");
    CHECK_INT(fire(&staff, id, "assign", NULL), 200);
    CHECK(add_report(&staff, id, 90) > 0);
    struct resp *r = api(&staff, "POST", "/api/v1/supervision_checks",
                         tprintf("{\"task\":%lld,\"checked_on\":\"2026-11-20\",\"result\":"
                                 "\"needs_rectification\",\"findings\":\"台账不完整\","
                                 "\"rectify_due\":\"2026-12-15\"}",
                                 (long long)id));
    CHECK_INT(r->status, 201);
    CHECK_STR(jstr(r->json, "status"), "open");
    int64_t check = jint(r->json, "id");
    EXPECT_REFUSAL(&staff, "POST", tr_path(id, "complete"), "{}", 409, "guard_refused",
                   "尚未整改销号", "tasks.complete.refused", id);
    /* rectified: the check is closed, and then the task can be completed */
    r = api(&staff, "POST",
            tprintf("/api/v1/supervision_checks/%lld/transitions/close", (long long)check),
            "{\"note\":\"已补齐台账\"}");
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(r->json, "status"), "closed");
    CHECK_STR(jstr(r->json, "rectified_on"), TEST_TODAY);
    CHECK_INT(fire(&staff, id, "complete", NULL), 200);
    CHECK_STR(db_text("SELECT status FROM tasks WHERE id = %lld", (long long)id), "done");
    /* a satisfactory check starts closed and blocks nothing */
    int64_t id2 = make_task(&staff, "督查符合要求", "DH-ZZ", "2027-06-30");
    CHECK_INT(fire(&staff, id2, "assign", NULL), 200);
    r = api(&staff, "POST", "/api/v1/supervision_checks",
            tprintf("{\"task\":%lld,\"checked_on\":\"2026-11-27\",\"result\":\"satisfactory\","
                    "\"findings\":\"工作扎实\"}",
                    (long long)id2));
    CHECK_INT(r->status, 201);
    CHECK_STR(jstr(r->json, "status"), "closed");
}

static void test_supervision_check_rules(void)
{
    struct browser staff = {0};
    CHECK(signin(&staff, "dh.staff"));
    int64_t id = make_task(&staff, "检验督查规则", "DH-ZZ", "2027-06-30");
    CHECK_INT(fire(&staff, id, "assign", NULL), 200);
    EXPECT_REFUSAL(&staff, "POST", "/api/v1/supervision_checks",
                   tprintf("{\"task\":%lld,\"checked_on\":\"2026-11-28\",\"result\":"
                           "\"satisfactory\",\"findings\":\"明天的检查\"}",
                           (long long)id),
                   422, "validation_failed", NULL, NULL, id);
    EXPECT_REFUSAL(&staff, "POST", "/api/v1/supervision_checks",
                   tprintf("{\"task\":%lld,\"checked_on\":\"2026-11-20\",\"result\":"
                           "\"needs_rectification\",\"findings\":\"没有整改期限\"}",
                           (long long)id),
                   422, "validation_failed", NULL, NULL, id);
    EXPECT_REFUSAL(&staff, "POST", "/api/v1/supervision_checks",
                   tprintf("{\"task\":%lld,\"checked_on\":\"2026-11-20\",\"result\":"
                           "\"needs_rectification\",\"findings\":\"期限早于检查\","
                           "\"rectify_due\":\"2026-11-19\"}",
                           (long long)id),
                   422, "validation_failed", NULL, NULL, id);
    EXPECT_REFUSAL(&staff, "POST", "/api/v1/supervision_checks",
                   tprintf("{\"task\":%lld,\"checked_on\":\"2026-11-20\",\"result\":"
                           "\"satisfactory\",\"findings\":\"符合要求却有期限\","
                           "\"rectify_due\":\"2026-12-19\"}",
                           (long long)id),
                   422, "validation_failed", NULL, NULL, id);
    /* children cannot be added to a draft task */
    int64_t draft = make_task(&staff, "草稿任务不能有进展", "DH-ZZ", "2027-06-30");
    EXPECT_REFUSAL(
        &staff, "POST", "/api/v1/progress_reports",
        tprintf("{\"task\":%lld,\"percent\":10,\"content\":\"草稿的进展\"}", (long long)draft), 409,
        NULL, NULL, NULL, draft);
    EXPECT_REFUSAL(
        &staff, "POST", "/api/v1/progress_reports",
        tprintf("{\"task\":%lld,\"percent\":101,\"content\":\"超过一百\"}", (long long)id), 422,
        "validation_failed", NULL, NULL, id);
    EXPECT_REFUSAL(&staff, "POST", "/api/v1/progress_reports",
                   tprintf("{\"task\":%lld,\"percent\":50.5,\"content\":\"小数\"}", (long long)id),
                   422, "validation_failed", NULL, NULL, id);
}

static void test_assign_past_due(void)
{
    struct browser staff = {0};
    CHECK(signin(&staff, "dh.staff"));
    int64_t id = make_task(&staff, "期限已过才交办", "DH-JJ", "2026-11-26");
    CHECK(id > 0);
    EXPECT_REFUSAL(&staff, "POST", tr_path(id, "assign"), "{}", 409, "guard_refused",
                   "完成时限已过", "tasks.assign.refused", id);
    /* due today is still in time */
    struct resp *r = api(&staff, "PATCH", tprintf("/api/v1/tasks/%lld", (long long)id),
                         "{\"due_date\":\"" TEST_TODAY "\"}");
    CHECK_INT(r->status, 200);
    CHECK_INT(fire(&staff, id, "assign", NULL), 200);
}

static void test_wrong_state(void)
{
    struct browser staff = {0}, leader = {0};
    CHECK(signin(&staff, "dh.staff"));
    CHECK(signin(&leader, "dh.leader"));
    int64_t id = make_task(&staff, "状态不对的操作", "DH-DQ", "2027-06-30");
    EXPECT_REFUSAL(&staff, "POST", tr_path(id, "start"), "{}", 409, "guard_refused", "草稿",
                   "tasks.start.refused", id);
    EXPECT_REFUSAL(&staff, "POST", tr_path(id, "complete"), "{}", 409, "guard_refused", "草稿",
                   "tasks.complete.refused", id);
    EXPECT_REFUSAL(&leader, "POST", tr_path(id, "reopen"), "{\"reason\":\"重新打开草稿\"}", 409,
                   "guard_refused", "草稿", "tasks.reopen.refused", id);
    CHECK_INT(fire(&staff, id, "assign", NULL), 200);
    EXPECT_REFUSAL(&staff, "POST", tr_path(id, "assign"), "{}", 409, "guard_refused", "已交办",
                   "tasks.assign.refused", id);
    int64_t done = db_int("SELECT id FROM tasks WHERE status = 'done' AND org_id = (SELECT id "
                          "FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    EXPECT_REFUSAL(&staff, "POST", tr_path(done, "assign"), "{}", 409, "guard_refused", "已完成",
                   "tasks.assign.refused", done);
    EXPECT_REFUSAL(&leader, "POST", tr_path(done, "cancel"), "{\"reason\":\"撤销已完成的\"}", 409,
                   "guard_refused", "已完成", "tasks.cancel.refused", done);
    int64_t cancelled = db_int("SELECT id FROM tasks WHERE status = 'cancelled' AND org_id = "
                               "(SELECT id FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    EXPECT_REFUSAL(&leader, "POST", tr_path(cancelled, "reopen"), "{\"reason\":\"复活\"}", 409,
                   "guard_refused", "已撤销", "tasks.reopen.refused", cancelled);
}

/* A deadline in a year whose holiday calendar was not loaded (the tests load 2024–2026) is
 * flagged on the detail page: its rest days are only the weekends. */
static void test_deadline_flags_missing_calendar(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    static const char warn[] = "该年节假日安排未导入，期限按周一至周五计算";
    int64_t late = make_task(&b, "明年到期的任务", "DH-SW", "2027-03-31");
    int64_t soon = make_task(&b, "今年到期的任务", "DH-SW", "2026-12-30");
    CHECK(late > 0 && soon > 0);
    /* no running deadline yet: nothing to flag */
    CHECK(strstr(get(&b, tprintf("/app/tasks/%lld", (long long)late))->body, warn) == NULL);
    CHECK_INT(fire(&b, late, "assign", "{}"), 200);
    CHECK_INT(fire(&b, soon, "assign", "{}"), 200);
    struct resp *r = get(&b, tprintf("/app/tasks/%lld", (long long)late));
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, warn);
    r = get(&b, tprintf("/app/tasks/%lld", (long long)soon));
    CHECK_INT(r->status, 200);
    CHECK(strstr(r->body, warn) == NULL);
}

void suite_workflow(void)
{
    RUN(test_happy_path);
    RUN(test_reply_shows_running_deadline);
    RUN(test_complete_needs_progress_report);
    RUN(test_complete_blocked_by_open_rectification);
    RUN(test_supervision_check_rules);
    RUN(test_assign_past_due);
    RUN(test_wrong_state);
    RUN(test_deadline_flags_missing_calendar);
}
