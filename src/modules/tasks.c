/* tasks.c — key tasks (重点工作任务, source section 二): tasks split across departments and
 * communities with a due date, progress reports, and supervision checks with findings and
 * a rectification due date. Tables only, plus the guards the tasks' rules need. */
#include "modules/modules.h"

#include <string.h>

#include "engine/workflow.h"
#include "core/banned.h"

#define UNITS ((1u << ORG_DEPARTMENT) | (1u << ORG_COMMUNITY))
#define ORGANISERS (R(ROLE_ADMIN) | R(ROLE_LEADER) | R(ROLE_STAFF))

/* ---- tasks ------------------------------------------------------------------------------- */

static const struct choice task_categories[] = {{"leadership", "组织领导"},
                                                {"law_study", "学法用法"},
                                                {"decisions", "依法决策"},
                                                {"enforcement", "严格执法"},
                                                {"business", "营商环境"},
                                                {"disputes", "矛盾纠纷化解"},
                                                {"minors", "未成年人保护"},
                                                {"outreach", "普法宣传"},
                                                {"disclosure", "政务公开"},
                                                {"other", "其他"},
                                                {NULL, NULL}};

static const struct field task_fields[] = {
    {"title", "任务名称", FT_TEXT, F_REQUIRED | F_LIST | F_SEARCH | F_SORT, 2, 100},
    {"category", "工作类别", FT_ENUM, F_LIST | F_FILTER, .choices = task_categories},
    {"department", "牵头单位", FT_ORG, F_REQUIRED | F_LIST | F_FILTER, .org_kinds = UNITS,
     .help = "负责牵头落实的部门或社区"},
    {"partners", "配合单位", FT_ORGS, F_FILTER | F_SCOPE, .max = 30, .org_kinds = UNITS,
     .help = "协助落实的部门和社区，可多选"},
    {"due_date", "完成时限", FT_DATE, F_REQUIRED | F_LIST | F_FILTER | F_SORT},
    {"description", "任务内容", FT_LONGTEXT, F_SEARCH, .max = 5000},
    {"basis", "任务来源", FT_TEXT, 0, .max = 200, .help = "如：区年度法治政府建设工作要点"},
    {"assigned_on", "交办日期", FT_DATE, F_SYSTEM},
    {"completed_on", "完成日期", FT_DATE, F_SYSTEM | F_SORT},
};

static const struct wf_state task_states[] = {
    {"draft", "草稿", false}, {"assigned", "已交办", false}, {"in_progress", "推进中", false},
    {"done", "已完成", true}, {"cancelled", "已撤销", true},
};

static const struct deadline_def task_deadlines[] = {
    {"task_due", "任务完成时限", DL_ON_DATE, 0, "due_date"},
};

/* A task is assigned with a due date still ahead: assigning work already late is a
 * planning mistake the office wants caught. */
static const char *due_not_past(const struct guard_ctx *g)
{
    int i = entity_field_index(g->rec->e, "due_date");
    if (i < 0 || g->rec->v[i].null)
        return "请先填写完成时限";
    if (g->rec->v[i].i < g->today)
        return "完成时限已过，请先修改完成时限再交办";
    return NULL;
}

/* Done needs evidence of the work: at least one progress report. */
static const char *has_progress(const struct guard_ctx *g)
{
    int64_t n = g->count_children(g, "progress_reports", NULL);
    if (n < 0)
        return "暂时无法核对进展报告，请稍后重试";
    return n == 0 ? "尚无进展报告，请先报告完成情况再办结" : NULL;
}

/* A finding of a supervision check must be rectified before the task counts as done. */
static const char *no_open_rectification(const struct guard_ctx *g)
{
    int64_t n = g->count_children(g, "supervision_checks", "open");
    if (n < 0)
        return "暂时无法核对督查整改情况，请稍后重试";
    return n > 0 ? "督促检查提出的问题尚未整改销号，不能办结" : NULL;
}

static const struct field reason_param[] = {
    {"reason", "理由", FT_LONGTEXT, F_REQUIRED, 2, 1000},
};
static const struct field note_param[] = {
    {"note", "说明", FT_LONGTEXT, 0, 0, 1000},
};

static const struct wf_transition task_transitions[] = {
    {"assign",
     "交办",
     "draft",
     "assigned",
     ORGANISERS,
     {due_not_past},
     note_param,
     1,
     .start_deadline = "task_due",
     .set_date_field = "assigned_on",
     .confirm = "确认把任务交办给牵头单位？"},
    {"start", "开始推进", "assigned", "in_progress", ROLES_WRITERS, {NULL}, note_param, 1},
    {"complete",
     "办结",
     "assigned in_progress",
     "done",
     ORGANISERS,
     {has_progress, no_open_rectification},
     note_param,
     1,
     .stop_deadline = "task_due",
     .set_date_field = "completed_on",
     .confirm = "确认任务已完成并办结？"},
    {"reopen",
     "重新打开",
     "done",
     "in_progress",
     R(ROLE_LEADER) | R(ROLE_ADMIN),
     {NULL},
     reason_param,
     1,
     .start_deadline = "task_due"},
    {"cancel",
     "撤销",
     "draft assigned in_progress",
     "cancelled",
     R(ROLE_LEADER) | R(ROLE_ADMIN),
     {NULL},
     reason_param,
     1,
     .stop_deadline = "task_due",
     .confirm = "确认撤销此任务？"},
};

static const struct workflow task_workflow = {
    task_states, sizeof task_states / sizeof task_states[0], task_transitions,
    sizeof task_transitions / sizeof task_transitions[0], "draft"};

