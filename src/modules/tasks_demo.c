/* tasks_demo.c — a year of key tasks for the demo subdistricts: every state, overdue and
 * nearly due work, progress reports and supervision checks, made through the engine in
 * date order by the users who would do each step. Dates are relative to the day the demo is
 * loaded, so the demo always looks current. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "engine/workflow.h"
#include "modules/demo.h"
#include "modules/modules.h"
#include "core/banned.h"

enum final { F_DRAFT, F_ASSIGNED, F_IN_PROGRESS, F_DONE, F_CANCELLED };
enum check { C_NONE, C_OK, C_RECTIFY_OPEN, C_RECTIFY_CLOSED };

struct tmpl {
    const char *title, *category, *dept, *partners, *description, *basis;
    int created, due; /* days relative to the load day */
    enum final final;
    int progress; /* progress reports to file */
    enum check check;
};

static const struct tmpl tmpls[] = {
    {"制定年度法治政府建设工作计划并分解任务", "leadership", "DZB", "ZF SFS",
     "结合区年度工作要点，制定街道法治政府建设工作计划，逐项明确牵头单位、配合单位和完成时限。",
     "区年度法治政府建设工作要点", -300, -240, F_DONE, 2, C_OK},
    {"组织领导班子会前学法", "law_study", "DZB", "",
     "党工委会议、主任办公会议会前学法全年不少于四次，学习内容和记录归档备查。", "领导干部学法制度",
     -280, 34, F_IN_PROGRESS, 3, C_NONE},
    {"更新领导干部应知应会法律法规清单", "law_study", "SFS", "",
     "根据新颁布和修订的法律法规，动态调整应知应会清单并组织学习。", NULL, -250, -200, F_DONE, 1,
     C_NONE},
    {"开展综合行政执法人员专题培训", "enforcement", "ZF", "SFS",
     "围绕行政处罚法、行政复议法开展专题培训和案卷评查，提升执法规范化水平。", NULL, -200, -60,
     F_DONE, 2, C_RECTIFY_CLOSED},
    {"梳理赋权执法事项清单并公示", "enforcement", "ZF", "",
     "逐项梳理省级赋权的执法事项，核对法律依据和处罚依据，在门户网站公示。",
     "省政府关于乡镇街道综合行政执法的决定", -120, -10, F_IN_PROGRESS, 2, C_RECTIFY_OPEN},
    {"编制并公开重大行政决策事项目录", "decisions", "DZB", "SFS",
     "梳理年度重大行政决策事项，经党工委同意后向社会公开，并按程序组织实施。", NULL, -90, 20,
     F_ASSIGNED, 0, C_NONE},
    {"推进法律顾问参与合同审查全覆盖", "decisions", "SFS", "DZB",
     "街道及各社区签订的合同一律经法律顾问审查，建立审查台账。", NULL, -150, 60, F_IN_PROGRESS, 2,
     C_NONE},
    {"开展矛盾纠纷排查化解专项行动", "disputes", "ZZ", "SQ1 SQ2 SQ3",
     "以网格为单位开展拉网式排查，对重点矛盾纠纷逐件落实包案责任人，限期化解。", NULL, -100, -2,
     F_IN_PROGRESS, 3, C_NONE},
    {"规范行政复议调解工作站建设", "disputes", "SFS", "ZZ",
     "完善工作站制度、台账和场所标识，做好复议案件的接待、引导和调解。", NULL, -60, 2,
     F_IN_PROGRESS, 1, C_NONE},
    {"预防未成年人违法犯罪专项排查", "minors", "SW", "SQ1 SQ2 SQ3 SQ4 SQ5",
     "联合学校、社区和网格员排查重点未成年人，建立一人一档，落实帮扶措施。", NULL, -80, 12,
     F_IN_PROGRESS, 2, C_OK},
    {"组织“宪法宣传周”主题普法活动", "outreach", "SW", "SQ1 SQ2 SQ3 SQ4 SQ5 SQ6",
     "在各社区法治文化阵地集中开展宪法宣传，利用 LED 屏和广播滚动播放普法内容。", NULL, -30, 9,
     F_ASSIGNED, 0, C_NONE},
    {"提升社区法治文化阵地", "outreach", "SQ2", "SW",
     "更新法治文化长廊宣传内容，增设以案释法展板。", NULL, -140, -30, F_DONE, 2, C_NONE},
    {"更新政府信息主动公开目录", "disclosure", "DZB", "",
     "对照主动公开事项清单，逐项核对公开内容和时限，补充遗漏信息。", NULL, -40, 1, F_IN_PROGRESS, 1,
     C_NONE},
    {"试点“综合查一次”联合检查", "business", "JJ", "ZF",
     "对辖区重点企业实行多部门一次进门、联合检查，减少对企业正常经营的干扰。", NULL, -70, 45,
     F_IN_PROGRESS, 1, C_NONE},
    {"起草年度法治政府建设情况报告", "leadership", "DZB", "ZF SFS ZZ SW",
     "汇总各部门、各社区年度工作数据和典型做法，起草年度报告并按时公开。", NULL, -5, 60, F_DRAFT, 0,
     C_NONE},
    {"开展网格员法律知识轮训", "law_study", "ZZ", "SQ1 SQ2 SQ3",
     "分批组织网格员学习常用法律知识和矛盾纠纷调处技巧。", NULL, -20, 25, F_DRAFT, 0, C_NONE},
    {"评选“法律明白人”示范户", "outreach", "SW", "SQ4 SQ5",
     "原计划单独开展的评选活动，已并入年度普法工作计划统一实施。", NULL, -110, 40, F_CANCELLED, 0,
     C_NONE},
};

