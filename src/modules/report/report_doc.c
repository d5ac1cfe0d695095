/* report_doc.c — a yearly report as a document (report.h): the narrative from the record,
 * and the figures each module contributes through the table below, counted when the
 * document is built. A module adds its area by adding a row. */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "engine/people.h"
#include "engine/query.h"
#include "engine/workflow.h"
#include "modules/disclosure/disclosure.h"
#include "modules/enforcement/enforcement.h"
#include "modules/report/report.h"
#include "core/banned.h"

struct period {
    int64_t org;
    int year;
    char from[11], to[11];
};

/* The records behind a figure in the staff app, by its label — only where a list shows
 * exactly the records counted: the list and its filter, and the date field the year
 * bounds. */
static const struct {
    const char *label, *list, *date_field;
} links[] = {
    {"重点工作任务（本年到期）", "/app/tasks?", "due_date"},
    {"普通程序立案", "/app/penalty_cases?procedure=ordinary&", "filed_on"},
    {"主动公开政府信息", "/app/proactive_disclosures?", "published_on"},
    {"收到政府信息公开申请", "/app/disclosure_requests?", "received_on"},
};

static const char *link_of(struct ctx *c, const char *label, int year)
{
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
        if (strcmp(links[i].label, label) == 0) {
            char from[11], to[11];
            snprintf(from, sizeof from, "%04d-01-01", year);
            snprintf(to, sizeof to, "%04d-12-31", year);
            return arena_printf(c->a, "%s%s_from=%s&%s_to=%s", links[i].list,
                                links[i].date_field, from, links[i].date_field, to);
        }
    return NULL;
}

static void add(struct ctx *c, struct report_doc *d, const char *area, const char *label,
                const char *value)
{
    if (d->nfigures < REPORT_MAX_FIGURES)
        d->figures[d->nfigures++] =
            (struct report_figure){area, label, value, link_of(c, label, d->year)};
}

/* ---- the modules' contributions --------------------------------------------------------- */

static fz_err tasks_figures(struct ctx *c, const struct period *p, struct report_doc *d)
{
    int64_t all, done;
    fz_err e = query_count(c, "SELECT COUNT(*) FROM tasks WHERE org_id = ? AND due_date BETWEEN "
                              "? AND ? AND status <> 'cancelled'",
                           p->org, p->from, p->to, &all);
    if (!e)
        e = query_count(c, "SELECT COUNT(*) FROM tasks WHERE org_id = ? AND due_date BETWEEN ? "
                           "AND ? AND status = 'done'",
                        p->org, p->from, p->to, &done);
    if (e)
        return e;
    add(c, d, "重点工作", "重点工作任务（本年到期）",
        arena_printf(c->a, "%lld 项，已完成 %lld 项", (long long)all, (long long)done));
    return FZ_OK;
}

static fz_err enforcement_figures(struct ctx *c, const struct period *p, struct report_doc *d)
{
    struct enforcement_stats s;
    fz_err e = enforcement_stats(c, p->org, date_from_ymd(p->year, 1, 1),
                                 date_from_ymd(p->year, 12, 31), &s);
    if (e)
        return e;
    char fined[32];
    money_format(s.fined_fen, fined);
    add(c, d, "行政执法", "行政处罚案件",
        arena_printf(c->a, "%lld 件（普通程序立案 %lld 件，简易程序 %lld 件）", (long long)s.cases,
                     (long long)s.ordinary, (long long)s.summary));
    add(c, d, "行政执法", "普通程序立案", arena_printf(c->a, "%lld 件", (long long)s.ordinary));
    add(c, d, "行政执法", "作出行政处罚决定",
        arena_printf(c->a, "%lld 件，罚款 %s 元；不予处罚 %lld 件", (long long)s.penalties, fined,
                     (long long)s.no_penalty));
    add(c, d, "行政执法", "重大执法决定法制审核",
        arena_printf(c->a, "%lld 件", (long long)s.legal_reviews));
    add(c, d, "行政执法", "听证", arena_printf(c->a, "%lld 件", (long long)s.hearings));
    add(c, d, "行政执法", "移送涉嫌犯罪案件", arena_printf(c->a, "%lld 件", (long long)s.referrals));
    /* by month: the list a chart is drawn from (report_out.c) */
    int64_t months[12];
    if ((e = enforcement_cases_by_month(c, p->org, p->year, months)))
        return e;
    /* this year: the months so far */
    int ty, tm, td, last = 12;
    date_to_ymd(c->today, &ty, &tm, &td);
    if (p->year == ty)
        last = tm;
    buf b;
    buf_init(&b, 0);
    for (int m = 0; m < last; m++)
        buf_printf(&b, "%s%d月 %lld 件", m ? "、" : "", m + 1, (long long)months[m]);
    add(c, d, "行政执法", "各月案件数", arena_strndup(c->a, b.p ? b.p : "", b.len));
    buf_release(&b);
    return FZ_OK;
}

