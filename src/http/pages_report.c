/* pages_report.c — a yearly rule-of-law report as a whole document in the staff app: the
 * narrative staff wrote, part by part in the required outline, and under 主要工作及成效 the
 * year's figures counted from the records at the moment of reading, each linking to the
 * records behind it. */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "engine/entity.h"
#include "engine/people.h"
#include "http/handlers.h"
#include "http/layout.h"
#include "modules/disclosure/disclosure.h"
#include "modules/enforcement/enforcement.h"
#include "modules/report/report.h"
#include "core/banned.h"

/* Paragraphs of a narrative, one per line; an unwritten part says so. */
static void narrative(struct request *req, struct html *h, const struct record *r,
                      const char *field)
{
    int i = entity_field_index(r->e, field);
    const char *t = i >= 0 && !r->v[i].null ? r->v[i].s : NULL;
    if (!t || !*t) {
        h_elem(h, "p", "（尚未撰写）", "class", "muted", NULL);
        return;
    }
    while (*t) {
        size_t len = strcspn(t, "\n");
        if (len)
            h_elem(h, "p", arena_strndup(req->a, t, len), NULL);
        t += len + (t[len] == '\n');
    }
}

static int64_t count(struct request *req, const char *sql, int64_t org, const char *from,
                     const char *to)
{
    stmt *st = db_prepare(req->db, sql);
    if (!st)
        return 0;
    db_bind_int(st, 1, org);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    int64_t n = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    return n;
}

/* A figure: its label, value and the list of records behind it. */
static void figure(struct html *h, const char *label, const char *value, const char *href)
{
    h_open(h, "li", NULL);
    h_text(h, label);
    h_text(h, "：");
    if (href)
        h_elem(h, "a", value, "href", href, NULL);
    else
        h_elem(h, "strong", value, NULL);
    h_close(h, "li");
}

static void figures(struct request *req, struct html *h, const struct org *o, int year)
{
    struct ctx *c = &req->ctx;
    char from[11], to[11];
    snprintf(from, sizeof from, "%04d-01-01", year);
    snprintf(to, sizeof to, "%04d-12-31", year);
    struct enforcement_stats s;
    bool enforcement = enforcement_stats(c, o->id, date_from_ymd(year, 1, 1),
                                         date_from_ymd(year, 12, 31), &s) == FZ_OK;
    struct gip_annual g;
    bool disclosure = gip_annual_compute(c, o->id, year, &g) == FZ_OK;
    h_open(h, "section", "class", "card report-figures", NULL);
    h_elem(h, "h3", "本年度数据（系统统计，随记录实时更新）", NULL);
    h_open(h, "ul", NULL);
    int64_t tasks = count(req, "SELECT COUNT(*) FROM tasks WHERE org_id = ? AND due_date BETWEEN "
                               "? AND ? AND status <> 'cancelled'",
                          o->id, from, to);
    int64_t done = count(req, "SELECT COUNT(*) FROM tasks WHERE org_id = ? AND due_date BETWEEN ? "
                              "AND ? AND status = 'done'",
                         o->id, from, to);
    figure(h, "重点工作任务（本年到期）",
           arena_printf(req->a, "%lld 项，已完成 %lld 项", (long long)tasks, (long long)done),
           arena_printf(req->a, "/app/tasks?due_date_from=%s&due_date_to=%s", from, to));
    if (enforcement) {
        char fined[32];
        money_format(s.fined_fen, fined);
        figure(h, "行政处罚案件",
               arena_printf(req->a, "%lld 件（普通程序立案 %lld 件，简易程序 %lld 件）",
                            (long long)s.cases, (long long)s.ordinary, (long long)s.summary),
               arena_printf(req->a, "/app/penalty_cases?filed_on_from=%s&filed_on_to=%s", from,
                            to));
        figure(h, "作出行政处罚决定",
               arena_printf(req->a, "%lld 件，罚款 %s 元；不予处罚 %lld 件", (long long)s.penalties,
                            fined, (long long)s.no_penalty),
               arena_printf(req->a, "/app/penalty_cases?decided_on_from=%s&decided_on_to=%s", from,
                            to));
        figure(h, "重大执法决定法制审核",
               arena_printf(req->a, "%lld 件", (long long)s.legal_reviews), NULL);
        figure(h, "听证", arena_printf(req->a, "%lld 件", (long long)s.hearings), NULL);
        figure(h, "移送涉嫌犯罪案件", arena_printf(req->a, "%lld 件", (long long)s.referrals),
               "/app/criminal_referrals");
    }
    if (disclosure) {
        figure(h, "主动公开政府信息", arena_printf(req->a, "%lld 条", (long long)g.proactive_published),
               arena_printf(req->a, "/app/proactive_disclosures?published_on_from=%s&"
                                    "published_on_to=%s",
                            from, to));
        figure(h, "收到政府信息公开申请",
               arena_printf(req->a, "%lld 件，办结 %lld 件",
                            (long long)g.t3.new_this_year[GIP_T3_COLS - 1],
                            (long long)g.t3.results_total[GIP_T3_COLS - 1]),
               arena_printf(req->a, "/app/disclosure_requests?received_on_from=%s&"
                                    "received_on_to=%s",
                            from, to));
    }
    h_close(h, "ul");
    h_elem(h, "p",
           "以上数字在阅读时由系统从各项记录统计，点击可查看对应记录；撰写正文时可引用，"
           "以报送时的数字为准。",
           "class", "muted", NULL);
    h_close(h, "section");
}

