/* annual_report.c — the yearly rule-of-law government report (法治政府建设年度报告, RULES.md
 * §8): one per subdistrict and year, its narrative written by staff in the parts the
 * supervision rules require, its figures counted live from the records (report_page.c shows
 * them). Its own dates — when it is due to the district, when it must be public — run as
 * deadlines, so they come up on the home pages of those who write and approve it. A 街道's
 * timetable is set locally (RULES.md §8: UNCONFIRMED), so the two dates are entered, not
 * assumed. */
#include "modules/report/report.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "engine/deadline.h"
#include "engine/workflow.h"
#include "core/banned.h"

#define WRITERS (R(ROLE_ADMIN) | R(ROLE_LEADER) | R(ROLE_STAFF))
#define HEADS (R(ROLE_ADMIN) | R(ROLE_LEADER))
#define NARRATIVE_MAX 20000

static const struct field report_fields[] = {
    {"title", "报告名称", FT_TEXT, F_SYSTEM | F_LIST | F_SEARCH},
    {"unit", "报告单位", FT_ORG, F_REQUIRED | F_FIXED | F_LIST | F_FILTER,
     .org_kinds = 1u << ORG_SUBDISTRICT},
    {"year", "报告年度", FT_INT, F_REQUIRED | F_FIXED | F_LIST | F_SORT | F_FILTER, 2019, 2100},
    {"submit_due", "报送期限", FT_DATE, F_REQUIRED | F_LIST,
     .help = "向区委、区政府报送的时限，按当地规定填写（如次年3月1日前，填写2月最后一个工作日）"},
    {"publish_due", "公开期限", FT_DATE, F_REQUIRED,
     .help = "向社会公开的时限（法治政府建设与责任落实督察工作规定第二十四条：每年4月1日前）"},
    /* 一、主要工作及成效: an overview, then one part per area a module contributes
     * (report_doc.c's table names these fields) */
    {"overview", "一、主要工作及成效（总体情况）", FT_LONGTEXT, 0, 0, NARRATIVE_MAX,
     .group = "报告正文", .help = "概述全年推进法治政府建设的总体情况"},
    {"ach_tasks", "重点工作任务落实情况", FT_LONGTEXT, 0, 0, NARRATIVE_MAX,
     .help = "该部分的数字由系统统计，见“报告全文”"},
    {"ach_enforcement", "严格规范公正文明执法情况", FT_LONGTEXT, 0, 0, NARRATIVE_MAX},
    {"ach_disclosure", "政务公开情况", FT_LONGTEXT, 0, 0, NARRATIVE_MAX},
    {"shortcomings", "二、存在的不足和原因", FT_LONGTEXT, 0, 0, NARRATIVE_MAX},
    {"leaders_duty", "三、党政主要负责人履行推进法治建设第一责任人职责情况", FT_LONGTEXT, 0, 0,
     NARRATIVE_MAX},
    {"next_year", "四、下一年度主要安排", FT_LONGTEXT, 0, 0, NARRATIVE_MAX},
    {"other", "五、其他需要报告的情况", FT_LONGTEXT, 0, 0, NARRATIVE_MAX},
    {"submitted_on", "报送日期", FT_DATE, F_SYSTEM | F_LIST},
    {"figures", "报送时的统计数据", FT_LONGTEXT, F_SYSTEM, .group = "报送时的统计数据",
     .help = "报送时由系统统计并随报告保存，之后记录变化不影响已报送和已公开的报告"},
    {"published_on", "公开日期", FT_DATE, F_SYSTEM | F_LIST},
};

static const struct wf_state report_states[] = {
    {"draft", "起草中", false},
    {"submitted", "已报送", false},
    {"published", "已公开", true},
};

static const struct deadline_def report_deadlines[] = {
    {"submit_due", "报送期限", DL_ON_DATE, 0, "submit_due"},
    {"publish_due", "公开期限", DL_ON_DATE, 0, "publish_due"},
};

/* The parts the supervision rules require (RULES.md §8) are written before it goes out: the
 * overview of the year's work, the first-responsibility part, the shortcomings and the next
 * year's plans (the areas' parts may be left to their figures). */
static const char *g_complete(const struct guard_ctx *g)
{
    static const char *const required[] = {"overview", "leaders_duty", "shortcomings",
                                           "next_year"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        const struct value *v = guard_field(g->rec, required[i]);
        if (!v || v->null || !v->s || !v->s[0]) {
            const struct field *f = entity_field(&entity_annual_reports, required[i]);
            static __thread char msg[200];
            snprintf(msg, sizeof msg, "报告尚缺“%s”，请补写后再报送", f ? f->label : required[i]);
            return msg;
        }
    }
    return NULL;
}

static const struct field return_params[] = {
    {"reason", "退回理由", FT_LONGTEXT, F_REQUIRED, 2, 2000},
};