const struct entity entity_tasks = {
    .name = "tasks",
    .label = "重点工作任务",
    .icon = "任",
    .fields = task_fields,
    .nfields = sizeof task_fields / sizeof task_fields[0],
    .title_field = "title",
    .unit_field = "department",
    .read_roles = ROLES_ALL,
    .create_roles = ORGANISERS,
    .update_roles = ORGANISERS,
    .workflow = &task_workflow,
    .deadlines = task_deadlines,
    .ndeadlines = 1,
    .default_sort = "due_date",
    .locked_when_terminal = true,
    .in_nav = true,
};

/* ---- progress reports -------------------------------------------------------------------- */

static const struct field progress_fields[] = {
    {"task", "所属任务", FT_REF, F_REQUIRED | F_FIXED | F_LIST, .ref = "tasks"},
    {"percent", "完成进度（%）", FT_INT, F_REQUIRED | F_LIST, 0, 100},
    {"content", "进展情况", FT_LONGTEXT, F_REQUIRED | F_LIST | F_SEARCH, 2, 5000},
    {"next_steps", "下一步计划", FT_LONGTEXT, 0, 0, 2000},
    {"attachments", "附件", FT_FILES, 0, .max = 20,
     .help = "可上传照片、视频、PDF 或 Office 文档，"
             "每个不超过 512 MB，大文件提交时分段上传"},
};

const struct entity entity_progress_reports = {
    .name = "progress_reports",
    .label = "进展报告",
    .icon = "报",
    .fields = progress_fields,
    .nfields = sizeof progress_fields / sizeof progress_fields[0],
    .title_field = "content",
    .parent_field = "task",
    .read_roles = ROLES_ALL,
    .create_roles = ROLES_WRITERS,
    .update_roles = ORGANISERS,
    .default_sort = "-id",
    .parent_states = "assigned in_progress",
};

/* ---- supervision checks ------------------------------------------------------------------ */

static const struct choice check_results[] = {
    {"satisfactory", "符合要求"}, {"needs_rectification", "需要整改"}, {NULL, NULL}};

static const struct field check_fields[] = {
    {"task", "所属任务", FT_REF, F_REQUIRED | F_FIXED | F_LIST, .ref = "tasks"},
    {"checked_on", "检查日期", FT_DATE, F_REQUIRED | F_LIST | F_SORT | F_FILTER},
    /* a check's conclusion is a record of what was found: not edited afterwards (a changed
     * conclusion is a new check), so an open rectification cannot silently become "fine" */
    {"result", "检查结论", FT_ENUM, F_REQUIRED | F_FIXED | F_LIST | F_FILTER,
     .choices = check_results},
    {"findings", "发现的问题", FT_LONGTEXT, F_REQUIRED | F_LIST | F_SEARCH, 2, 5000},
    {"rectify_due", "整改期限", FT_DATE, F_LIST | F_SORT, .help = "结论为“需要整改”时必填"},
    {"rectified_on", "整改销号日期", FT_DATE, F_SYSTEM},
};

static const struct wf_state check_states[] = {
    {"open", "待整改", false},
    {"closed", "已销号", true},
};

static const struct deadline_def check_deadlines[] = {
    {"rectification_due", "整改期限", DL_ON_DATE, 0, "rectify_due"},
};

static const struct wf_transition check_transitions[] = {
    {"close",
     "整改销号",
     "open",
     "closed",
     ORGANISERS,
     {NULL},
     note_param,
     1,
     .stop_deadline = "rectification_due",
     .set_date_field = "rectified_on",
     .confirm = "确认问题已整改到位并销号？"},
};

static const struct workflow check_workflow = {check_states, 2, check_transitions, 1, "open"};

static const char *check_rules(const struct record *r, const struct record *before, int today,
                               const char **field)
{
    (void)before;
    int res = entity_field_index(r->e, "result"), due = entity_field_index(r->e, "rectify_due");
    int on = entity_field_index(r->e, "checked_on");
    if (!r->v[on].null && r->v[on].i > today) {
        *field = "checked_on";
        return "检查日期不能晚于今天";
    }
    bool rectify = !r->v[res].null && strcmp(r->v[res].s, "needs_rectification") == 0;
    if (rectify && r->v[due].null) {
        *field = "rectify_due";
        return "结论为“需要整改”时，请填写整改期限";
    }
    if (rectify && r->v[due].i < r->v[on].i) {
        *field = "rectify_due";
        return "整改期限不能早于检查日期";
    }
    if (!rectify && !r->v[due].null) {
        *field = "rectify_due";
        return "结论为“符合要求”时不需要整改期限";
    }
    return NULL;
}

/* A satisfactory check has nothing to rectify: it starts closed. */
static const char *check_initial(const struct record *r)
{
    int res = entity_field_index(r->e, "result");
    return strcmp(r->v[res].s, "needs_rectification") == 0 ? "open" : "closed";
}

const struct entity entity_supervision_checks = {
    .name = "supervision_checks",
    .label = "督促检查",
    .icon = "督",
    .fields = check_fields,
    .nfields = sizeof check_fields / sizeof check_fields[0],
    .title_field = "findings",
    .parent_field = "task",
    .read_roles = ROLES_ALL,
    .create_roles = ORGANISERS,
    .update_roles = ORGANISERS,
    .workflow = &check_workflow,
    .deadlines = check_deadlines,
    .ndeadlines = 1,
    .create_deadline = "rectification_due",
    .default_sort = "-checked_on",
    .locked_when_terminal = true,
    .check = check_rules,
    .initial_state = check_initial,
    .parent_states = "assigned in_progress",
};
