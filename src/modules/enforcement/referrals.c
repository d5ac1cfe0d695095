/* referrals.c — criminal referral of a case to the police (行刑衔接, 国务院令310; RULES.md §3):
 * the transfer report, the head's decision within 3 days, the transfer within 24 hours with
 * the required materials, the police's receipt and decision within 3 days, and the agency's
 * request for reconsideration within 3 days of a refusal. Every period is tracked. The "3日"
 * periods are read as calendar days (UNCONFIRMED in RULES.md); "24 hours" as the next day. */
#include <stdio.h>
#include <string.h>

#include "engine/workflow.h"
#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

#define OFFICERS (R(ROLE_OFFICER) | R(ROLE_LEADER) | R(ROLE_STAFF))
#define HEADS (R(ROLE_LEADER) | R(ROLE_ADMIN))

static const struct choice police_decisions[] = {
    {"filed", "立案"}, {"refused", "不予立案"}, {NULL, NULL}};

static const struct field referral_fields[] = {
    {"penalty_case", "所属案件", FT_REF, F_REQUIRED | F_FIXED | F_LIST, .ref = "penalty_cases"},
    {"suspected_offence", "涉嫌罪名", FT_TEXT, F_REQUIRED | F_LIST, 2, 100},
    {"report", "移送报告", FT_LONGTEXT, F_REQUIRED, 2, 5000},
    {"transfer_letter", "涉嫌犯罪案件移送书", FT_FILES, 0, .max = 5},
    {"investigation_report", "涉嫌犯罪案件情况的调查报告", FT_FILES, 0, .max = 5},
    {"item_list", "涉案物品清单", FT_FILES, 0, .max = 5},
    {"appraisal", "有关检验报告或者鉴定结论", FT_FILES, 0, .max = 10},
    {"other_materials", "其他有关材料", FT_FILES, 0, .max = 20},
    {"police_station", "接收的公安机关", FT_TEXT, F_SYSTEM | F_LIST},
    {"approved_on", "批准移送日期", FT_DATE, F_SYSTEM},
    {"transferred_on", "移送日期", FT_DATE, F_SYSTEM | F_LIST},
    {"received_on", "公安机关接收日期", FT_DATE, F_SYSTEM},
    {"police_decision", "公安机关决定", FT_ENUM, F_SYSTEM | F_LIST, .choices = police_decisions},
    {"police_decided_on", "公安机关决定日期", FT_DATE, F_SYSTEM},
    {"reconsideration_on", "申请复议日期", FT_DATE, F_SYSTEM},
};

static const struct wf_state referral_states[] = {
    {"reported", "移送报告待审批", false},
    {"rejected", "不批准移送", true},
    {"approved", "已批准移送", false},
    {"transferred", "已移送公安机关", false},
    {"received", "公安机关已接收", false},
    {"police_filed", "公安机关已立案", true},
    {"police_refused", "公安机关不予立案", false},
    {"reconsidering", "已提请复议", false},
    {"refused_final", "复议后不予立案", true},
};

static const struct deadline_def referral_deadlines[] = {
    {"approval_due", "负责人审批期限（3日）", DL_DAYS, 3, NULL},
    {"transfer_due", "批准后移送期限（24小时）", DL_DAYS, 1, "approved_on"},
    {"police_review_due", "公安机关审查期限（3日）", DL_DAYS, 3, "received_on"},
    {"reconsideration_request_due", "提请复议期限（3日）", DL_DAYS, 3, "police_decided_on"},
    {"reconsideration_due", "公安机关复议期限（3日）", DL_DAYS, 3, "reconsideration_on"},
};

/* 国务院令310 art.6: the package the police receive. */
static const char *g_materials(const struct guard_ctx *g)
{
    static const struct {
        const char *field, *label;
    } required[] = {
        {"transfer_letter", "涉嫌犯罪案件移送书"},
        {"investigation_report", "涉嫌犯罪案件情况的调查报告"},
        {"item_list", "涉案物品清单"},
        {"appraisal", "有关检验报告或者鉴定结论"},
    };
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        const struct value *v = guard_field(g->rec, required[i].field);
        if (!v || !v->n) {
            static __thread char msg[200];
            snprintf(msg, sizeof msg, "移送材料不全：缺少%s（国务院令第310号第六条）",
                     required[i].label);
            return msg;
        }
    }
    return NULL;
}

static const char *g_decided_on(const struct guard_ctx *g)
{
    const struct value *on = guard_param(g, g->transition, "police_decided_on");
    const struct value *received = guard_field(g->rec, "received_on");
    if (!on || on->i > g->today)
        return "决定日期不能晚于今天";
    if (received && on->i < received->i)
        return "决定日期不能早于接收日期";
    return NULL;
}

/* 国务院令310 art.9: reconsideration requested within 3 days of the refusal. */
static const char *g_reconsideration_in_time(const struct guard_ctx *g)
{
    const struct value *on = guard_param(g, g->transition, "reconsideration_on");
    const struct value *refused = guard_field(g->rec, "police_decided_on");
    if (!on || on->i > g->today)
        return "申请复议日期不能晚于今天";
    /* the same reckoning as the deadline shown: 3 days, ending on a working day */
    if (refused &&
        (on->i < refused->i || on->i > calendar_add_days(g->cal, (int)refused->i, 3, NULL, NULL)))
        return "应当自接到不予立案通知书之日起三日内提请复议（国务院令第310号第九条）";
    return NULL;
}

static const struct field reason_param[] = {{"reason", "理由", FT_LONGTEXT, F_REQUIRED, 2, 2000}};
static const struct field station_param[] = {
    {"police_station", "接收的公安机关", FT_TEXT, F_REQUIRED, 2, 100}};