static const char *const progress_texts[] = {
    "已制定实施方案，明确责任分工、工作步骤和时间节点，并召开部署会。",
    "已完成阶段性工作，建立工作台账，相关佐证材料已收集归档。",
    "主体工作基本完成，正在查漏补缺并汇总工作成效。",
};
static const char *const next_texts[] = {
    "按计划推进，每月报送进展。",
    "针对薄弱环节加强督促，确保按期完成。",
    "整理归档全部材料，准备验收。",
};

enum step { S_CREATE, S_ASSIGN, S_START, S_PROGRESS, S_CHECK, S_CLOSE_CHECK, S_COMPLETE, S_CANCEL };

struct event {
    int day, minute, sub, tmpl, step, n;
};

static int by_time(const void *pa, const void *pb)
{
    const struct event *a = pa, *b = pb;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    if (a->minute != b->minute)
        return a->minute < b->minute ? -1 : 1;
    if (a->sub != b->sub)
        return a->sub - b->sub;
    if (a->tmpl != b->tmpl)
        return a->tmpl - b->tmpl;
    return a->step - b->step;
}

/* Who does the department's work in the demo. */
static const char *dept_user(struct demo *d, int sub, const char *dept)
{
    const char *p = d->subdistricts[sub];
    if (strcmp(dept, "ZF") == 0)
        return arena_printf(d->a, "%s.zf.head", p);
    if (strcmp(dept, "SFS") == 0)
        return arena_printf(d->a, "%s.mediator", p);
    if (strcmp(dept, "ZZ") == 0)
        return arena_printf(d->a, "%s.zz", p);
    if (strcmp(dept, "SW") == 0)
        return arena_printf(d->a, "%s.sw", p);
    if (strncmp(dept, "SQ", 2) == 0)
        return arena_printf(d->a, "%s.sq.staff", p);
    return arena_printf(d->a, "%s.staff", p);
}

static json_t *task_json(struct demo *d, int sub, const struct tmpl *t, int day0)
{
    const char *p = d->codes[sub];
    json_t *j = json_object();
    json_object_set_new(j, "title", json_string(t->title));
    json_object_set_new(j, "category", json_string(t->category));
    json_object_set_new(j, "department", json_string(arena_printf(d->a, "%s-%s", p, t->dept)));
    json_t *partners = json_array();
    char buf_[128];
    snprintf(buf_, sizeof buf_, "%s", t->partners);
    for (char *s = buf_, *save = NULL; (s = strtok_r(s, " ", &save)); s = NULL)
        json_array_append_new(partners, json_string(arena_printf(d->a, "%s-%s", p, s)));
    json_object_set_new(j, "partners", partners);
    char due[11];
    date_format(day0 + t->due, due);
    json_object_set_new(j, "due_date", json_string(due));
    json_object_set_new(j, "description", json_string(t->description));
    if (t->basis)
        json_object_set_new(j, "basis", json_string(t->basis));
    return j;
}

