/* test_features.c — engine features the enforcement module stands on, tried on a small test
 * entity: money, user and record references, instants, transition parameters written to the
 * record, numbering, deadline suspension and extension on real dates, derived fields,
 * immutable records and after-hooks. */
#include <string.h>

#include "core/date.h"
#include "engine/deadline.h"
#include "engine/schema.h"
#include "engine/workflow.h"
#include "fixture.h"
#include "modules/modules.h"
#include "t.h"

/* ---- the test entities ------------------------------------------------------------------- */

static void widget_derive(struct ctx *c, struct record *r);
static fz_err widget_closed(struct ctx *c, const struct record *r);

static const struct field widget_fields[] = {
    {"title", "名称", FT_TEXT, F_REQUIRED | F_LIST, 1, 50},
    {"unit", "单位", FT_ORG, F_REQUIRED},
    {"amount", "金额", FT_MONEY, F_FILTER, .max = 1000000000},
    {"owner", "负责人", FT_USER, F_FILTER},
    {"seen_at", "发现时间", FT_DATETIME, F_FILTER},
    {"related", "关联", FT_REFS, F_FILTER, .ref = "widgets"},
    {"notice_on", "告知日期", FT_DATE, F_SYSTEM},
    {"number", "编号", FT_TEXT, F_SYSTEM},
    {"doubled", "双倍金额", FT_MONEY, F_DERIVED},
};

static const struct deadline_def widget_deadlines[] = {
    {"reply", "答复期限", DL_WORKING_DAYS, 5, "notice_on"},
};

static const struct field open_params[] = {
    {"notice_on", "告知日期", FT_DATE, F_REQUIRED},
};
static const struct field extend_params[] = {
    {"extension_days", "延长天数", FT_INT, F_REQUIRED, 1, 30},
};

static const struct wf_state widget_states[] = {
    {"draft", "草稿"}, {"open", "办理中"}, {"closed", "办结", true}};

static const struct wf_transition widget_transitions[] = {
    {"open",
     "告知",
     "draft",
     "open",
     ROLES_WRITERS,
     {NULL},
     open_params,
     1,
     .start_deadline = "reply",
     .number_field = "number",
     .number_format = "%T测〔%Y〕%N号"},
    {"suspend", "中止", "open", NULL, ROLES_WRITERS, {NULL}, NULL, 0, .suspend_deadline = "reply"},
    {"resume", "恢复", "open", NULL, ROLES_WRITERS, {NULL}, NULL, 0, .resume_deadline = "reply"},
    {"extend",
     "延期",
     "open",
     NULL,
     R(ROLE_LEADER),
     {NULL},
     extend_params,
     1,
     .extend_deadline = "reply"},
    {"close",
     "办结",
     "open",
     "closed",
     ROLES_WRITERS,
     {NULL},
     NULL,
     0,
     .stop_deadline = "reply",
     .after = widget_closed},
};

static const struct workflow widget_workflow = {widget_states, 3, widget_transitions, 5, "draft"};

static const struct entity widgets = {
    .name = "widgets",
    .label = "测试件",
    .fields = widget_fields,
    .nfields = sizeof widget_fields / sizeof widget_fields[0],
    .title_field = "title",
    .unit_field = "unit",
    .read_roles = ROLES_ALL,
    .create_roles = ROLES_WRITERS,
    .update_roles = ROLES_WRITERS,
    .workflow = &widget_workflow,
    .deadlines = widget_deadlines,
    .ndeadlines = 1,
    .derive = widget_derive,
};

static const struct field note_fields[] = {
    {"widget", "测试件", FT_REF, F_REQUIRED | F_FIXED, .ref = "widgets"},
    {"text", "内容", FT_TEXT, F_REQUIRED},
};

static const struct entity widget_notes = {
    .name = "widget_notes",
    .label = "记录",
    .fields = note_fields,
    .nfields = 2,
    .title_field = "text",
    .parent_field = "widget",
    .read_roles = ROLES_ALL,
    .create_roles = ROLES_WRITERS,
    .update_roles = ROLES_WRITERS,
    .immutable = true,
};

static void widget_derive(struct ctx *c, struct record *r)
{
    struct value *a = &r->v[2], *d = &r->v[8];
    if (a->null) {
        d->null = true;
        return;
    }
    char m[32];
    d->i = a->i * 2;
    money_format(d->i, m);
    d->s = arena_strdup(c->a, m);
}

/* On closing, a note is written automatically (inside the same transaction). */
static fz_err widget_closed(struct ctx *c, const struct record *r)
{
    char js[96];
    snprintf(js, sizeof js, "{\"widget\":%lld,\"text\":\"已自动办结\"}", (long long)r->id);
    json_t *j = json_loads(js, 0, NULL);
    fz_err e = entity_create(c, &widget_notes, j, NULL);
    json_decref(j);
    return e;
}