static fz_err disclosure_figures(struct ctx *c, const struct period *p, struct report_doc *d)
{
    struct gip_annual g;
    fz_err e = gip_annual_compute(c, p->org, p->year, &g);
    if (e)
        return e;
    add(c, d, "政务公开", "主动公开政府信息",
        arena_printf(c->a, "%lld 条", (long long)g.proactive_published));
    add(c, d, "政务公开", "收到政府信息公开申请",
        arena_printf(c->a, "%lld 件，办结 %lld 件", (long long)g.t3.new_this_year[GIP_T3_COLS - 1],
                     (long long)g.t3.results_total[GIP_T3_COLS - 1]));
    /* how they were answered, by the template's result group: a chart's shares */
    buf b;
    buf_init(&b, 0);
    for (int k = 0; k < 6; k++) {
        int64_t n = 0;
        for (int row = 0; row < RT__MAX; row++)
            if (reply_type_group((enum reply_type)row) == k)
                n += g.t3.results[row][GIP_T3_COLS - 1];
        buf_printf(&b, "%s%s %lld 件", k ? "、" : "", reply_group_labels[k], (long long)n);
    }
    add(c, d, "政务公开", "申请办理结果", arena_strndup(c->a, b.p ? b.p : "", b.len));
    buf_release(&b);
    return FZ_OK;
}

/* Every module's part of 一、主要工作及成效, in the order the report tells them: its area (the
 * figures' tag), its heading, the report's field staff write it in, and its figures. */
static const struct contribution {
    const char *area, *heading, *field;
    fz_err (*figures)(struct ctx *c, const struct period *p, struct report_doc *d);
} contributions[] = {
    {"重点工作", "（一）重点工作任务落实情况", "ach_tasks", tasks_figures},
    {"行政执法", "（二）严格规范公正文明执法", "ach_enforcement", enforcement_figures},
    {"政务公开", "（三）政务公开", "ach_disclosure", disclosure_figures},
};

fz_err report_figures(struct ctx *c, int64_t org_id, int year, struct report_doc *d)
{
    struct period p = {.org = org_id, .year = year};
    snprintf(p.from, sizeof p.from, "%04d-01-01", year);
    snprintf(p.to, sizeof p.to, "%04d-12-31", year);
    d->nfigures = 0;
    d->year = year;
    for (size_t i = 0; i < sizeof contributions / sizeof contributions[0]; i++) {
        fz_err e = contributions[i].figures(c, &p, d);
        if (e)
            return e;
    }
    return FZ_OK;
}

const char *report_figures_text(arena *a, const struct report_doc *d)
{
    buf b;
    buf_init(&b, 0);
    for (int i = 0; i < d->nfigures; i++)
        buf_printf(&b, "【%s】%s：%s\n", d->figures[i].area, d->figures[i].label,
                   d->figures[i].value);
    const char *s = arena_strndup(a, b.p ? b.p : "", b.len);
    buf_release(&b);
    return s;
}

/* The kept figures back from their text ("【area】label：value" lines), each with the link of
 * its records (by label and the report's year, as when it was counted). */
static void figures_parse(struct ctx *c, const char *t, struct report_doc *d)
{
    d->nfigures = 0;
    while (*t && d->nfigures < REPORT_MAX_FIGURES) {
        size_t len = strcspn(t, "\n");
        const char *line = arena_strndup(c->a, t, len);
        t += len + (t[len] == '\n');
        const char *open = strstr(line, "【"), *close = strstr(line, "】");
        const char *colon = close ? strstr(close, "：") : NULL;
        if (!open || !close || !colon)
            continue;
        struct report_figure *f = &d->figures[d->nfigures++];
        f->area = arena_strndup(c->a, open + strlen("【"), (size_t)(close - open - strlen("【")));
        f->label = arena_strndup(c->a, close + strlen("】"),
                                 (size_t)(colon - close - strlen("】")));
        f->value = colon + strlen("：");
        f->href = link_of(c, f->label, d->year);
    }
}

/* ---- the document ----------------------------------------------------------------------- */

static const char *text_of(const struct record *r, const char *field)
{
    int i = entity_field_index(r->e, field);
    return i >= 0 && !r->v[i].null && r->v[i].s ? r->v[i].s : NULL;
}

