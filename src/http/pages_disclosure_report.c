/* pages_disclosure_report.c — the yearly disclosure report's tables in the staff app:
 *   GET /app/reports/disclosure?org=CODE&year=YYYY       HTML tables in the template's order
 *   GET /app/reports/disclosure.xlsx?org=CODE&year=YYYY  the same as an XLSX workbook
 * For a subdistrict (a tenant), and only for users who may read its disclosure requests. */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "engine/access.h"
#include "engine/people.h"
#include "http/disclosure_xlsx.h"
#include "http/handlers.h"
#include "http/layout.h"
#include "modules/disclosure/disclosure.h"
#include "core/banned.h"

#define FIRST_YEAR 2019 /* the 2019 regulations came into force on 15 May 2019 */

/* Reads org and year and computes the report; on a refusal fills r and returns false. */
static bool load(struct request *req, struct response *r, struct gip_annual *rep)
{
    struct ctx *c = &req->ctx;
    int y, m, d;
    date_to_ymd(c->today, &y, &m, &d);
    const char *ys = req_query(req, "year"), *code = req_query(req, "org");
    int year = y;
    if (ys) {
        char *end;
        long v = strtol(ys, &end, 10);
        if (*end || end == ys || v < FIRST_YEAR || v > y) {
            page_error(req, r, 400,
                       arena_printf(req->a, "年份应为 %d 至 %d 之间的整数", FIRST_YEAR, y));
            return false;
        }
        year = (int)v;
    }
    struct org o;
    fz_err e = code && code[0] ? org_by_code(c, code, &o) : org_by_id(c, c->actor->tenant_id, &o);
    /* another tenant's organisation, or one the user may not read, reads as missing */
    if (e || o.id != o.tenant_id ||
        !access_covers(c, entity_disclosure_requests.read_roles, o.id)) {
        page_error(req, r, 404, "未找到该街道，或您无权查看其政府信息公开工作年度报告");
        return false;
    }
    if ((e = gip_annual_compute(c, o.id, year, rep))) {
        page_error(req, r, err_status(e), "暂时无法生成年度报告，请稍后重试");
        return false;
    }
    rep->org_code = arena_strdup(req->a, o.code);
    rep->org_name = arena_strdup(req->a, o.name);
    return true;
}

static void grid_html(struct request *req, struct html *h, const struct gip_grid *g)
{
    (void)req;
    h_elem(h, "h2", g->title, NULL);
    h_open(h, "div", "class", "report-wrap", NULL);
    h_open(h, "table", "class", "report", NULL);
    size_t i = 0;
    for (int row = 0; row < g->rows; row++) {
        h_open(h, "tr", NULL);
        for (; i < g->n && g->cells[i].row == row; i++) {
            const struct gip_cell *c = &g->cells[i];
            const char *rs = c->rowspan > 1 ? arena_printf(req->a, "%d", c->rowspan) : NULL;
            const char *cs = c->colspan > 1 ? arena_printf(req->a, "%d", c->colspan) : NULL;
            h_elem(h, c->header ? "th" : "td", c->text, "rowspan", rs, "colspan", cs, "class",
                   c->bad      ? "num bad"
                   : c->number ? "num"
                               : NULL,
                   NULL);
        }
        h_close(h, "tr");
    }
    h_close(h, "table");
    h_close(h, "div");
}

void page_disclosure_report(struct request *req, struct response *r)
{
    struct gip_annual rep;
    if (!load(req, r, &rep))
        return;
    struct gip_grid grids[GIP_GRIDS];
    gip_annual_grids(&rep, req->a, grids);
    struct html h;
    page_begin(req, r, &h, "政府信息公开工作年度报告", "disclosure_report");
    h_elem(&h, "h1",
           arena_printf(req->a, "%s%d年政府信息公开工作年度报告（统计表）", rep.org_name, rep.year),
           NULL);
    h_open(&h, "form", "method", "get", "action", "/app/reports/disclosure", "class", "filters",
           NULL);
    h_open(&h, "label", NULL);
    h_text(&h, "街道代码");
    h_void(&h, "input", "name", "org", "value", rep.org_code, "maxlength", "40", NULL);
    h_close(&h, "label");
    h_open(&h, "label", NULL);
    h_text(&h, "年度");
    h_void(&h, "input", "type", "number", "name", "year", "value",
           arena_printf(req->a, "%d", rep.year), "min", "2019", NULL);
    h_close(&h, "label");
    h_elem(&h, "button", "查看", "type", "submit", NULL);
    h_close(&h, "form");
    h_open(&h, "p", NULL);
    h_elem(
        &h, "a", "导出 Excel（XLSX）", "class", "button", "href",
        arena_printf(req->a, "/app/reports/disclosure.xlsx?org=%s&year=%d", rep.org_code, rep.year),
        NULL);
    h_close(&h, "p");
    h_elem(
        &h, "p",
        "按国办公开办函〔2021〕30号模板统计，数据来自本系统的主动公开、依申请公开和复议诉讼记录。"
        "依申请公开按收到申请日期计入新收，按答复或终止办理日期计入办理结果；复议诉讼按年底时的结果"
        "统计。",
        "class", "muted", NULL);
    if (rep.check_ok)
        h_elem(&h, "p",
               "表三每一列均满足“本年新收 + 上年结转 = 办理结果总计 + 结转下年度”：每件申请按收到"
               "日期和答复日期各计一次。",
               "class", "muted", NULL);
    else /* a counting error of this program, never the data's */
        h_notice(&h, "error",
                 "表三核对不平：某列“本年新收 + 上年结转”不等于“办理结果总计 + 结转下年度”，"
                 "请检查标红的数字和相关申请记录。");
    h_elem(&h, "h2", "一、总体情况（主动公开）", NULL);
    h_elem(&h, "p",
           arena_printf(req->a, "本年度主动公开政府信息 %lld 条。",
                        (long long)rep.proactive_published),
           NULL);
    for (int i = 0; i < GIP_GRIDS; i++)
        grid_html(req, &h, &grids[i]);
    page_end(req, &h);
}

void page_disclosure_report_xlsx(struct request *req, struct response *r)
{
    struct gip_annual rep;
    if (!load(req, r, &rep))
        return;
    struct gip_grid grids[GIP_GRIDS];
    gip_annual_grids(&rep, req->a, grids);
    const void *data;
    size_t len;
    if (disclosure_xlsx(&rep, grids, req->a, &data, &len)) {
        page_error(req, r, 500, "暂时无法导出 Excel 文件，请稍后重试");
        return;
    }
    r->status = 200;
    r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r->data = data;
    r->data_len = len;
    resp_attachment(req, r, arena_printf(req->a, "disclosure-%s-%d.xlsx", rep.org_code, rep.year),
                    arena_printf(req->a, "%s%d年政府信息公开年报.xlsx", rep.org_name, rep.year));
    resp_header(r, "Cache-Control", "no-store");
}
