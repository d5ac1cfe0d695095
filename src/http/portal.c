/* portal.c — the public portal's frame (portal.h), its front page listing the districts and
 * their subdistricts, a district's page, and a subdistrict's home page. */
#include "http/portal.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "engine/query.h"
#include "http/handlers.h"
#include "http/layout.h"
#include "modules/disclosure/disclosure.h"
#include "modules/enforcement/public.h"
#include "modules/report/report.h"
#include "modules/report/report_out.h"
#include "core/banned.h"

#define PORTAL_NAME "法治政府建设 · 政务公开"

const char *portal_href(struct request *req, const struct org *o, const char *suffix)
{
    buf b;
    buf_init(&b, 0);
    buf_puts(&b, "/p/");
    buf_put_url(&b, o->code);
    buf_puts(&b, suffix);
    const char *s = arena_strndup(req->a, b.p, b.len);
    buf_release(&b);
    return s;
}

void portal_error(struct request *req, struct response *r, const struct org *o, int status,
                  const char *message)
{
    const char *head = status == 404   ? "没有找到您要的内容"
                       : status == 429 ? "请稍后再试"
                                       : "请求有误";
    struct html h;
    portal_begin(req, r, &h, o, head, NULL);
    r->status = status;
    resp_header_set(r, "Cache-Control", "no-store");
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "h1", head, NULL);
    h_elem(&h, "p", message, NULL);
    h_open(&h, "p", NULL);
    h_elem(&h, "a", o ? "返回本街道首页" : "返回首页", "href", o ? portal_href(req, o, "") : "/",
           NULL);
    h_close(&h, "p");
    h_close(&h, "section");
    portal_end(req, &h);
}

bool portal_org(struct request *req, struct response *r, int seg, struct org *out)
{
    const char *code = seg < req->nseg ? req->seg[seg] : NULL;
    if (code && org_by_code(&req->ctx, code, out) == FZ_OK &&
        (out->kind == ORG_SUBDISTRICT || out->kind == ORG_DISTRICT))
        return true;
    portal_error(req, r, NULL, 404, "没有这个街道或区的公开页面，请从首页选择。");
    return false;
}

void portal_begin(struct request *req, struct response *r, struct html *h, const struct org *o,
                  const char *title, const char *nav)
{
    r->content_type = "text/html; charset=utf-8";
    /* pages may be cached a minute, unless the handler said otherwise first */
    resp_header_default(r, "Cache-Control", "public, max-age=60");
    html_init(h, &r->body);
    h_raw(h, "<!DOCTYPE html>");
    h_open(h, "html", "lang", "zh-CN", NULL);
    h_open(h, "head", NULL);
    h_void(h, "meta", "charset", "utf-8", NULL);
    h_void(h, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1", NULL);
    h_elem(h, "title",
           arena_printf(req->a, "%s - %s%s", title, o ? o->name : "", o ? "政务公开" : PORTAL_NAME),
           NULL);
    h_void(h, "link", "rel", "stylesheet", "href", "/static/portal.css", NULL);
    h_void(h, "link", "rel", "icon", "href", "/static/favicon.svg", "type", "image/svg+xml", NULL);
    h_close(h, "head");
    h_open(h, "body", "class", "portal", NULL);
    h_elem(h, "a", "跳到正文", "href", "#main", "class", "skip", NULL);
    h_open(h, "header", "class", "p-head", NULL);
    h_open(h, "div", "class", "p-wrap p-brand", NULL);
    h_elem(h, "span", "法", "class", "seal", "aria-hidden", "true", NULL);
    h_open(h, "a", "href", o ? portal_href(req, o, "") : "/", "class", "p-title", NULL);
    h_elem(h, "strong", o ? o->name : "政务公开", NULL);
    h_elem(h, "small", o ? PORTAL_NAME : "法治政府建设信息公开平台", NULL);
    h_close(h, "a");
    h_close(h, "div");
    if (o && o->kind == ORG_SUBDISTRICT) {
        h_open(h, "nav", "class", "p-nav", "aria-label", "栏目", NULL);
        h_open(h, "div", "class", "p-wrap", NULL);
#define NAV_ITEM(key, suffix, text)                                                                \
    h_elem(h, "a", text, "href", portal_href(req, o, suffix), "aria-current",                     \
           nav && strcmp(nav, key) == 0 ? "page" : NULL, NULL);
        PORTAL_NAV(NAV_ITEM)
#undef NAV_ITEM
        h_close(h, "div");
        h_close(h, "nav");
    }
    h_close(h, "header");
    h_open(h, "main", "id", "main", "class", "p-wrap p-main", NULL);
}

void portal_end(struct request *req, struct html *h)
{
    (void)req;
    h_closeto(h, 2); /* main and whatever the page left open in it: html > body > main */
    h_open(h, "footer", "class", "p-foot", NULL);
    h_open(h, "div", "class", "p-wrap", NULL);
    h_elem(h, "p",
           "本网站公开的行政执法信息依据《中华人民共和国行政处罚法》《中华人民共和国政府信息公开条例》"
           "发布。涉及个人的信息已按规定隐去。",
           NULL);
    h_open(h, "p", NULL);
    h_elem(h, "a", "政务公开首页", "href", "/", NULL);
    h_text(h, " · ");
    h_elem(h, "a", "工作人员登录", "href", "/app/signin", NULL);
    h_close(h, "p");
    h_close(h, "div");
    h_close(h, "footer");
    h_closeto(h, 0);
}

/* The subdistricts under a district, by name. */
static void subdistrict_links(struct request *req, struct html *h, int64_t district)
{
    stmt *st = db_prepare(req->db, "SELECT code, name FROM orgs WHERE parent_id = ? AND kind = "
                                   "'subdistrict' ORDER BY code");
    if (!st)
        return;
    db_bind_int(st, 1, district);
    h_open(h, "ul", "class", "p-tiles", NULL);
    while (db_step(st) == DB_ROW) {
        struct org o = {.code = db_col_text(st, 0)};
        h_open(h, "li", NULL);
        h_open(h, "a", "href", portal_href(req, &o, ""), NULL);
        h_elem(h, "strong", db_col_text(st, 1), NULL);
        h_elem(h, "span", "行政执法公示 · 政府信息公开", NULL);
        h_close(h, "a");
        h_close(h, "li");
    }
    h_close(h, "ul");
    db_done(st);
}

void portal_home(struct request *req, struct response *r)
{
    struct html h;
    portal_begin(req, r, &h, NULL, "首页", "home");
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "h1", "政务公开", NULL);
    h_elem(&h, "p",
           "在这里可以查看各街道的行政执法主体、执法人员、执法事项和裁量基准，查询已公开的行政处罚决定，"
           "核验执法人员的证件，并申请政府信息公开。请选择所在的街道。",
           "class", "lead", NULL);
    h_close(&h, "section");
    stmt *st = db_prepare(req->db, "SELECT id, code, name FROM orgs WHERE kind = 'district' "
                                   "ORDER BY code");
    if (!st) {
        portal_end(req, &h);
        return;
    }
    while (db_step(st) == DB_ROW) {
        struct org d = {.id = db_col_int(st, 0), .code = db_col_text(st, 1)};
        h_open(&h, "section", "class", "p-card", NULL);
        h_open(&h, "h2", NULL);
        h_elem(&h, "a", db_col_text(st, 2), "href", portal_href(req, &d, ""), NULL);
        h_close(&h, "h2");
        subdistrict_links(req, &h, d.id);
        h_close(&h, "section");
    }
    db_done(st);
    portal_end(req, &h);
}