/* The narrative's lines as paragraphs (a form sends CRLF: either ending ends a line). */
static void paragraphs(struct ctx *c, const char *t, struct report_part *part)
{
    int cap = 0;
    while (t && *t) {
        size_t len = strcspn(t, "\r\n");
        if (len) {
            if (part->nparagraphs == cap) {
                cap = cap ? cap * 2 : 16;
                const char **grown = arena_alloc(c->a, (size_t)cap * sizeof *grown);
                if (part->nparagraphs)
                    memcpy(grown, part->paragraphs, (size_t)part->nparagraphs * sizeof *grown);
                part->paragraphs = grown;
            }
            part->paragraphs[part->nparagraphs++] = arena_strndup(c->a, t, len);
        }
        t += len;
        t += strspn(t, "\r\n");
    }
}

int64_t report_find(struct ctx *c, int64_t org_id, int year)
{
    stmt *st = db_prepare(c->db, "SELECT id FROM annual_reports WHERE unit = ? AND year = ?");
    if (!st)
        return 0;
    db_bind_int(st, 1, org_id);
    db_bind_int(st, 2, year);
    int64_t id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    return id;
}

fz_err report_doc_build(struct ctx *c, int64_t id, struct report_doc *d)
{
    memset(d, 0, sizeof *d);
    struct record *r = NULL;
    fz_err e = entity_get(c, &entity_annual_reports, id, &r);
    if (e)
        return e;
    const struct value *unit = guard_field(r, "unit"), *year = guard_field(r, "year");
    struct org o;
    if (!unit || !year || org_by_id(c, unit->i, &o))
        return FZ_EDB;
    d->id = id;
    d->year = (int)year->i;
    d->org_name = o.name;
    d->org_code = o.code;
    d->title = text_of(r, "title");
    d->status_label = wf_state_label(r->e->workflow, r->status);
    d->submit_due = text_of(r, "submit_due");
    d->publish_due = text_of(r, "publish_due");
    d->opening = arena_printf(c->a,
                              "%d年，%s在区委、区政府的领导下，推进法治政府建设。"
                              "现将有关情况报告如下。",
                              d->year, o.name);
    /* the required outline (RULES.md §8), the modules' parts under 一 */
    struct report_part *part = &d->parts[d->nparts++];
    *part = (struct report_part){.heading = "一、主要工作及成效", .level = 1};
    paragraphs(c, text_of(r, "overview"), part);
    for (size_t i = 0; i < sizeof contributions / sizeof contributions[0]; i++) {
        part = &d->parts[d->nparts++];
        *part = (struct report_part){.heading = contributions[i].heading,
                                     .area = contributions[i].area,
                                     .level = 2};
        paragraphs(c, text_of(r, contributions[i].field), part);
    }
    /* in the order of RULES.md §8's required content */
    static const struct {
        const char *heading, *field;
        int level;
    } rest[] = {
        {"二、存在的不足和原因", "shortcomings", 1},
        {"三、党政主要负责人履行推进法治建设第一责任人职责情况", "leaders_duty", 1},
        {"四、下一年度主要安排", "next_year", 1},
        {"五、其他需要报告的情况", "other", 1},
    };
    for (size_t i = 0; i < sizeof rest / sizeof rest[0]; i++) {
        part = &d->parts[d->nparts++];
        *part = (struct report_part){.heading = rest[i].heading, .level = rest[i].level};
        paragraphs(c, text_of(r, rest[i].field), part);
    }
    const char *kept = text_of(r, "figures");
    if (kept) {
        d->figures_of = text_of(r, "submitted_on");
        figures_parse(c, kept, d);
        return FZ_OK;
    }
    return report_figures(c, o.id, d->year, d);
}

int report_published_years(struct ctx *c, int64_t org_id, int *years, int max)
{
    stmt *st = db_prepare(c->db, "SELECT year FROM annual_reports WHERE unit = ? AND status = "
                                 "'published' ORDER BY year DESC");
    if (!st)
        return 0;
    db_bind_int(st, 1, org_id);
    int n = 0;
    while (n < max && db_step(st) == DB_ROW)
        years[n++] = (int)db_col_int(st, 0);
    db_done(st);
    return n;
}

fz_err report_doc_public(struct ctx *c, int64_t org_id, int year, struct report_doc *out)
{
    stmt *st = db_prepare(c->db, "SELECT id FROM annual_reports WHERE unit = ? AND year = ? AND "
                                 "status = 'published'");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, org_id);
    db_bind_int(st, 2, year);
    enum db_step s = db_step(st);
    int64_t id = s == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    if (s == DB_ERROR)
        return FZ_EDB;
    if (!id)
        return FZ_ENOTFOUND;
    /* published: the public reads it as the system does, figures included (counts only) */
    struct ctx sys = *c;
    sys.actor = &actor_system;
    fz_err e = report_doc_build(&sys, id, out);
    c->err = sys.err;
    return e;
}
