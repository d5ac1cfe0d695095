/* disclosures.c — the queue of decisions to publish (行政执法公示): a penalty decision is
 * published within 7 working days of being made (国办发〔2018〕118号, RULES.md §2); a revoked
 * or changed one is withdrawn within 3 working days (行政处罚法 art.48). The portal that
 * shows them is its own module; this is the record of what must be, and was, published. */
#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

#define PUBLISHERS (R(ROLE_STAFF) | R(ROLE_LEADER) | R(ROLE_ADMIN))

static const struct field disclosure_fields[] = {
    {"penalty_case", "所属案件", FT_REF, F_REQUIRED | F_FIXED | F_LIST, .ref = "penalty_cases"},
    {"title", "决定书文号", FT_TEXT, F_REQUIRED | F_LIST | F_SEARCH, 1, 100},
    {"decided_on", "决定日期", FT_DATE, F_REQUIRED | F_LIST | F_SORT},
    {"published_on", "公开日期", FT_DATE, F_SYSTEM | F_LIST},
    {"withdrawal_requested_on", "需撤下日期", FT_DATE, F_SYSTEM},
    {"withdrawn_on", "撤下日期", FT_DATE, F_SYSTEM},
};

static const struct wf_state disclosure_states[] = {
    {"queued", "待公开", false},
    {"published", "已公开", false},
    {"withdrawal_pending", "待撤下", false},
    {"withdrawn", "已撤下", true},
    {"cancelled", "不再公开", true},
};

static const struct deadline_def disclosure_deadlines[] = {
    {"publish_due", "公开期限（7个工作日）", DL_WORKING_DAYS, 7, "decided_on"},
    {"withdraw_due", "撤下期限（3个工作日）", DL_WORKING_DAYS, 3, "withdrawal_requested_on"},
};

/* clang-format off */
static const struct wf_transition disclosure_transitions[] = {
    {"publish", "公开", "queued", "published", PUBLISHERS, {NULL}, NULL, 0,
     .stop_deadline = "publish_due", .sets = {{"published_on", "@today"}}},
    {"request_withdrawal", "决定已撤销或变更，待撤下", "published", "withdrawal_pending",
     R(ROLE_LEADER) | R(ROLE_ADMIN), {NULL}, NULL, 0, .start_deadline = "withdraw_due",
     .sets = {{"withdrawal_requested_on", "@today"}}},
    {"withdraw", "撤下", "withdrawal_pending", "withdrawn", PUBLISHERS, {NULL}, NULL, 0,
     .stop_deadline = "withdraw_due", .sets = {{"withdrawn_on", "@today"}}},
    /* a decision revoked before it was published is simply not published */
    {"cancel", "决定已撤销，不再公开", "queued", "cancelled", 0, {NULL}, NULL, 0,
     .system_only = true, .stop_deadline = "publish_due"},
};
/* clang-format on */

static const struct workflow disclosure_workflow = {
    disclosure_states, sizeof disclosure_states / sizeof disclosure_states[0],
    disclosure_transitions, sizeof disclosure_transitions / sizeof disclosure_transitions[0],
    "queued"};

const struct entity entity_disclosure_items = {
    .name = "disclosure_items",
    .label = "执法决定公开",
    .icon = "公",
    .fields = disclosure_fields,
    .nfields = sizeof disclosure_fields / sizeof disclosure_fields[0],
    .title_field = "title",
    .parent_field = "penalty_case",
    .read_roles = ROLES_ALL & ~R(ROLE_GRID_WORKER),
    .create_roles = 0, /* queued by a decision (cases.c), never by hand */
    .update_roles = 0,
    .workflow = &disclosure_workflow,
    .deadlines = disclosure_deadlines,
    .ndeadlines = 2,
    .create_deadline = "publish_due",
    .default_sort = "decided_on",
    .locked_when_terminal = true,
    .in_nav = true,
};