static const struct field received_param[] = {
    {"received_on", "公安机关接收日期", FT_DATE, F_REQUIRED}};
static const struct field decided_param[] = {
    {"police_decided_on", "公安机关决定日期", FT_DATE, F_REQUIRED}};
static const struct field reconsider_param[] = {
    {"reconsideration_on", "申请复议日期", FT_DATE, F_REQUIRED}};

/* The case waits while its referral runs: a rejection or a final police refusal sends it
 * back to be handled administratively (310 art.10, 13), a police filing ends it. */
static fz_err case_step(struct ctx *c, const struct record *r, const char *step)
{
    const struct value *pc = guard_field(r, "penalty_case");
    if (!pc)
        return FZ_OK;
    struct ctx sys = *c;
    sys.actor = &actor_system;
    fz_err e = workflow_fire(&sys, &entity_penalty_cases, pc->i, step, NULL, NULL);
    if (e)
        c->err = sys.err;
    return e;
}

static fz_err case_returned(struct ctx *c, const struct record *r)
{
    return case_step(c, r, "referral_returned");
}

static fz_err case_filed(struct ctx *c, const struct record *r)
{
    return case_step(c, r, "referral_filed");
}

static const char *g_received_on(const struct guard_ctx *g)
{
    const struct value *on = guard_param(g, g->transition, "received_on");
    const struct value *sent = guard_field(g->rec, "transferred_on");
    if (!on || on->i > g->today)
        return "接收日期不能晚于今天";
    if (sent && on->i < sent->i)
        return "接收日期不能早于移送日期";
    return NULL;
}

/* clang-format off */
static const struct wf_transition referral_transitions[] = {
    {"approve", "批准移送", "reported", "approved", HEADS, {NULL}, NULL, 0,
     .stop_deadline = "approval_due", .start_deadline = "transfer_due",
     .sets = {{"approved_on", "@today"}}},
    {"reject", "不批准移送", "reported", "rejected", HEADS, {NULL}, reason_param, 1,
     .stop_deadline = "approval_due", .after = case_returned},
    {"transfer", "移送公安机关", "approved", "transferred", OFFICERS, {g_materials}, station_param,
     1, .stop_deadline = "transfer_due", .sets = {{"transferred_on", "@today"}}},
    {"receipt", "登记公安机关接收", "transferred", "received", OFFICERS, {g_received_on},
     received_param, 1, .start_deadline = "police_review_due"},
    {"police_file", "登记公安机关立案", "received", "police_filed", OFFICERS, {g_decided_on},
     decided_param, 1, .stop_deadline = "police_review_due",
     .sets = {{"police_decision", "filed"}}, .after = case_filed},
    {"police_refuse", "登记公安机关不予立案", "received", "police_refused", OFFICERS,
     {g_decided_on}, decided_param, 1, .stop_deadline = "police_review_due",
     .start_deadline = "reconsideration_request_due", .sets = {{"police_decision", "refused"}}},
    {"request_reconsideration", "提请复议", "police_refused", "reconsidering", HEADS,
     {g_reconsideration_in_time}, reconsider_param, 1,
     .stop_deadline = "reconsideration_request_due", .start_deadline = "reconsideration_due"},
    {"accept_refusal", "不提请复议", "police_refused", "refused_final", HEADS, {NULL},
     reason_param, 1, .stop_deadline = "reconsideration_request_due", .after = case_returned},
    {"reconsider_file", "登记复议后立案", "reconsidering", "police_filed", OFFICERS, {NULL}, NULL,
     0, .stop_deadline = "reconsideration_due", .sets = {{"police_decision", "filed"}},
     .after = case_filed},
    {"reconsider_refuse", "登记复议后不予立案", "reconsidering", "refused_final", OFFICERS, {NULL},
     NULL, 0, .stop_deadline = "reconsideration_due", .after = case_returned},
};
/* clang-format on */

static const struct workflow referral_workflow = {
    referral_states, sizeof referral_states / sizeof referral_states[0], referral_transitions,
    sizeof referral_transitions / sizeof referral_transitions[0], "reported"};

/* The report and the offence are what the head approved: fixed from then on. */
static const char *referral_rules(const struct record *now, const struct record *before, int today,
                                  const char **field)
{
    (void)today;
    if (!before || !before->status || strcmp(before->status, "reported") == 0)
        return NULL;
    static const char *const fixed[] = {"suspected_offence", "report"};
    for (size_t i = 0; i < 2; i++) {
        const struct value *a = guard_field(now, fixed[i]), *b = guard_field(before, fixed[i]);
        if ((a == NULL) != (b == NULL) || (a && b && strcmp(a->s, b->s) != 0)) {
            *field = fixed[i];
            return "移送已经批准，移送报告和涉嫌罪名不能再修改";
        }
    }
    return NULL;
}

const struct entity entity_criminal_referrals = {
    .name = "criminal_referrals",
    .label = "案件移送",
    .fields = referral_fields,
    .nfields = sizeof referral_fields / sizeof referral_fields[0],
    .title_field = "suspected_offence",
    .parent_field = "penalty_case",
    .read_roles = ROLES_ALL & ~R(ROLE_GRID_WORKER),
    .create_roles = 0, /* opened by the case's "transfer" step (cases.c) */
    .update_roles = OFFICERS,
    .workflow = &referral_workflow,
    .deadlines = referral_deadlines,
    .ndeadlines = sizeof referral_deadlines / sizeof referral_deadlines[0],
    .create_deadline = "approval_due",
    .default_sort = "-id",
    .locked_when_terminal = true,
    .check = referral_rules,
};
