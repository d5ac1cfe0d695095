/* pages_charts.c — the year at a glance for leaders and supervisors: key figures on the home
 * page, and its charts as SVG (/app/charts/<name>.svg?org=&year=): cases by month against the
 * year before, cases by community (a subdistrict) or by subdistrict (a district), and how
 * disclosure requests were answered. Counted from the records of the organisation's subtree,
 * for those who may read its cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"
#include "core/date.h"
#include "docs/render.h"
#include "engine/access.h"
#include "engine/people.h"
#include "http/handlers.h"
#include "http/layout.h"
#include "modules/disclosure/disclosure.h"
#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

struct series_data {
    const char **categories;
    double *values[2];
    const char *names[2];
    int known[2]; /* this year's months so far */
    int n, nseries;
};

static fz_err by_month(struct ctx *c, int64_t org, int year, struct series_data *d)
{
    static const char *const months[] = {"1月", "2月", "3月",  "4月",  "5月",  "6月",
                                         "7月", "8月", "9月", "10月", "11月", "12月"};
    d->categories = (const char **)months;
    d->n = 12;
    d->nseries = 2;
    int ty, tm, td;
    date_to_ymd(c->today, &ty, &tm, &td);
    d->known[0] = year == ty ? tm : 12;
    for (int k = 0; k < 2; k++) {
        int64_t counts[12];
        fz_err e = enforcement_cases_by_month(c, org, year - k, counts);
        if (e)
            return e;
        d->values[k] = arena_calloc(c->a, 12, sizeof(double));
        d->names[k] = arena_printf(c->a, "%d年", year - k);
        for (int m = 0; m < 12; m++)
            d->values[k][m] = (double)counts[m];
    }
    return FZ_OK;
}

/* Cases of the year by the units under org: a subdistrict's communities (where the party
 * is), a district's subdistricts. */
static fz_err by_unit(struct ctx *c, const struct org *o, int year, struct series_data *d)
{
    bool district = o->kind == ORG_DISTRICT || o->kind == ORG_CITY;
    stmt *st = db_prepare(
        c->db,
        district ? "SELECT u.name, (SELECT COUNT(*) FROM penalty_cases c WHERE c.org_id = u.id "
                   "AND " ENFORCEMENT_CASE_DAY " BETWEEN ? AND ?) FROM orgs u WHERE u.parent_id = ? AND "
                   "u.kind = 'subdistrict' ORDER BY u.code"
                 : "SELECT u.name, (SELECT COUNT(*) FROM penalty_cases c JOIN parties p ON p.id = "
                   "c.party WHERE p.org = u.id AND " ENFORCEMENT_CASE_DAY " BETWEEN ? AND ?) FROM orgs u "
                   "WHERE u.parent_id = ? AND u.kind = 'community' ORDER BY u.code");
    if (!st)
        return FZ_EDB;
    char from[11], to[11];
    snprintf(from, sizeof from, "%04d-01-01", year);
    snprintf(to, sizeof to, "%04d-12-31", year);
    db_bind_text(st, 1, from);
    db_bind_text(st, 2, to);
    db_bind_int(st, 3, o->id);
    d->categories = arena_calloc(c->a, CHART_MAX_CATEGORIES, sizeof *d->categories);
    d->values[0] = arena_calloc(c->a, CHART_MAX_CATEGORIES, sizeof(double));
    d->nseries = 1; /* one series: no legend */
    enum db_step s;
    while (d->n < CHART_MAX_CATEGORIES && (s = db_step(st)) == DB_ROW) {
        d->categories[d->n] = arena_strdup(c->a, db_col_text(st, 0));
        d->values[0][d->n++] = (double)db_col_int(st, 1);
    }
    db_done(st);
    return s == DB_ERROR ? FZ_EDB : FZ_OK;
}

/* Requests answered in the year by the template's result group. */
static fz_err replies(struct ctx *c, const struct org *o, int year, struct series_data *d)
{
    d->categories = (const char **)reply_group_labels;
    d->n = 6;
    d->nseries = 1;
    d->values[0] = arena_calloc(c->a, 6, sizeof(double));
    stmt *st = db_prepare(c->db, "SELECT reply_type, COUNT(*) FROM disclosure_requests WHERE "
                                 "org_id IN (SELECT descendant_id FROM org_closure WHERE "
                                 "ancestor_id = ?) AND status IN ('replied', 'closed') AND "
                                 "replied_on BETWEEN ? AND ? GROUP BY 1");
    if (!st)
        return FZ_EDB;
    char from[11], to[11];
    snprintf(from, sizeof from, "%04d-01-01", year);
    snprintf(to, sizeof to, "%04d-12-31", year);
    db_bind_int(st, 1, o->id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        int t = reply_type_parse(db_col_text(st, 0));
        if (t >= 0)
            d->values[0][reply_type_group((enum reply_type)t)] += (double)db_col_int(st, 1);
    }
    db_done(st);
    return s == DB_ERROR ? FZ_EDB : FZ_OK;
}

static const struct chart_def {
    const char *name, *title, *unit;
    enum chart_kind kind;
    int width, height;
} charts[] = {
    {"cases_by_month", "各月行政处罚案件", "件", CHART_LINE, 520, 270},
    {"cases_by_unit", "各社区（村）行政处罚案件", "件", CHART_BAR, 520, 270},
    {"replies", "依申请公开答复结果", "件", CHART_PIE, 520, 270},
};

