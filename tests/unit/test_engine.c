/* test_engine.c — the engine through the key tasks module: validation, tenant and role
 * scope, workflow guards and refusals (audited), deadlines on the official calendar. */
#include <string.h>

#include "core/date.h"
#include "engine/deadline.h"
#include "engine/people.h"
#include "engine/query.h"
#include "engine/schema.h"
#include "engine/workflow.h"
#include "fixture.h"
#include "t.h"

static const struct entity *tasks(void)
{
    return entity_find("tasks");
}

static fz_err create(struct fixture *f, const char *user, const char *json, struct ctx **cp)
{
    struct ctx *c = fx_as(f, user);
    if (cp)
        *cp = c;
    json_t *j = fx_json(json);
    fz_err e = entity_create(c, tasks(), j, NULL);
    json_decref(j);
    return e;
}

static int64_t count(struct fixture *f, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    stmt *st = db_prepare(f->db, sql);
    int64_t n = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
    db_done(st);
    return n;
}

static fz_err fire(struct fixture *f, const char *user, int64_t id, const char *t, const char *json,
                   struct ctx **cp)
{
    struct ctx *c = fx_as(f, user);
    if (cp)
        *cp = c;
    json_t *j = json ? fx_json(json) : NULL;
    fz_err e = workflow_fire(c, tasks(), id, t, j, NULL);
    json_decref(j);
    return e;
}

static void registered_tables_are_consistent(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    buf msgs;
    buf_init(&msgs, 0);
    CHECK_INT(schema_check_tables(&msgs), 0);
    buf_release(&msgs);
    fx_close(&f);
}

/* A table with mistakes: the self-check must name each. */
static const struct wf_state bad_states[] = {{"a", "甲"}, {"island", "孤岛"}};
static const struct wf_transition bad_transitions[] = {
    {"go", "走", "a", "nowhere", 0},
};
static const struct workflow bad_wf = {bad_states, 2, bad_transitions, 1, "a"};
static const struct field bad_fields[] = {
    {"status", "状态", FT_TEXT, 0},
    {"Bad Name", "坏", FT_TEXT, 0},
    {"kind", "种类", FT_ENUM, 0},
};
static const struct entity bad_entity = {.name = "bad_things",
                                         .label = "坏",
                                         .fields = bad_fields,
                                         .nfields = 3,
                                         .unit_field = "nope",
                                         .workflow = &bad_wf};

static void schema_check_names_table_mistakes(void)
{
    const struct entity *const list[] = {&bad_entity};
    entity_register(list, 1);
    buf msgs;
    buf_init(&msgs, 0);
    int n = schema_check_tables(&msgs);
    CHECK(n >= 6);
    CHECK_CONTAINS(msgs.p, "unit_field nope");
    CHECK_CONTAINS(msgs.p, "field name status is reserved");
    CHECK_CONTAINS(msgs.p, "needs an identifier");
    CHECK_CONTAINS(msgs.p, "enum field kind has no choices");
    CHECK_CONTAINS(msgs.p, "goes to an unknown state");
    CHECK_CONTAINS(msgs.p, "state island is unreachable");
    buf_release(&msgs);
}

