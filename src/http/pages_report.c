/* pages_report.c — a yearly rule-of-law report as a whole document in the staff app
 * (modules/report/report.h): the narrative in the required outline and, under 主要工作及成效,
 * the year's figures counted from the records when the page is read, each linking to the
 * records behind it; with the document's downloads. */
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "http/layout.h"
#include "modules/report/report.h"
#include "modules/report/report_out.h"
#include "core/banned.h"

/* The figures of one area, counted (or kept), each linking to its records. */
static void figures(struct html *h, const struct report_doc *d, const char *area)
{
    h_open(h, "ul", "class", "report-figures", NULL);
    for (int i = 0; i < d->nfigures; i++) {
        const struct report_figure *f = &d->figures[i];
        if (strcmp(f->area, area) != 0)
            continue;
        h_open(h, "li", NULL);
        h_text(h, f->label);
        h_text(h, "：");
        if (f->href)
            h_elem(h, "a", f->value, "href", f->href, NULL);
        else
            h_elem(h, "strong", f->value, NULL);
        h_close(h, "li");
    }
    h_close(h, "ul");
}

/* The report's id from /app/annual_reports/<id>/…, built as the actor may see it; false with
 * the error page written. */
static bool load(struct request *req, struct response *r, struct report_doc *d)
{
    int64_t id;
    fz_err e = parse_id(req->seg[2], &id) ? report_doc_build(&req->ctx, id, d) : FZ_ENOTFOUND;
    if (e)
        http_error(req, r, e, e == FZ_ENOTFOUND ? "没有这份报告，或您无权查看" : NULL);
    return !e;
}

void page_report_document(struct request *req, struct response *r)
{
    struct report_doc d;
    if (!load(req, r, &d))
        return;
    struct html h;
    page_begin(req, r, &h, d.title, "annual_reports");
    h_open(&h, "nav", "class", "crumbs", NULL);
    h_elem(&h, "a", "返回报告", "href", arena_printf(req->a, "/app/annual_reports/%lld", (long long)d.id),
           NULL);
    h_close(&h, "nav");
    h_open(&h, "p", "class", "record-pages", NULL);
    for (int f = 0; f < REPORT_FORMATS; f++)
        if (f != REPORT_HTML)
            h_elem(&h, "a", arena_printf(req->a, "下载 %s", report_format_label((enum report_format)f)),
                   "href",
                   arena_printf(req->a, "/app/annual_reports/%lld/document.%s", (long long)d.id,
                                report_format_ext((enum report_format)f)),
                   "class", "button", NULL);
    h_close(&h, "p");
    h_open(&h, "article", "class", "card report-document", NULL);
    h_elem(&h, "h1", d.title, NULL);
    h_elem(&h, "p",
           arena_printf(req->a, "状态：%s　报送期限：%s　公开期限：%s", d.status_label,
                        show_date(req, d.submit_due), show_date(req, d.publish_due)),
           "class", "muted", NULL);
    h_elem(&h, "p", d.opening, NULL);
    h_notice(&h, "info",
             d.figures_of ? arena_printf(req->a, "各部分的数字为%s报送时系统统计的数字，随报告保存，"
                                                 "之后记录的变化不影响本报告；点击可查看对应记录的现状。",
                                         show_date(req, d.figures_of))
                          : "各部分的数字在阅读时由系统从各项记录统计，点击可查看对应记录；报送时将随"
                            "报告保存。");
    for (int i = 0; i < d.nparts; i++) {
        const struct report_part *p = &d.parts[i];
        h_elem(&h, p->level == 1 ? "h2" : "h3", p->heading, NULL);
        if (p->area)
            figures(&h, &d, p->area);
        if (!p->nparagraphs && !p->area)
            h_elem(&h, "p", "（尚未撰写）", "class", "muted", NULL);
        for (int k = 0; k < p->nparagraphs; k++)
            h_elem(&h, "p", p->paragraphs[k], NULL);
    }
    h_close(&h, "article");
    page_end(req, &h);
}

/* GET /app/annual_reports/<id>/document.<ext>: the document as a file. */
void page_report_file(struct request *req, struct response *r)
{
    const char *name = req->seg[3];
    const char *dot = strrchr(name, '.');
    int f = dot ? report_format_parse(dot + 1) : -1;
    struct report_doc d;
    if (f < 0 || strncmp(name, "document.", 9) != 0) {
        http_error(req, r, FZ_ENOTFOUND, NULL);
        return;
    }
    if (!load(req, r, &d))
        return;
    fz_err e = report_render(&d, (enum report_format)f, req->a, &r->body);
    if (e) {
        buf_reset(&r->body);
        http_error(req, r, e, "暂时无法生成文件，请稍后重试");
        return;
    }
    r->status = 200;
    r->content_type = report_format_mime((enum report_format)f);
    const char *ext = report_format_ext((enum report_format)f);
    resp_attachment(req, r,
                    arena_printf(req->a, "annual-report-%s-%d.%s", d.org_code, d.year, ext),
                    arena_printf(req->a, "%s.%s", d.title, ext));
    resp_header(r, "Cache-Control", "no-store");
}