static void open_fixture(struct fixture *f, const char *today)
{
    fx_open(f, "sha256", today);
    static const struct entity *const list[] = {&widgets, &widget_notes};
    entity_register(list, 2);
    if (schema_sync(f->db, f->a))
        CHECK(!"schema_sync");
}

static void close_fixture(struct fixture *f)
{
    fx_close(f);
    modules_register();
}

static struct record *make(struct fixture *f, const char *user, const char *json, fz_err *err)
{
    struct ctx *c = fx_as(f, user);
    json_t *j = fx_json(json);
    struct record *r = NULL;
    *err = entity_create(c, &widgets, j, &r);
    json_decref(j);
    return r;
}

/* ---- tests ------------------------------------------------------------------------------- */

static void money_is_exact(void)
{
    int64_t fen;
    CHECK_INT(money_parse("0", &fen), 0);
    CHECK_INT(fen, 0);
    CHECK_INT(money_parse("12.5", &fen), 0);
    CHECK_INT(fen, 1250);
    CHECK_INT(money_parse("200.05", &fen), 0);
    CHECK_INT(fen, 20005);
    CHECK_INT(money_parse("999999999999.99", &fen), 0);
    CHECK(money_parse("12.", &fen) != 0);
    CHECK(money_parse(".5", &fen) != 0);
    CHECK(money_parse("-1", &fen) != 0);
    CHECK(money_parse("1e3", &fen) != 0);
    CHECK(money_parse("1.234", &fen) != 0);
    CHECK(money_parse("1234567890123", &fen) != 0);
    CHECK(money_parse("", &fen) != 0);
    char out[32];
    money_format(20005, out);
    CHECK_STR(out, "200.05");
    money_format(0, out);
    CHECK_STR(out, "0.00");
}