static void validation_refuses_bad_values(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    struct ctx *c;
    int64_t before = count(&f, "tasks");
    static const struct {
        const char *json, *field, *msg;
    } cases[] = {
        {"{\"title\":\"t\",\"due_date\":\"2026-12-31\",\"department\":\"A-D1\",\"owner\":1}", NULL,
         "未知字段“owner”"},
        {"{\"title\":5,\"due_date\":\"2026-12-31\",\"department\":\"A-D1\"}", "title", "应为文本"},
        {"{\"title\":\"任务\",\"due_date\":\"2025-02-29\",\"department\":\"A-D1\"}", "due_date",
         "应为有效日期"},
        {"{\"title\":\"任务\",\"due_date\":\"2026-12-31\"}", "department", "必填"},
        {"{\"title\":\"  \",\"due_date\":\"2026-12-31\",\"department\":\"A-D1\"}", "title", "必填"},
        {"{\"title\":\"a\\u0007b\",\"due_date\":\"2026-12-31\",\"department\":\"A-D1\"}", "title",
         "控制字符"},
        {"{\"title\":\"任务\",\"due_date\":\"2026-12-31\",\"department\":\"A-D1\","
         "\"category\":\"sports\"}",
         "category", "不在可选范围"},
        {"{\"title\":\"任务\",\"due_date\":\"2026-12-31\",\"department\":\"A\"}", "department",
         "不能选择街道"},
        {"{\"title\":\"任务\",\"due_date\":\"2026-12-31\",\"department\":\"A-D1\","
         "\"partners\":[\"B-D1\"]}",
         "partners", "不属于本街道"},
        {"{\"title\":\"任务\",\"due_date\":\"2026-12-31\",\"department\":\"A-D1\","
         "\"partners\":[\"A-C1\",\"A-C1\"]}",
         "partners", "重复"},
        {"{\"title\":\"任务\",\"due_date\":\"2026-12-31\",\"department\":\"A-D1\","
         "\"assigned_on\":\"2026-01-01\"}",
         "assigned_on", "由系统维护"},
        {"{\"title\":\"任务\",\"due_date\":\"2026-12-31\",\"department\":\"NOPE\"}", "department",
         "不存在"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fz_err e = create(&f, "a.staff", cases[i].json, &c);
        CHECK_INT(e, FZ_EVALID);
        if (cases[i].field)
            CHECK_STR(c->err.field, cases[i].field);
        CHECK_CONTAINS(c->err.message, cases[i].msg);
    }
    /* limits are in characters: 100 Chinese characters fit, 101 do not */
    buf t;
    buf_init(&t, 0);
    buf_puts(&t, "{\"due_date\":\"2026-12-31\",\"department\":\"A-D1\",\"title\":\"");
    for (int i = 0; i < 100; i++)
        buf_puts(&t, "法");
    buf_puts(&t, "\"}");
    CHECK_INT(create(&f, "a.staff", t.p, &c), FZ_OK);
    buf_reset(&t);
    buf_puts(&t, "{\"due_date\":\"2026-12-31\",\"department\":\"A-D1\",\"title\":\"");
    for (int i = 0; i < 101; i++)
        buf_puts(&t, "法");
    buf_puts(&t, "\"}");
    CHECK_INT(create(&f, "a.staff", t.p, &c), FZ_EVALID);
    CHECK_CONTAINS(c->err.message, "不能超过 100 个字");
    buf_release(&t);
    CHECK_INT(count(&f, "tasks"), before + 1);
    fx_close(&f);
}

static void tenants_and_roles_scope_every_read_and_write(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    int64_t t = fx_task(&f, "a.staff",
                        "{\"title\":\"甲的任务\",\"due_date\":\"2026-12-31\","
                        "\"department\":\"A-D1\",\"partners\":[\"A-C1\"]}");
    int64_t t2 = fx_task(&f, "a.staff",
                         "{\"title\":\"甲二\",\"due_date\":\"2026-12-31\","
                         "\"department\":\"A-D1\"}");
    CHECK(t && t2);
    struct record *r;
    /* the other subdistrict sees nothing and changes nothing */
    struct ctx *b = fx_as(&f, "b.staff");
    CHECK_INT(entity_get(b, tasks(), t, &r), FZ_ENOTFOUND);
    json_t *j = fx_json("{\"title\":\"乙改\"}");
    CHECK_INT(entity_update(b, tasks(), t, j, &r), FZ_ENOTFOUND);
    json_decref(j);
    CHECK_INT(fire(&f, "b.staff", t, "assign", NULL, NULL), FZ_ENOTFOUND);
    /* creating in another tenant's department is refused */
    struct ctx *c;
    CHECK_INT(create(&f, "b.staff",
                     "{\"title\":\"越界\",\"due_date\":\"2026-12-31\","
                     "\"department\":\"A-D1\"}",
                     &c),
              FZ_EFORBIDDEN);
    /* a grid worker sees the task whose partners include its community, not the other */
    struct ctx *g = fx_as(&f, "a.grid");
    CHECK_INT(entity_get(g, tasks(), t, &r), FZ_OK);
    CHECK_INT(entity_get(g, tasks(), t2, &r), FZ_ENOTFOUND);
    struct list_result lr;
    CHECK_INT(entity_list(g, tasks(), NULL, 0, 25, &lr), FZ_OK);
    CHECK_INT(lr.total, 1);
    /* and may not create tasks */
    CHECK_INT(create(&f, "a.grid",
                     "{\"title\":\"网格任务\",\"due_date\":\"2026-12-31\","
                     "\"department\":\"A-C1\"}",
                     &c),
              FZ_EFORBIDDEN);
    /* the district supervisor reads both subdistricts and writes nothing */
    fx_task(&f, "b.staff",
            "{\"title\":\"乙任务\",\"due_date\":\"2026-12-31\",\"department\":"
            "\"B-D1\"}");
    struct ctx *s = fx_as(&f, "d.sup");
    CHECK_INT(entity_list(s, tasks(), NULL, 0, 25, &lr), FZ_OK);
    CHECK_INT(lr.total, 3);
    CHECK_INT(entity_get(s, tasks(), t, &r), FZ_OK);
    j = fx_json("{\"title\":\"监督改\"}");
    CHECK_INT(entity_update(s, tasks(), t, j, &r), FZ_EFORBIDDEN);
    json_decref(j);
    CHECK_INT(fire(&f, "d.sup", t, "assign", NULL, NULL), FZ_EFORBIDDEN);
    CHECK_INT(create(&f, "d.sup",
                     "{\"title\":\"监督建\",\"due_date\":\"2026-12-31\","
                     "\"department\":\"A-D1\"}",
                     &c),
              FZ_EFORBIDDEN);
    /* refusals are on the record */
    stmt *st = db_prepare(f.db, "SELECT COUNT(*) FROM audit WHERE action LIKE '%.refused'");
    CHECK(db_step(st) == DB_ROW && db_col_int(st, 0) >= 5);
    db_done(st);
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_close(&f);
}

static void guards_refuse_with_the_reason_and_change_nothing(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-03-02");
    struct ctx *c;
    int64_t t = fx_task(&f, "a.staff",
                        "{\"title\":\"节后任务\",\"due_date\":\"2026-02-27\","
                        "\"department\":\"A-D1\"}");
    /* due 27 Feb, today 2 Mar: assigning late work is refused */
    CHECK_INT(fire(&f, "a.leader", t, "assign", NULL, &c), FZ_EGUARD);
    CHECK_CONTAINS(c->err.message, "完成时限已过");
    struct record *r;
    CHECK_INT(entity_get(fx_as(&f, "a.staff"), tasks(), t, &r), FZ_OK);
    CHECK_STR(r->status, "draft");
    CHECK_INT(r->version, 1);
    /* an officer may not assign at all (role), whatever the state */
    CHECK_INT(fire(&f, "a.officer", t, "assign", NULL, &c), FZ_EFORBIDDEN);
    /* wrong state */
    CHECK_INT(fire(&f, "a.staff", t, "complete", NULL, &c), FZ_EGUARD);
    CHECK_CONTAINS(c->err.message, "不能执行“办结”");
    /* unknown transition */
    CHECK_INT(fire(&f, "a.staff", t, "approve", NULL, &c), FZ_ENOTFOUND);
    /* a required parameter */
    CHECK_INT(fire(&f, "a.leader", t, "cancel", "{}", &c), FZ_EVALID);
    CHECK_STR(c->err.field, "reason");

    json_t *j = fx_json("{\"due_date\":\"2026-03-31\"}");
    CHECK_INT(entity_update(fx_as(&f, "a.staff"), tasks(), t, j, &r), FZ_OK);
    json_decref(j);
    CHECK_INT(fire(&f, "a.leader", t, "assign", "{\"note\":\"请按时完成\"}", &c), FZ_OK);
    /* done needs a progress report */
    CHECK_INT(fire(&f, "a.staff", t, "complete", NULL, &c), FZ_EGUARD);
    CHECK_CONTAINS(c->err.message, "尚无进展报告");
    char rep[200];
    snprintf(rep, sizeof rep, "{\"task\":%lld,\"percent\":100,\"content\":\"全部完成\"}",
             (long long)t);
    j = fx_json(rep);
    /* the lead department's staff reports; a grid worker elsewhere may not */
    CHECK_INT(entity_create(fx_as(&f, "a.grid"), entity_find("progress_reports"), j, NULL),
              FZ_EVALID); /* the task is not visible to it: "所属的任务不存在或无权查看" */
    CHECK_INT(entity_create(fx_as(&f, "a.d1"), entity_find("progress_reports"), j, NULL), FZ_OK);
    json_decref(j);
    /* an open rectification blocks completion until it is closed */
    snprintf(rep, sizeof rep,
             "{\"task\":%lld,\"checked_on\":\"2026-03-02\",\"result\":\"needs_rectification\","
             "\"findings\":\"台账不全\",\"rectify_due\":\"2026-03-09\"}",
             (long long)t);
    j = fx_json(rep);
    struct record *chk;
    CHECK_INT(entity_create(fx_as(&f, "a.leader"), entity_find("supervision_checks"), j, &chk),
              FZ_OK);
    json_decref(j);
    CHECK_STR(chk->status, "open");
    CHECK_INT(fire(&f, "a.staff", t, "complete", NULL, &c), FZ_EGUARD);
    CHECK_CONTAINS(c->err.message, "尚未整改销号");
    CHECK_INT(workflow_fire(fx_as(&f, "a.staff"), entity_find("supervision_checks"), chk->id,
                            "close", NULL, NULL),
              FZ_OK);
    CHECK_INT(fire(&f, "a.staff", t, "complete", NULL, &c), FZ_OK);
    CHECK_INT(entity_get(fx_as(&f, "a.staff"), tasks(), t, &r), FZ_OK);
    CHECK_STR(r->status, "done");
    int ci = entity_field_index(tasks(), "completed_on");
    CHECK_STR(r->v[ci].s, "2026-03-02");
    /* a done task is locked */
    j = fx_json("{\"title\":\"改标题\"}");
    CHECK_INT(entity_update(fx_as(&f, "a.staff"), tasks(), t, j, &r), FZ_EGUARD);
    json_decref(j);
    /* every refusal was audited, and the chain still verifies */
    stmt *st = db_prepare(f.db, "SELECT COUNT(*) FROM audit WHERE action = 'tasks.assign.refused'");
    CHECK(db_step(st) == DB_ROW && db_col_int(st, 0) == 2);
    db_done(st);
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_close(&f);
}

static void check_rules_need_a_rectification_date(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    int64_t t = fx_task(&f, "a.staff",
                        "{\"title\":\"督查对象\",\"due_date\":\"2026-12-31\","
                        "\"department\":\"A-D1\"}");
    CHECK_INT(fire(&f, "a.leader", t, "assign", NULL, NULL), FZ_OK);
    char js[256];
    struct ctx *c = fx_as(&f, "a.leader");
    const struct entity *checks = entity_find("supervision_checks");
    snprintf(js, sizeof js,
             "{\"task\":%lld,\"checked_on\":\"2026-11-27\",\"result\":\"needs_rectification\","
             "\"findings\":\"问题\"}",
             (long long)t);
    json_t *j = fx_json(js);
    CHECK_INT(entity_create(c, checks, j, NULL), FZ_EVALID);
    CHECK_STR(c->err.field, "rectify_due");
    json_decref(j);
    snprintf(js, sizeof js,
             "{\"task\":%lld,\"checked_on\":\"2026-11-28\",\"result\":\"satisfactory\","
             "\"findings\":\"良好\"}",
             (long long)t);
    j = fx_json(js);
    CHECK_INT(entity_create(c, checks, j, NULL), FZ_EVALID);
    CHECK_CONTAINS(c->err.message, "不能晚于今天");
    json_decref(j);
    snprintf(js, sizeof js,
             "{\"task\":%lld,\"checked_on\":\"2026-11-27\",\"result\":\"satisfactory\","
             "\"findings\":\"良好\"}",
             (long long)t);
    j = fx_json(js);
    struct record *r;
    CHECK_INT(entity_create(c, checks, j, &r), FZ_OK);
    CHECK_STR(r->status, "closed"); /* nothing to rectify */
    json_decref(j);
    fx_close(&f);
}

static void deadlines_follow_the_official_calendar(void)
{
    struct fixture f;
    /* National Day 2026: 1–7 Oct off, Sat 10 Oct worked. A task due on 1 Oct is due on the
     * next working day, Thu 8 Oct (RULES.md §0, §13). */
    fx_open(&f, "sha256", "2026-09-21");
    int64_t t = fx_task(&f, "a.staff",
                        "{\"title\":\"国庆前任务\",\"due_date\":\"2026-10-01\","
                        "\"department\":\"A-D1\"}");
    CHECK_INT(fire(&f, "a.leader", t, "assign", NULL, NULL), FZ_OK);
    struct record *r;
    struct ctx *c = fx_as(&f, "a.staff");
    CHECK_INT(entity_get(c, tasks(), t, &r), FZ_OK);
    CHECK_INT(r->ndeadlines, 1);
    CHECK_STR(r->deadlines[0].due_date, "2026-10-08");
    CHECK_STR(r->deadlines[0].status, "running");
    CHECK(!r->deadlines[0].overdue);
    /* 21 Sep → 8 Oct: 22–25 Sep (4; 25 Sep is 中秋 off) … count working days: 22,23,24 Sep,
     * 28,29,30 Sep, 8 Oct = 7 */
    CHECK_INT(r->deadlines[0].days_left, 7);
    /* on 8 Oct it is due today, not overdue; on 9 Oct it is overdue */
    fx_today(&f, "2026-10-08");
    CHECK_INT(entity_get(c, tasks(), t, &r), FZ_OK);
    CHECK(!r->deadlines[0].overdue);
    CHECK(r->deadlines[0].due_soon);
    struct list_result lr;
    struct kv od = {"overdue", "1"};
    CHECK_INT(entity_list(c, tasks(), &od, 1, 25, &lr), FZ_OK);
    CHECK_INT(lr.total, 0);
    fx_today(&f, "2026-10-09");
    CHECK_INT(entity_get(c, tasks(), t, &r), FZ_OK);
    CHECK(r->deadlines[0].overdue);
    CHECK_INT(entity_list(c, tasks(), &od, 1, 25, &lr), FZ_OK);
    CHECK_INT(lr.total, 1);
    /* moving the due date moves the running deadline */
    json_t *j = fx_json("{\"due_date\":\"2026-10-10\"}"); /* Sat, an adjusted working day */
    CHECK_INT(entity_update(c, tasks(), t, j, &r), FZ_OK);
    json_decref(j);
    CHECK_STR(r->deadlines[0].due_date, "2026-10-10");
    fx_close(&f);
}

static void a_new_calendar_file_moves_running_deadlines(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    /* No 2027 calendar yet: Friday 1 Jan 2027 counts as a working day. */
    int64_t t = fx_task(&f, "a.staff",
                        "{\"title\":\"跨年任务\",\"due_date\":\"2027-01-01\","
                        "\"department\":\"A-D1\"}");
    CHECK_INT(fire(&f, "a.leader", t, "assign", NULL, NULL), FZ_OK);
    struct record *r;
    struct ctx *c = fx_as(&f, "a.staff");
    CHECK_INT(entity_get(c, tasks(), t, &r), FZ_OK);
    CHECK_STR(r->deadlines[0].due_date, "2027-01-01");
    int moved = -1;
    CHECK_INT(deadline_recompute_all(&f.sys, &moved), FZ_OK);
    CHECK_INT(moved, 0);
    /* The 2027 notice arrives: New Year's Day is a holiday, so the deadline moves to the
     * next working day, Monday 4 Jan. */
    const char text[] = "source test\n2027-01-01 holiday 元旦\n";
    char err[200];
    CHECK_INT(calendar_load_text(f.cal, "2027.txt", text, sizeof text - 1, err, sizeof err), 0);
    CHECK_INT(deadline_recompute_all(&f.sys, &moved), FZ_OK);
    CHECK_INT(moved, 1);
    CHECK_INT(entity_get(c, tasks(), t, &r), FZ_OK);
    CHECK_STR(r->deadlines[0].due_date, "2027-01-04");
    /* the move is on the record, and the record still verifies */
    stmt *st = db_prepare(f.db, "SELECT detail FROM audit WHERE action = "
                                "'tasks.deadline_recomputed'");
    CHECK(db_step(st) == DB_ROW);
    CHECK_CONTAINS(db_col_text(st, 0), "\"from\":\"2027-01-01\",\"to\":\"2027-01-04\"");
    db_done(st);
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_close(&f);
}

static void lists_filter_sort_and_page(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    for (int i = 0; i < 30; i++) {
        char js[200];
        snprintf(js, sizeof js,
                 "{\"title\":\"任务%02d\",\"due_date\":\"2026-12-%02d\",\"department\":\"%s\","
                 "\"category\":\"%s\"}",
                 i, 1 + i % 28, i % 3 ? "A-D1" : "A-C2", i % 2 ? "outreach" : "disputes");
        CHECK(fx_task(&f, "a.staff", js));
    }
    struct ctx *c = fx_as(&f, "a.staff");
    struct list_result lr;
    struct kv a1[] = {
        {"department", "A-C2"}, {"sort", "-due_date"}, {"per_page", "4"}, {"page", "2"}};
    CHECK_INT(entity_list(c, tasks(), a1, 4, 200, &lr), FZ_OK);
    CHECK_INT(lr.total, 10);
    CHECK_INT(lr.n, 4);
    int di = entity_field_index(tasks(), "due_date");
    CHECK(strcmp(lr.rows[0]->v[di].s, lr.rows[3]->v[di].s) >= 0);
    struct kv a2[] = {{"q", "任务1"}, {"category", "outreach"}};
    CHECK_INT(entity_list(c, tasks(), a2, 2, 200, &lr), FZ_OK);
    CHECK_INT(lr.total, 5); /* 11 13 15 17 19 */
    struct kv a3[] = {{"due_date_from", "2026-12-01"}, {"due_date_to", "2026-12-02"}};
    CHECK_INT(entity_list(c, tasks(), a3, 2, 200, &lr), FZ_OK);
    CHECK_INT(lr.total, 4); /* i = 0, 1, 28, 29 (days 1, 2, 1, 2) */
    struct kv bad[] = {{"colour", "red"}};
    CHECK_INT(entity_list(c, tasks(), bad, 1, 200, &lr), FZ_EINVAL);
    CHECK_CONTAINS(c->err.message, "colour");
    struct kv bad2[] = {{"sort", "description"}};
    CHECK_INT(entity_list(c, tasks(), bad2, 1, 200, &lr), FZ_EINVAL);
    struct kv bad3[] = {{"per_page", "500"}};
    CHECK_INT(entity_list(c, tasks(), bad3, 1, 200, &lr), FZ_EINVAL);
    struct kv like[] = {{"q", "%"}};
    CHECK_INT(entity_list(c, tasks(), like, 1, 200, &lr), FZ_OK);
    CHECK_INT(lr.total, 0); /* wildcards match literally */
    /* the pinned clock gives all thirty one created_at: the id breaks the tie, so the pages
     * of that sort neither repeat nor skip a task, whichever index the planner reads */
    int64_t seen[30];
    int nseen = 0;
    static const char *const pages[] = {"1", "2", "3"};
    for (int pg = 0; pg < 3; pg++) {
        struct kv by_time[] = {{"sort", "-created_at"}, {"per_page", "10"}, {"page", pages[pg]}};
        CHECK_INT(entity_list(c, tasks(), by_time, 3, 200, &lr), FZ_OK);
        for (size_t k = 0; k < lr.n && nseen < 30; k++) {
            for (int m = 0; m < nseen; m++)
                CHECK(seen[m] != lr.rows[k]->id);
            seen[nseen++] = lr.rows[k]->id;
        }
    }
    CHECK_INT(nseen, 30);
    CHECK(seen[0] > seen[29]);
    fx_close(&f);
}

/* A list reads its rows' links a query per field for up to 64 rows at a time: 70 rows
 * (two batches, the second padded) with none, one or two partners each, in the order
 * given, read as each record alone reads them. */
static void list_links_match_each_records_own(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    static const char *const partners[] = {"", "\"A-C1\"", "\"A-C2\", \"A-C1\"",
                                           "\"A-C1\", \"A-C2\""};
    for (int i = 0; i < 70; i++) {
        char js[256];
        snprintf(js, sizeof js,
                 "{\"title\":\"联动%02d\",\"due_date\":\"2026-12-31\",\"department\":\"A-D1\","
                 "\"partners\":[%s]}",
                 i, partners[i % 4]);
        CHECK(fx_task(&f, "a.staff", js));
    }
    struct ctx *c = fx_as(&f, "a.staff");
    struct list_result lr;
    struct kv args[] = {{"per_page", "200"}, {"sort", "id"}};
    CHECK_INT(entity_list(c, tasks(), args, 2, 200, &lr), FZ_OK);
    CHECK_INT(lr.n, 70);
    int pi = entity_field_index(tasks(), "partners");
    int with_two = 0;
    for (size_t k = 0; k < lr.n; k++) {
        struct record *one;
        CHECK_INT(entity_get(c, tasks(), lr.rows[k]->id, &one), FZ_OK);
        const struct value *a = &lr.rows[k]->v[pi], *b = &one->v[pi];
        CHECK_INT(a->n, b->n);
        CHECK_INT(a->null, b->null);
        for (size_t m = 0; m < a->n && m < b->n; m++) {
            CHECK_INT(a->ids[m], b->ids[m]);
            CHECK_STR(a->codes[m], b->codes[m]);
            CHECK_STR(a->labels[m], b->labels[m]);
        }
        with_two += a->n == 2;
    }
    CHECK_INT(with_two, 34);
    /* the first with two partners keeps their order: A-C2 before A-C1 */
    CHECK_STR(lr.rows[2]->v[pi].codes[0], "A-C2");
    CHECK_STR(lr.rows[3]->v[pi].codes[0], "A-C1");
    fx_close(&f);
}

/* The scope SQL of e for actor a, as lists write it. */
static const char *scope_sql(struct fixture *f, const struct actor *a, const char *entity)
{
    struct ctx c;
    ctx_init(&c, f->db, f->a, f->cal, a, f->sys.alg);
    const struct entity *e = entity_find(entity);
    buf sql;
    buf_init(&sql, 0);
    struct sql_params p = {0};
    query_scope(&c, e, "t", e->read_roles, &sql, &p);
    const char *s = arena_strndup(f->a, sql.p, sql.len);
    buf_release(&sql);
    return s;
}

/* A role bound inside the tenant of another role bound at that tenant adds no term to the
 * scope: one index scan, not two merged. Unless the entity is also scoped through linked
 * organisations (a task's partners may sit in another tenant), or the role's tenant is
 * another one than the covering role's organisation. */
static void scope_leaves_out_roles_another_covers(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    struct actor a = *fx_as(&f, "a.staff")->actor; /* staff at A, a subdistrict */
    struct org d1;
    CHECK_INT(org_by_code(&f.sys, "A-D1", &d1), FZ_OK);
    a.roles[a.nroles++] =
        (struct role_binding){ROLE_OFFICER, d1.id, d1.tenant_id, ORG_DEPARTMENT, "A-D1", "A-D1"};
    const char *cases = scope_sql(&f, &a, "penalty_cases");
    CHECK(!strstr(cases, " OR "));
    CHECK_CONTAINS(cases, "t.org_id IN (SELECT descendant_id FROM org_closure");
    CHECK(strstr(scope_sql(&f, &a, "tasks"), " OR ") != NULL);
    /* a subdistrict's staff with a role at another tenant's department keeps both */
    struct actor s = *fx_as(&f, "a.staff")->actor;
    struct org bd1;
    CHECK_INT(org_by_code(&f.sys, "B-D1", &bd1), FZ_OK);
    struct role_binding sb = {.role = ROLE_SUPERVISOR,
                              .org_id = bd1.id,
                              .tenant_id = bd1.tenant_id,
                              .kind = ORG_DEPARTMENT,
                              .org_code = "B-D1",
                              .org_name = "B-D1"};
    s.roles[s.nroles++] = sb;
    CHECK(strstr(scope_sql(&f, &s, "penalty_cases"), " OR ") != NULL);
    /* and the lists read what they read before: a.staff's tasks with and without A-D1 */
    fx_task(&f, "a.staff",
            "{\"title\":\"甲的任务\",\"due_date\":\"2026-12-31\",\"department\":\"A-D1\"}");
    fx_task(&f, "b.staff",
            "{\"title\":\"乙的任务\",\"due_date\":\"2026-12-31\",\"department\":\"B-D1\"}");
    struct ctx c;
    ctx_init(&c, f.db, f.a, f.cal, &a, f.sys.alg);
    struct list_result lr;
    CHECK_INT(entity_list(&c, tasks(), NULL, 0, 25, &lr), FZ_OK);
    CHECK_INT(lr.total, 1);
    fx_close(&f);
}

/* A role bound at the top of the only organisation tree reads everything (an unfiltered
 * list counts the table); once a second tree exists it reads its own tree again, from the
 * next request on (roles are loaded per request). */
static void the_only_top_reads_everything_until_another_appears(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    fx_task(&f, "a.staff",
            "{\"title\":\"甲的任务\",\"due_date\":\"2026-12-31\",\"department\":\"A-D1\"}");
    fx_task(&f, "b.staff",
            "{\"title\":\"乙的任务\",\"due_date\":\"2026-12-31\",\"department\":\"B-D1\"}");
    int64_t uid;
    const char *hash;
    bool active;
    CHECK_INT(user_lookup(&f.sys, "d.sup", &uid, &hash, &active), FZ_OK);
    struct actor sup;
    CHECK_INT(actor_load(&f.sys, uid, &sup), FZ_OK);
    CHECK(sup.nroles > 0 && sup.roles[0].everything);
    struct ctx c;
    ctx_init(&c, f.db, f.a, f.cal, &sup, f.sys.alg);
    struct list_result lr;
    CHECK_INT(entity_list(&c, tasks(), NULL, 0, 25, &lr), FZ_OK);
    CHECK_INT(lr.total, 2);
    /* a second tree, with a task of its own */
    CHECK_INT(org_add(&f.sys, "E", "另一区", "district", NULL, NULL), FZ_OK);
    CHECK_INT(org_add(&f.sys, "E-D1", "另一区某局", "department", "E", NULL), FZ_OK);
    json_t *j = fx_json("{\"title\":\"另一区的任务\",\"due_date\":\"2026-12-31\","
                        "\"department\":\"E-D1\"}");
    struct record *r;
    CHECK_INT(entity_create(&f.sys, tasks(), j, &r), FZ_OK);
    json_decref(j);
    CHECK_INT(actor_load(&f.sys, uid, &sup), FZ_OK);
    CHECK(!sup.roles[0].everything);
    ctx_init(&c, f.db, f.a, f.cal, &sup, f.sys.alg);
    CHECK_INT(entity_list(&c, tasks(), NULL, 0, 25, &lr), FZ_OK);
    CHECK_INT(lr.total, 2);
    CHECK_INT(lr.n, 2);
    /* the same role still marked "everything" would count the other tree's task */
    sup.roles[0].everything = true;
    CHECK_INT(entity_list(&c, tasks(), NULL, 0, 25, &lr), FZ_OK);
    CHECK_INT(lr.total, 3);
    fx_close(&f);
}

static void unchanged_saves_and_closed_parents_write_nothing(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    int64_t t = fx_task(&f, "a.staff", "{\"title\":\"原样保存\",\"due_date\":\"2026-12-31\","
                                        "\"department\":\"A-D1\",\"partners\":[\"A-C1\"]}");
    struct ctx *c = fx_as(&f, "a.staff");
    struct record *r;
    /* a form posted back as it was: no new version, no audit entry */
    int64_t audit_before = count(&f, "audit");
    json_t *j = fx_json("{\"title\":\"原样保存\",\"due_date\":\"2026-12-31\","
                        "\"department\":\"A-D1\",\"partners\":[\"A-C1\"],\"basis\":null}");
    CHECK_INT(entity_update(c, tasks(), t, j, &r), FZ_OK);
    json_decref(j);
    CHECK_INT(r->version, 1);
    CHECK_INT(count(&f, "audit"), audit_before);
    /* a progress report freezes when its task is done */
    CHECK_INT(fire(&f, "a.leader", t, "assign", NULL, NULL), FZ_OK);
    char js[160];
    snprintf(js, sizeof js, "{\"task\":%lld,\"percent\":100,\"content\":\"完成\"}",
             (long long)t);
    j = fx_json(js);
    struct record *rep;
    CHECK_INT(entity_create(fx_as(&f, "a.d1"), entity_find("progress_reports"), j, &rep), FZ_OK);
    json_decref(j);
    CHECK_INT(fire(&f, "a.staff", t, "complete", NULL, NULL), FZ_OK);
    j = fx_json("{\"content\":\"事后改写\"}");
    c = fx_as(&f, "a.staff");
    CHECK_INT(entity_update(c, entity_find("progress_reports"), rep->id, j, &r), FZ_EGUARD);
    CHECK_CONTAINS(c->err.message, "所属重点工作任务已处于“已完成”状态");
    json_decref(j);
    /* a check's conclusion is fixed once recorded */
    fx_close(&f);
}

static void updates_are_versioned(void)
{
    struct fixture f;
    fx_open(&f, "sha256", "2026-11-27");
    int64_t t = fx_task(&f, "a.staff",
                        "{\"title\":\"版本\",\"due_date\":\"2026-12-31\","
                        "\"department\":\"A-D1\"}");
    struct ctx *c = fx_as(&f, "a.staff");
    struct record *r;
    json_t *j = fx_json("{\"title\":\"第二版\",\"version\":1}");
    CHECK_INT(entity_update(c, tasks(), t, j, &r), FZ_OK);
    CHECK_INT(r->version, 2);
    json_decref(j);
    j = fx_json("{\"title\":\"过期的修改\",\"version\":1}");
    CHECK_INT(entity_update(c, tasks(), t, j, &r), FZ_ECONFLICT);
    json_decref(j);
    CHECK_INT(entity_get(c, tasks(), t, &r), FZ_OK);
    int ti = entity_field_index(tasks(), "title");
    CHECK_STR(r->v[ti].s, "第二版");
    fx_close(&f);
}

void suite_engine(void);
void suite_engine(void)
{
    RUN(registered_tables_are_consistent);
    RUN(validation_refuses_bad_values);
    RUN(tenants_and_roles_scope_every_read_and_write);
    RUN(guards_refuse_with_the_reason_and_change_nothing);
    RUN(check_rules_need_a_rectification_date);
    RUN(deadlines_follow_the_official_calendar);
    RUN(a_new_calendar_file_moves_running_deadlines);
    RUN(lists_filter_sort_and_page);
    RUN(list_links_match_each_records_own);
    RUN(scope_leaves_out_roles_another_covers);
    RUN(the_only_top_reads_everything_until_another_appears);
    RUN(updates_are_versioned);
    RUN(unchanged_saves_and_closed_parents_write_nothing);
    /* last: it replaces the registry with a broken table */
    RUN(schema_check_names_table_mistakes);
}
