/* demo_report.c — the demo's yearly reports: last year's, written, sent to the district and
 * made public on time; this year's, in draft, due next spring. Fictional text. */
#include <jansson.h>
#include <string.h>

#include "core/date.h"
#include "engine/workflow.h"
#include "modules/demo.h"
#include "modules/report/report.h"
#include "core/banned.h"

static const char *const overview =
    "全年围绕法治政府建设年度工作要点，把重点任务分解到各部门和社区，逐项明确完成时限并跟踪督办，"
    "各项工作总体按计划推进。";
static const char *const ach_enforcement =
    "综合行政执法全面落实行政执法公示、执法全过程记录和重大执法决定法制审核制度，"
    "执法案件全部通过平台办理，期限和程序由系统提示和把关。";
static const char *const ach_disclosure =
    "主动公开机构职能、预算、民生政策等信息，依申请公开做到按时答复。";
static const char *const leaders_duty =
    "街道党工委书记、办事处主任带头学法，主持召开专题会议研究法治政府建设工作，"
    "对重大行政决策和重大执法决定坚持集体讨论，年度述职中报告履行推进法治建设第一责任人职责情况。";
static const char *const shortcomings =
    "一是部分执法人员对新赋权事项的法律依据掌握还不够熟练；二是个别社区普法活动形式较为单一，"
    "覆盖面有待扩大。主要原因是培训的针对性不强，社区法治工作力量不足。";
static const char *const next_year =
    "一是分批组织执法人员参加赋权事项专题培训和案卷评查；二是完善社区法律顾问工作机制；"
    "三是继续推进执法决定按时公开，提高依申请公开答复质量。";

static fz_err act(struct demo *d, const char *who, const char *date, int minute,
                  fz_err (*fn)(struct ctx *c, void *arg), void *arg)
{
    int day;
    if (date_parse(date, &day) || day > d->today)
        return FZ_OK; /* not yet happened on the load day */
    struct ctx c;
    fz_err e = demo_ctx(d, who, day, minute, &c);
    return e ? e : fn(&c, arg);
}

struct make {
    const char *unit;
    int year;
    bool written;
    int64_t id;
};

static fz_err make_report(struct ctx *c, void *arg)
{
    struct make *m = arg;
    json_t *j = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s}", "unit", m->unit, "year", m->year,
                          "submit_due", m->year == 2025 ? "2026-02-27" : "2027-02-26",
                          "publish_due", m->year == 2025 ? "2026-03-31" : "2027-03-31",
                          "overview", overview, "ach_enforcement", ach_enforcement);
    if (j && m->written) {
        json_object_set_new(j, "ach_disclosure", json_string(ach_disclosure));
        json_object_set_new(j, "leaders_duty", json_string(leaders_duty));
        json_object_set_new(j, "shortcomings", json_string(shortcomings));
        json_object_set_new(j, "next_year", json_string(next_year));
    }
    struct record *r = NULL;
    fz_err e = j ? entity_create(c, &entity_annual_reports, j, &r) : FZ_EINTERNAL;
    json_decref(j);
    if (!e)
        m->id = r->id;
    return e;
}

struct step {
    int64_t id;
    const char *name;
};

static fz_err fire_step(struct ctx *c, void *arg)
{
    struct step *s = arg;
    return s->id ? workflow_fire(c, &entity_annual_reports, s->id, s->name, NULL, NULL) : FZ_OK;
}

fz_err report_demo(struct demo *d)
{
    fz_err e = FZ_OK;
    for (int k = 0; k < 2 && !e; k++) {
        const char *p = d->subdistricts[k];
        const char *staff = arena_printf(d->a, "%s.staff", p);
        const char *leader = arena_printf(d->a, "%s.leader", p);
        struct make last = {d->codes[k], 2025, true, 0};
        struct make now = {d->codes[k], 2026, false, 0};
        if ((e = act(d, staff, "2026-01-19", 600, make_report, &last)))
            break;
        struct step submit = {last.id, "submit"}, publish = {last.id, "publish"};
        if ((e = act(d, leader, "2026-02-24", 900, fire_step, &submit)) ||
            (e = act(d, leader, "2026-03-20", 600, fire_step, &publish)) ||
            (e = act(d, staff, "2026-11-20", 630, make_report, &now)))
            break;
    }
    demo_done();
    return e;
}