/* The organisation and year a chart or the dashboard is for: ?org= (default: the actor's
 * tenant) and ?year= (default: this year). false when the actor may not read its cases. */
static bool scope(struct request *req, struct org *o, int *year, unsigned read_roles)
{
    struct ctx *c = &req->ctx;
    const char *code = req_query(req, "org"), *ys = req_query(req, "year");
    int y, m, d;
    date_to_ymd(c->today, &y, &m, &d);
    *year = y;
    if (ys) {
        char *end;
        long v = strtol(ys, &end, 10);
        if (*end || v < 2000 || v > y)
            return false;
        *year = (int)v;
    }
    fz_err e = code ? org_by_code(c, code, o) : org_by_id(c, c->actor->tenant_id, o);
    return !e && access_covers(c, read_roles, o->id);
}

void page_chart(struct request *req, struct response *r)
{
    const char *name = req->seg[2];
    size_t len = strlen(name);
    const struct chart_def *def = NULL;
    for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++)
        if (len == strlen(charts[i].name) + 4 && strncmp(name, charts[i].name, len - 4) == 0 &&
            strcmp(name + len - 4, ".svg") == 0)
            def = &charts[i];
    struct org o;
    int year;
    /* each chart for those who may read the records it counts */
    unsigned roles = def && def->kind == CHART_PIE ? entity_disclosure_requests.read_roles
                                                   : entity_penalty_cases.read_roles;
    if (!def || !scope(req, &o, &year, roles)) {
        http_error(req, r, FZ_ENOTFOUND, "没有这张图，或您无权查看该机构的数据");
        return;
    }
    struct series_data d = {0};
    fz_err e = def->kind == CHART_LINE  ? by_month(&req->ctx, o.id, year, &d)
               : def->kind == CHART_BAR ? by_unit(&req->ctx, &o, year, &d)
                                        : replies(&req->ctx, &o, year, &d);
    if (!e && d.n == 0) {
        d.categories = arena_calloc(req->a, 1, sizeof *d.categories);
        d.categories[0] = "（无）";
        d.values[0] = arena_calloc(req->a, 1, sizeof(double));
        d.nseries = 1;
        d.n = 1;
    }
    struct chart_series s[2] = {{d.names[0], d.values[0], d.known[0]},
                                {d.names[1], d.values[1], d.known[1]}};
    const char *title = def->kind == CHART_BAR && (o.kind == ORG_DISTRICT || o.kind == ORG_CITY)
                            ? "各街道行政处罚案件"
                            : def->title;
    struct chart ch = {def->kind, arena_printf(req->a, "%s（%d年）", title, year), def->unit,
                       d.categories, d.n, s, d.nseries};
    const char *msg = NULL;
    /* drawn by a child process: the fonts stay out of the server (docs/render.h) */
    if (!e && (e = render_chart(&ch, CHART_SVG, def->width, def->height, &r->body)))
        msg = "暂时无法生成图表，请稍后重试";
    if (e) {
        buf_reset(&r->body);
        http_error(req, r, e, msg);
        return;
    }
    r->status = 200;
    r->content_type = "image/svg+xml";
    resp_header(r, "Cache-Control", "private, max-age=300");
}

void dashboard_section(struct request *req, struct html *h)
{
    struct org o;
    int year;
    if (!scope(req, &o, &year, entity_penalty_cases.read_roles))
        return;
    struct enforcement_stats s;
    if (enforcement_stats(&req->ctx, o.id, date_from_ymd(year, 1, 1),
                          date_from_ymd(year, 12, 31), &s))
        return;
    h_open(h, "section", "class", "card dashboard", "id", "dashboard", NULL);
    h_elem(h, "h2", arena_printf(req->a, "%s %d 年概况", o.name, year), NULL);
    char fined[32];
    money_format(s.fined_fen, fined);
    struct {
        const char *label, *value;
    } figures[] = {
        {"行政处罚案件", arena_printf(req->a, "%lld 件", (long long)s.cases)},
        {"作出处罚决定", arena_printf(req->a, "%lld 件", (long long)s.penalties)},
        {"罚款金额", arena_printf(req->a, "%s 元", fined)},
        {"法制审核", arena_printf(req->a, "%lld 件", (long long)s.legal_reviews)},
        {"当前逾期案件", arena_printf(req->a, "%lld 件", (long long)s.overdue)},
    };
    h_open(h, "dl", "class", "figures", NULL);
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
        h_open(h, "div", NULL);
        h_elem(h, "dt", figures[i].label, NULL);
        h_elem(h, "dd", figures[i].value, NULL);
        h_close(h, "div");
    }
    h_close(h, "dl");
    h_open(h, "div", "class", "charts", NULL);
    bool disclosure = access_covers(&req->ctx, entity_disclosure_requests.read_roles, o.id);
    for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++)
        if (charts[i].kind != CHART_PIE || disclosure)
            h_void(h, "img", "src",
               arena_printf(req->a, "/app/charts/%s.svg?org=%s&year=%d", charts[i].name, o.code,
                            year),
               "alt", charts[i].title, "width", arena_printf(req->a, "%d", charts[i].width),
               "height", arena_printf(req->a, "%d", charts[i].height), "loading", "lazy", NULL);
    h_close(h, "div");
    h_close(h, "section");
}