static fz_err run(struct demo *d, const struct event *ev, int64_t ids[][64], int64_t checks[][64])
{
    const struct tmpl *t = &tmpls[ev->tmpl];
    const char *p = d->subdistricts[ev->sub];
    int64_t *id = &ids[ev->sub][ev->tmpl];
    struct ctx c;
    const char *who;
    switch (ev->step) {
    case S_CREATE:
    case S_COMPLETE:
        who = arena_printf(d->a, "%s.staff", p);
        break;
    case S_ASSIGN:
    case S_CHECK:
    case S_CANCEL:
        who = arena_printf(d->a, "%s.leader", p);
        break;
    case S_CLOSE_CHECK:
        who = arena_printf(d->a, "%s.staff", p);
        break;
    default:
        who = dept_user(d, ev->sub, t->dept);
    }
    fz_err e = demo_ctx(d, who, ev->day, ev->minute, &c);
    if (e)
        return e;
    json_t *j = NULL;
    struct record *rec;
    switch (ev->step) {
    case S_CREATE:
        j = task_json(d, ev->sub, t, d->today);
        e = entity_create(&c, &entity_tasks, j, &rec);
        if (!e)
            *id = rec->id;
        break;
    case S_ASSIGN:
        j = json_pack("{s:s}", "note", "请牵头单位按时限推进，每月报送进展。");
        e = workflow_fire(&c, &entity_tasks, *id, "assign", j, NULL);
        break;
    case S_START:
        e = workflow_fire(&c, &entity_tasks, *id, "start", NULL, NULL);
        break;
    case S_PROGRESS: {
        int k = ev->n < 3 ? ev->n : 2;
        int percent = t->final == F_DONE && ev->n == t->progress - 1 ? 100 : 30 + 30 * ev->n;
        j = json_pack("{s:I,s:i,s:s,s:s}", "task", (json_int_t)*id, "percent",
                      percent > 100 ? 100 : percent, "content", progress_texts[k], "next_steps",
                      next_texts[k]);
        e = entity_create(&c, &entity_progress_reports, j, NULL);
        break;
    }
    case S_CHECK: {
        char on[11], due[11];
        date_format(ev->day, on);
        date_format(ev->day + 7, due);
        bool rectify = t->check == C_RECTIFY_OPEN || t->check == C_RECTIFY_CLOSED;
        j = rectify ? json_pack("{s:I,s:s,s:s,s:s,s:s}", "task", (json_int_t)*id, "checked_on", on,
                                "result", "needs_rectification", "findings",
                                "部分工作台账记录不完整，佐证材料缺失，请限期补齐。", "rectify_due",
                                due)
                    : json_pack("{s:I,s:s,s:s,s:s}", "task", (json_int_t)*id, "checked_on", on,
                                "result", "satisfactory", "findings",
                                "台账资料齐全，工作进度符合计划要求。");
        e = entity_create(&c, &entity_supervision_checks, j, &rec);
        if (!e)
            checks[ev->sub][ev->tmpl] = rec->id;
        break;
    }
    case S_CLOSE_CHECK:
        j = json_pack("{s:s}", "note", "已补齐台账和佐证材料，经复核整改到位。");
        e = workflow_fire(&c, &entity_supervision_checks, checks[ev->sub][ev->tmpl], "close", j,
                          NULL);
        break;
    case S_COMPLETE:
        j = json_pack("{s:s}", "note", "各项工作已按要求完成，材料已归档。");
        e = workflow_fire(&c, &entity_tasks, *id, "complete", j, NULL);
        break;
    case S_CANCEL:
        j = json_pack("{s:s}", "reason", "该项工作已并入年度普法工作计划统一实施。");
        e = workflow_fire(&c, &entity_tasks, *id, "cancel", j, NULL);
        break;
    }
    json_decref(j);
    if (e)
        log_error("demo: task \"%s\" (%s) step %d failed: %s", t->title, p, ev->step,
                  c.err.message ? c.err.message : err_text(e));
    return e;
}

fz_err tasks_demo(struct demo *d)
{
    enum { NT = sizeof tmpls / sizeof tmpls[0] };
    struct event *evs = arena_calloc(d->a, 2 * NT * 16, sizeof *evs);
    size_t n = 0;
    for (int sub = 0; sub < 2; sub++) {
        for (int i = 0; i < NT; i++) {
            const struct tmpl *t = &tmpls[i];
            /* the second subdistrict runs the same plan a week later */
            int shift = sub * 7;
            int c0 = d->today + t->created + shift, due = d->today + t->due + shift;
            int minute = 9 * 60 + (i * 17) % 300;
            int last = d->today - 1 < due - 1 ? d->today - 1 : due - 1;
            if (c0 > d->today - 1)
                c0 = d->today - 1;
            evs[n++] = (struct event){c0, minute, sub, i, S_CREATE, 0};
            if (t->final == F_DRAFT)
                continue;
            if (t->final == F_CANCELLED) {
                evs[n++] = (struct event){c0 + 1, minute + 30, sub, i, S_ASSIGN, 0};
                evs[n++] = (struct event){c0 + 10, minute, sub, i, S_CANCEL, 0};
                continue;
            }
            evs[n++] = (struct event){c0 + 1, minute + 30, sub, i, S_ASSIGN, 0};
            if (t->final == F_ASSIGNED)
                continue;
            evs[n++] = (struct event){c0 + 3, minute + 60, sub, i, S_START, 0};
            int span = last - (c0 + 4);
            if (span < t->progress)
                span = t->progress;
            for (int k = 0; k < t->progress; k++)
                evs[n++] = (struct event){c0 + 4 + span * k / (t->progress ? t->progress : 1),
                                          minute + 90,
                                          sub,
                                          i,
                                          S_PROGRESS,
                                          k};
            if (t->check != C_NONE) {
                int cd = c0 + 4 + span / 2;
                evs[n++] = (struct event){cd, minute + 120, sub, i, S_CHECK, 0};
                if (t->check == C_RECTIFY_CLOSED)
                    evs[n++] = (struct event){cd + 5, minute, sub, i, S_CLOSE_CHECK, 0};
            }
            if (t->final == F_DONE)
                evs[n++] = (struct event){last, minute + 240, sub, i, S_COMPLETE, 0};
        }
    }
    qsort(evs, n, sizeof *evs, by_time);
    int64_t ids[2][64] = {{0}}, checks[2][64] = {{0}};
    for (size_t i = 0; i < n; i++) {
        /* the last day's events may not pass today */
        if (evs[i].day >= d->today)
            evs[i].day = d->today - 1;
        fz_err e = run(d, &evs[i], ids, checks);
        if (e) {
            demo_done();
            return e;
        }
    }
    demo_done();
    return FZ_OK;
}