static void new_field_types_validate(void)
{
    struct fixture f;
    open_fixture(&f, "2026-11-27");
    fz_err e;
    struct record *r = make(&f, "a.staff",
                            "{\"title\":\"甲\",\"unit\":\"A-D1\",\"amount\":\"2000.50\","
                            "\"owner\":\"a.d1\",\"seen_at\":\"2026-11-27T10:30\"}",
                            &e);
    CHECK_INT(e, FZ_OK);
    CHECK_INT(r->v[2].i, 200050);
    CHECK_STR(r->v[2].s, "2000.50");
    CHECK_STR(r->v[3].s, "a.d1");
    CHECK_STR(r->v[3].label, "甲执法员工");
    CHECK_STR(r->v[4].s, "2026-11-27T02:30:00.000Z"); /* 10:30 in Shanghai */
    CHECK_STR(r->v[8].s, "4001.00");                  /* derived when read */
    struct record *r2 = make(
        &f, "a.staff", "{\"title\":\"乙\",\"unit\":\"A-D1\",\"amount\":20,\"related\":[1]}", &e);
    CHECK_INT(e, FZ_OK);
    CHECK_INT(r2->v[2].i, 2000);
    CHECK_INT(r2->v[5].n, 1);
    CHECK_STR(r2->v[5].labels[0], "甲");
    struct ctx *c = fx_as(&f, "a.staff");
    static const struct {
        const char *json, *field;
    } bad[] = {
        {"{\"title\":\"x\",\"unit\":\"A-D1\",\"amount\":2000.505}", "amount"},
        {"{\"title\":\"x\",\"unit\":\"A-D1\",\"amount\":\"-5\"}", "amount"},
        {"{\"title\":\"x\",\"unit\":\"A-D1\",\"amount\":\"10000001\"}", "amount"}, /* over max */
        {"{\"title\":\"x\",\"unit\":\"A-D1\",\"owner\":\"b.staff\"}", "owner"}, /* other tenant */
        {"{\"title\":\"x\",\"unit\":\"A-D1\",\"owner\":\"nobody\"}", "owner"},
        {"{\"title\":\"x\",\"unit\":\"A-D1\",\"seen_at\":\"昨天\"}", "seen_at"},
        {"{\"title\":\"x\",\"unit\":\"A-D1\",\"related\":[1,1]}", "related"},
        {"{\"title\":\"x\",\"unit\":\"A-D1\",\"related\":[99]}", "related"},
        {"{\"title\":\"x\",\"unit\":\"A-D1\",\"doubled\":\"1.00\"}", "doubled"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *j = fx_json(bad[i].json);
        fz_err got = entity_create(c, &widgets, j, NULL);
        if (got != FZ_EVALID)
            t_fail(__FILE__, __LINE__, "case %zu (%s) gave %d", i, bad[i].json, got);
        else
            CHECK_STR(c->err.field, bad[i].field);
        json_decref(j);
    }
    /* another tenant's widget cannot be referenced */
    struct record *rb = make(&f, "b.staff", "{\"title\":\"乙街道的\",\"unit\":\"B-D1\"}", &e);
    CHECK_INT(e, FZ_OK);
    char js[128];
    snprintf(js, sizeof js, "{\"title\":\"x\",\"unit\":\"A-D1\",\"related\":[%lld]}",
             (long long)rb->id);
    json_t *j = fx_json(js);
    CHECK_INT(entity_create(c, &widgets, j, NULL), FZ_EVALID);
    json_decref(j);
    CHECK_INT(fx_verify(&f, NULL), 0);
    close_fixture(&f);
}

static void suspension_and_extension_move_the_deadline(void)
{
    struct fixture f;
    /* Monday 28 Sep 2026, just before National Day (1–7 Oct off, Sat 10 Oct worked). */
    open_fixture(&f, "2026-09-28");
    fz_err e;
    struct record *r = make(&f, "a.staff", "{\"title\":\"国庆前告知\",\"unit\":\"A-D1\"}", &e);
    CHECK_INT(e, FZ_OK);
    struct ctx *c = fx_as(&f, "a.staff");
    json_t *j = fx_json("{\"notice_on\":\"2026-09-28\"}");
    struct record *o;
    CHECK_INT(workflow_fire(c, &widgets, r->id, "open", j, &o), FZ_OK);
    json_decref(j);
    /* the parameter was written to the record, and the record numbered */
    CHECK_STR(o->v[6].s, "2026-09-28");
    CHECK_STR(o->v[7].s, "甲街道测〔2026〕1号");
    /* 5 working days after 28 Sep: 29 and 30 Sep, 8 and 9 Oct, and Sat 10 Oct (调休) */
    CHECK_STR(o->deadlines[0].due_date, "2026-10-10");
    /* suspended on 8 Oct, resumed on 15 Oct: 9, 10, 12, 13, 14 and 15 Oct (6 working days)
     * stood still, so the 11th working day after 28 Sep: Monday 19 Oct */
    fx_today(&f, "2026-10-08");
    CHECK_INT(workflow_fire(c, &widgets, r->id, "suspend", NULL, &o), FZ_OK);
    CHECK_STR(o->status, "open"); /* the state stays */
    CHECK_STR(o->deadlines[0].status, "suspended");
    CHECK(!o->deadlines[0].overdue);
    fx_today(&f, "2026-10-15");
    CHECK_INT(workflow_fire(c, &widgets, r->id, "resume", NULL, &o), FZ_OK);
    CHECK_STR(o->deadlines[0].status, "running");
    CHECK_INT(o->deadlines[0].paused_days, 6);
    CHECK_STR(o->deadlines[0].due_date, "2026-10-19");
    /* an approved extension of 3 working days: 20, 21, 22 Oct */
    j = fx_json("{\"extension_days\":3}");
    CHECK_INT(workflow_fire(c, &widgets, r->id, "extend", j, &o), FZ_EFORBIDDEN); /* staff */
    CHECK_INT(workflow_fire(fx_as(&f, "a.leader"), &widgets, r->id, "extend", j, &o), FZ_OK);
    json_decref(j);
    CHECK_INT(o->deadlines[0].extended_days, 3);
    CHECK_STR(o->deadlines[0].due_date, "2026-10-22");
    /* a second record gets the next number */
    struct record *r2 = make(&f, "a.staff", "{\"title\":\"第二件\",\"unit\":\"A-D1\"}", &e);
    j = fx_json("{\"notice_on\":\"2026-10-15\"}");
    CHECK_INT(workflow_fire(c, &widgets, r2->id, "open", j, &o), FZ_OK);
    json_decref(j);
    CHECK_STR(o->v[7].s, "甲街道测〔2026〕2号");
    /* closing runs the after-hook in the same transaction; notes never change */
    CHECK_INT(workflow_fire(c, &widgets, r->id, "close", NULL, &o), FZ_OK);
    CHECK_STR(o->deadlines[0].status, "met");
    stmt *st = db_prepare(f.db, "SELECT id FROM widget_notes WHERE widget = ?");
    db_bind_int(st, 1, r->id);
    int64_t note = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    CHECK(note > 0);
    j = fx_json("{\"text\":\"改写\"}");
    CHECK_INT(entity_update(c, &widget_notes, note, j, NULL), FZ_EGUARD);
    CHECK_CONTAINS(c->err.message, "一经提交即不能修改");
    json_decref(j);
    /* everything above is on the audit trail and verifies, pauses and extensions included */
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_sql(&f, "UPDATE deadlines SET extended_days = 0");
    CHECK(fx_verify(&f, NULL) > 0);
    close_fixture(&f);
}

void suite_features(void);
void suite_features(void)
{
    RUN(money_is_exact);
    RUN(new_field_types_validate);
    RUN(suspension_and_extension_move_the_deadline);
}