/* The figures as counted when the report goes to the district, kept with it. */
static fz_err keep_figures(struct ctx *c, const struct record *r)
{
    const struct value *unit = guard_field(r, "unit"), *year = guard_field(r, "year");
    struct report_doc *d = arena_calloc(c->a, 1, sizeof *d);
    fz_err e = report_figures(c, unit ? unit->i : 0, year ? (int)year->i : 0, d);
    if (e)
        return e;
    stmt *st = db_prepare(c->db, "UPDATE annual_reports SET figures = ? WHERE id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, report_figures_text(c->a, d));
    db_bind_int(st, 2, r->id);
    return db_run(st);
}

/* A year is reported on once it is over: figures kept before then would miss its end. */
static const char *g_year_over(const struct guard_ctx *g)
{
    const struct value *year = guard_field(g->rec, "year");
    if (year && g->today <= date_from_ymd((int)year->i, 12, 31))
        return "报告年度结束后才能报送（报送时系统统计并保存全年的数据）";
    return NULL;
}

/* clang-format off */
static const struct wf_transition report_transitions[] = {
    {"submit", "报送", "draft", "submitted", HEADS, {g_year_over, g_complete}, NULL, 0,
     .stop_deadline = "submit_due", .sets = {{"submitted_on", "@today"}}, .fill = keep_figures,
     .confirm = "确认报送区委、区政府？报送后正文不能再修改，需修改的请先退回。"},
    {"return", "退回修改", "submitted", "draft", HEADS, {NULL}, return_params, 1,
     .start_deadline = "submit_due", .sets = {{"submitted_on", "@null"}, {"figures", "@null"}}},
    {"publish", "向社会公开", "submitted", "published", HEADS, {NULL}, NULL, 0,
     .stop_deadline = "publish_due", .sets = {{"published_on", "@today"}},
     .confirm = "确认向社会公开本年度报告？"},
};
/* clang-format on */

static const struct workflow report_workflow = {
    report_states, sizeof report_states / sizeof report_states[0], report_transitions,
    sizeof report_transitions / sizeof report_transitions[0], "draft"};

/* Dates that make sense for the year reported on: both in the following year, the public
 * one not before the one to the district. */
static const char *report_rules(const struct record *r, const struct record *before, int today,
                                const char **field)
{
    (void)today;
    /* sent to the district, the text is what was sent: only a draft is edited */
    if (before && before->status && strcmp(before->status, "draft") != 0)
        return "报告已报送，不能再修改；需要修改的，请由领导先退回修改";
    const struct value *year = guard_field(r, "year");
    const struct value *sub = guard_field(r, "submit_due");
    const struct value *pub = guard_field(r, "publish_due");
    if (!year || year->null || !sub || sub->null || !pub || pub->null)
        return NULL;
    int y, m, d;
    date_to_ymd((int)sub->i, &y, &m, &d);
    if (y != year->i + 1)
        return *field = "submit_due", "报送期限应在报告年度的次年";
    date_to_ymd((int)pub->i, &y, &m, &d);
    if (y != year->i + 1)
        return *field = "publish_due", "公开期限应在报告年度的次年";
    if (pub->i < sub->i)
        return *field = "publish_due", "公开期限不应早于报送期限";
    return NULL;
}

/* One report per subdistrict and year; the public date's clock starts beside the
 * district's (create_deadline names one). */
static fz_err created(struct ctx *c, const struct record *r)
{
    const struct value *unit = guard_field(r, "unit"), *year = guard_field(r, "year");
    stmt *st = db_prepare(c->db, "SELECT COUNT(*) FROM annual_reports WHERE unit = ? AND year = "
                                 "? AND id <> ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, unit ? unit->i : 0);
    db_bind_int(st, 2, year ? year->i : 0);
    db_bind_int(st, 3, r->id);
    enum db_step s = db_step(st);
    int64_t n = s == DB_ROW ? db_col_int(st, 0) : -1;
    db_done(st);
    if (n < 0)
        return FZ_EDB;
    if (n)
        return ctx_fail(c, FZ_EVALID, "year", "该街道这一年度的报告已经建立，请在原报告上修改");
    /* its name, as the document is titled */
    st = db_prepare(c->db, "UPDATE annual_reports SET title = (SELECT name FROM orgs WHERE id "
                           "= ?) || ? WHERE id = ?");
    if (!st)
        return FZ_EDB;
    char suffix[64];
    snprintf(suffix, sizeof suffix, "%lld年法治政府建设年度报告", (long long)(year ? year->i : 0));
    db_bind_int(st, 1, unit ? unit->i : 0);
    db_bind_text(st, 2, suffix);
    db_bind_int(st, 3, r->id);
    fz_err e = db_run(st);
    return e ? e : deadline_start(c, r, "publish_due");
}

static const struct record_page report_pages[] = {
    {"document", "报告全文（含统计数据）"},
};

const struct entity entity_annual_reports = {
    .name = "annual_reports",
    .label = "法治政府建设年度报告",
    .icon = "年",
    .fields = report_fields,
    .nfields = sizeof report_fields / sizeof report_fields[0],
    .title_field = "title",
    .unit_field = "unit",
    .read_roles = ROLES_ALL & ~R(ROLE_GRID_WORKER),
    .create_roles = WRITERS,
    .update_roles = WRITERS,
    .workflow = &report_workflow,
    .deadlines = report_deadlines,
    .ndeadlines = sizeof report_deadlines / sizeof report_deadlines[0],
    .create_deadline = "submit_due",
    .default_sort = "-year",
    .in_nav = true,
    .check = report_rules,
    .created = created,
    .pages = report_pages,
    .npages = 1,
};