void page_report_document(struct request *req, struct response *r)
{
    char *end;
    long long id = strtoll(req->seg[2], &end, 10);
    struct record *rec = NULL;
    fz_err e = *end || id <= 0 ? FZ_ENOTFOUND
                               : entity_get(&req->ctx, &entity_annual_reports, id, &rec);
    if (e) {
        http_error(req, r, e, e == FZ_ENOTFOUND ? "没有这份报告，或您无权查看" : NULL);
        return;
    }
    int ui = entity_field_index(rec->e, "unit"), yi = entity_field_index(rec->e, "year");
    struct org o;
    if (org_by_id(&req->ctx, rec->v[ui].i, &o)) {
        http_error(req, r, FZ_EDB, NULL);
        return;
    }
    int year = (int)rec->v[yi].i;
    const char *title = arena_printf(req->a, "%s%d年法治政府建设年度报告", o.name, year);
    struct html h;
    page_begin(req, r, &h, title, "annual_reports");
    h_open(&h, "nav", "class", "crumbs", NULL);
    h_elem(&h, "a", "返回报告", "href", arena_printf(req->a, "/app/annual_reports/%lld", id), NULL);
    h_close(&h, "nav");
    h_open(&h, "article", "class", "card report-document", NULL);
    h_elem(&h, "h1", title, NULL);
    h_elem(&h, "p",
           arena_printf(req->a, "状态：%s　报送期限：%s　公开期限：%s",
                        wf_state_label(rec->e->workflow, rec->status),
                        show_date(req, rec->v[entity_field_index(rec->e, "submit_due")].s),
                        show_date(req, rec->v[entity_field_index(rec->e, "publish_due")].s)),
           "class", "muted", NULL);
    h_elem(&h, "p",
           arena_printf(req->a,
                        "%d年，%s在区委、区政府的领导下，推进法治政府建设。现将有关情况报告如下。",
                        year, o.name),
           NULL);
    static const struct {
        const char *heading, *field;
        bool figures;
    } parts[] = {
        {"一、主要工作及成效", "achievements", true},
        {"（一）党政主要负责人履行推进法治建设第一责任人职责情况", "leaders_duty", false},
        {"二、存在的不足和原因", "shortcomings", false},
        {"三、下一年度主要安排", "next_year", false},
        {"四、其他需要报告的情况", "other", false},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        h_elem(&h, "h2", parts[i].heading, NULL);
        if (parts[i].figures)
            figures(req, &h, &o, year);
        narrative(req, &h, rec, parts[i].field);
    }
    h_close(&h, "article");
    page_end(req, &h);
}