static void district_page(struct request *req, struct response *r, const struct org *o)
{
    struct html h;
    portal_begin(req, r, &h, o, "辖区街道", "home");
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "h1", arena_printf(req->a, "%s所辖街道", o->name), NULL);
    h_elem(&h, "p", "各街道的行政执法公示和政府信息公开分别在其公开页面发布。", "class", "lead",
           NULL);
    subdistrict_links(req, &h, o->id);
    h_close(&h, "section");
    portal_end(req, &h);
}

/* A tile of the home page: a section, what it holds, and its count. */
static void tile(struct request *req, struct html *h, const struct org *o, const char *suffix,
                 const char *title, const char *about, int n, const char *unit)
{
    h_open(h, "li", NULL);
    h_open(h, "a", "href", portal_href(req, o, suffix), NULL);
    h_elem(h, "strong", title, NULL);
    h_elem(h, "span", about, NULL);
    if (unit)
        h_elem(h, "em", arena_printf(req->a, "%d %s", n, unit), NULL);
    h_close(h, "a");
    h_close(h, "li");
}

void portal_org_home(struct request *req, struct response *r)
{
    struct org o;
    if (!portal_org(req, r, 1, &o))
        return;
    if (o.kind == ORG_DISTRICT) {
        district_page(req, r, &o);
        return;
    }
    struct ctx *c = &req->ctx;
    char today[11];
    date_format(c->today, today);
    /* in force today: valid from on or before it, until on or after it */
    int64_t officers = 0, matters = 0;
    if (query_count(c, "SELECT COUNT(*) FROM certificates WHERE org_id = ? AND status = 'active' "
                       "AND valid_from <= ? AND valid_until >= ?",
                    o.id, today, today, &officers) ||
        query_count(c, "SELECT COUNT(*) FROM matters WHERE org_id = ? AND effective_from <= ? AND "
                       "(effective_to IS NULL OR effective_to >= ?)",
                    o.id, today, today, &matters))
        officers = matters = 0;
    struct decision_filter f = {.limit = 5};
    struct public_decision *d;
    int n, total;
    fz_err e = public_decisions(c, o.id, &f, &d, &n, &total);
    struct html h;
    portal_begin(req, r, &h, &o, "首页", "home");
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "h1", arena_printf(req->a, "%s政务公开", o.name), NULL);
    h_elem(&h, "p",
           "本页公开本街道行政执法的主体、人员、事项、依据和程序，以及作出的行政处罚决定。"
           "执法人员上门时，可以扫描其执法证上的二维码核验身份。",
           "class", "lead", NULL);
    h_open(&h, "ul", "class", "p-tiles", NULL);
    tile(req, &h, &o, "/officers", "执法主体与人员", "持有效执法证的人员及证件信息", (int)officers,
         "名");
    tile(req, &h, &o, "/matters", "执法事项", "可以实施的行政处罚事项、依据和裁量基准", (int)matters,
         "项");
    tile(req, &h, &o, "/procedures", "程序与救济", "执法程序、陈述申辩和听证、复议诉讼和投诉",
         0, NULL);
    tile(req, &h, &o, "/decisions", "处罚决定公开", "作出的行政处罚决定，可按日期、事项查询",
         e ? 0 : total, "件");
    int64_t items_total = 0;
    struct proactive_item *items;
    size_t nitems;
    if (disclosure_list_published(c, o.id, NULL, 1, 1, &items, &nitems, &items_total))
        items_total = 0;
    tile(req, &h, &o, "/items", "主动公开", "规范性文件、规划计划、办事服务、民生政策等",
         (int)items_total, "条");
    tile(req, &h, &o, "/apply", "依申请公开", "在线申请政府信息公开，凭查询码查询进度和答复", 0,
         NULL);
    tile(req, &h, &o, "/digest", "记录校验", "执法记录的每日哈希摘要，防止事后篡改", 0, NULL);
    h_close(&h, "ul");
    h_close(&h, "section");
    h_open(&h, "section", "class", "p-card", NULL);
    h_open(&h, "div", "class", "p-card-head", NULL);
    h_elem(&h, "h2", "最新公开的处罚决定", NULL);
    h_elem(&h, "a", "全部", "href", portal_href(req, &o, "/decisions"), NULL);
    h_close(&h, "div");
    if (e)
        h_elem(&h, "p", "暂时无法读取，请稍后再试。", "class", "muted", NULL);
    else if (n == 0)
        h_elem(&h, "p", "暂无公开的处罚决定。", "class", "muted", NULL);
    else
        portal_decision_rows(req, &h, &o, d, n);
    h_close(&h, "section");
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "h2", "法治政府建设年度报告", NULL);
    int years[20];
    int ny = report_published_years(c, o.id, years, 20);
    if (ny == 0)
        h_elem(&h, "p", "本街道尚未公开年度报告。", "class", "muted", NULL);
    h_open(&h, "ul", "class", "p-plain", NULL);
    for (int i = 0; i < ny; i++) {
        h_open(&h, "li", NULL);
        h_elem(&h, "a", arena_printf(req->a, "%s%d年法治政府建设年度报告", o.name, years[i]),
               "href", portal_href(req, &o, arena_printf(req->a, "/reports/%d", years[i])), NULL);
        h_close(&h, "li");
    }
    h_close(&h, "ul");
    h_close(&h, "section");
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "h2", "其他公开栏目", NULL);
    h_open(&h, "ul", "class", "p-plain", NULL);
    static const char *const pending[] = {"重大行政决策事项目录和征求意见",
                                          "普法责任清单和学法清单"};
    for (size_t i = 0; i < sizeof pending / sizeof pending[0]; i++) {
        h_open(&h, "li", NULL);
        h_text(&h, pending[i]);
        h_elem(&h, "span", "本街道尚未发布", "class", "muted", NULL);
        h_close(&h, "li");
    }
    h_close(&h, "ul");
    h_close(&h, "section");
    portal_end(req, &h);
}

/* GET /p/<code>/reports/<year>: a published yearly report, as the document to read and print
 * (the figures as they were sent; no links into the staff app). */
void portal_report(struct request *req, struct response *r)
{
    struct org o;
    if (!portal_org(req, r, 1, &o))
        return;
    char *end;
    long year = strtol(req->seg[3], &end, 10);
    struct report_doc d;
    fz_err e = *end || year < 2019 || year > 2100 ? FZ_ENOTFOUND
                                                   : report_doc_public(&req->ctx, o.id, (int)year, &d);
    if (!e)
        e = report_render_public(&d, portal_href(req, &o, ""), req->a, &r->body);
    if (e) {
        buf_reset(&r->body);
        if (e == FZ_ENOTFOUND)
            portal_error(req, r, &o, 404, "没有这一年度已公开的报告。");
        else
            http_error(req, r, e, NULL);
        return;
    }
    r->status = 200;
    r->content_type = "text/html; charset=utf-8";
    resp_header(r, "Cache-Control", "public, max-age=60");
    /* the document's style sheet is inline, and it holds nothing else of its own */
    resp_header(r, "Content-Security-Policy", REPORT_HTML_CSP);
}
