/* report_out.c — a yearly report's document as HTML or DOCX (report_out.h). Both follow the
 * usual look of a Chinese official document: the title centred in a 宋体-like bold face, the
 * body in a 仿宋-like face with a two-character first-line indent, headings of the outline
 * in 黑体, page numbers at the foot (DOCX). */
#include "modules/report/report_out.h"

#include <string.h>

#include <stdlib.h>

#include "chart/chart.h"
#include "core/zip.h"
#include "docs/pdfdoc.h"
#include "core/banned.h"

static const struct {
    const char *ext, *label, *mime;
} formats[REPORT_FORMATS] = {
    [REPORT_HTML] = {"html", "网页（HTML）", "text/html; charset=utf-8"},
    [REPORT_DOCX] = {"docx", "Word 文档（DOCX）",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    [REPORT_PDF] = {"pdf", "PDF", "application/pdf"},
};

int report_format_parse(const char *s)
{
    for (int i = 0; s && i < REPORT_FORMATS; i++)
        if (strcmp(s, formats[i].ext) == 0)
            return i;
    return -1;
}

const char *report_format_ext(enum report_format f)
{
    return formats[f].ext;
}

const char *report_format_label(enum report_format f)
{
    return formats[f].label;
}

const char *report_format_mime(enum report_format f)
{
    return formats[f].mime;
}

/* The figures of an area as one sentence: "行政处罚案件 26 件（…）；作出行政处罚决定 16 件…"
 * (lists that a chart shows, in the PDF, left out when skip_lists). NULL when it has none. */
static const char *area_sentence(const struct report_doc *d, const char *area, bool skip_lists,
                                 arena *a)
{
    buf b;
    buf_init(&b, 0);
    for (int i = 0; i < d->nfigures; i++) {
        const struct report_figure *f = &d->figures[i];
        if (strcmp(f->area, area) != 0 || (skip_lists && strstr(f->value, "、")))
            continue;
        buf_printf(&b, "%s%s %s", b.len ? "；" : "", f->label, f->value);
    }
    const char *s = b.len ? arena_printf(a, "%.*s。", (int)b.len, b.p) : NULL;
    buf_release(&b);
    return s;
}

/* ---- HTML ------------------------------------------------------------------------------- */

static void html(const struct report_doc *d, arena *a, buf *b, const char *back)
{
    buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>");
    buf_put_html(b, d->title);
    buf_puts(b, "</title><style>"
                "@page{size:A4;margin:37mm 26mm 35mm 28mm}"
                "body{max-width:156mm;margin:2em auto;font:16pt/1.75 \"FangSong\",\"仿宋\","
                "\"STFangsong\",\"Noto Serif CJK SC\",serif;color:#000}"
                "h1{font:bold 22pt/1.5 \"SimSun\",\"宋体\",\"Noto Serif CJK SC\",serif;"
                "text-align:center;margin:0 0 1em}"
                "h2{font:16pt/1.75 \"SimHei\",\"黑体\",\"Noto Sans CJK SC\",sans-serif;"
                "margin:.6em 0 .2em;text-indent:2em}"
                "h3{font:16pt/1.75 \"KaiTi\",\"楷体\",\"Noto Serif CJK SC\",serif;"
                "margin:.3em 0 0;text-indent:2em}"
                "p{margin:0;text-indent:2em}.fig b{font-weight:normal;font-family:\"KaiTi\","
                "\"楷体\",serif}nav{font:12pt sans-serif;margin-bottom:1em}"
                "@media print{nav{display:none}}</style></head><body>\n");
    if (back) {
        buf_puts(b, "<nav><a href=\"");
        buf_put_html(b, back);
        buf_puts(b, "\">‹ 返回政务公开</a></nav>\n");
    }
    buf_puts(b, "<h1>");
    buf_put_html(b, d->title);
    buf_puts(b, "</h1>\n<p>");
    buf_put_html(b, d->opening);
    buf_puts(b, "</p>\n");
    for (int i = 0; i < d->nparts; i++) {
        const struct report_part *p = &d->parts[i];
        buf_puts(b, p->level == 1 ? "<h2>" : "<h3>");
        buf_put_html(b, p->heading);
        buf_puts(b, p->level == 1 ? "</h2>\n" : "</h3>\n");
        const char *fig = p->area ? area_sentence(d, p->area, false, a) : NULL;
        if (fig) {
            buf_puts(b, "<p class=\"fig\">");
            buf_put_html(b, fig);
            buf_puts(b, "</p>\n");
        }
        for (int k = 0; k < p->nparagraphs; k++) {
            buf_puts(b, "<p>");
            buf_put_html(b, p->paragraphs[k]);
            buf_puts(b, "</p>\n");
        }
    }
    buf_puts(b, "</body></html>\n");
}

/* ---- DOCX ------------------------------------------------------------------------------- */

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

enum para_style { P_TITLE, P_HEADING, P_SUBHEADING, P_BODY };

static void docx_para(buf *b, enum para_style s, const char *lead, const char *text)
{
    static const char *const ppr[] = {
        [P_TITLE] = "<w:pPr><w:jc w:val=\"center\"/><w:spacing w:after=\"400\"/></w:pPr>",
        [P_HEADING] = "<w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr>",
        [P_SUBHEADING] = "<w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr>",
        [P_BODY] = "<w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr>",
    };
    static const char *const rpr[] = {
        [P_TITLE] = "<w:rPr><w:rFonts w:ascii=\"SimSun\" w:hAnsi=\"SimSun\" w:eastAsia=\"宋体\"/>"
                    "<w:b/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr>",
        [P_HEADING] = "<w:rPr><w:rFonts w:ascii=\"SimHei\" w:hAnsi=\"SimHei\" w:eastAsia=\"黑体\"/>"
                      "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr>",
        [P_SUBHEADING] = "<w:rPr><w:rFonts w:ascii=\"KaiTi\" w:hAnsi=\"KaiTi\" "
                         "w:eastAsia=\"楷体\"/><w:b/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr>",
        [P_BODY] = "<w:rPr><w:rFonts w:ascii=\"FangSong\" w:hAnsi=\"FangSong\" "
                   "w:eastAsia=\"仿宋\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr>",
    };
    buf_puts(b, "<w:p>");
    buf_puts(b, ppr[s]);
    if (lead) {
        buf_puts(b, "<w:r><w:rPr><w:rFonts w:ascii=\"KaiTi\" w:hAnsi=\"KaiTi\" "
                    "w:eastAsia=\"楷体\"/><w:sz w:val=\"32\"/></w:rPr><w:t xml:space=\"preserve\">");
        buf_put_html(b, lead);
        buf_puts(b, "：</w:t></w:r>");
    }
    buf_puts(b, "<w:r>");
    buf_puts(b, rpr[s]);
    buf_puts(b, "<w:t xml:space=\"preserve\">");
    buf_put_html(b, text);
    buf_puts(b, "</w:t></w:r></w:p>");
}

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "</Types>";

static const char package_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

static const char document_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships/footer\" Target=\"footer1.xml\"/></Relationships>";

/* "— N —" centred at the foot of every page */
static const char footer[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<w:ftr " W_NS "><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
    "<w:r><w:rPr><w:sz w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">— </w:t></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
    "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
    "<w:r><w:rPr><w:sz w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\"> —</w:t></w:r>"
    "</w:p></w:ftr>";

static fz_err docx(const struct report_doc *d, arena *a, buf *out)
{
    buf doc;
    buf_init(&doc, 0);
    buf_puts(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document " W_NS
                   " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                   "relationships\"><w:body>");
    docx_para(&doc, P_TITLE, NULL, d->title);
    docx_para(&doc, P_BODY, NULL, d->opening);
    for (int i = 0; i < d->nparts; i++) {
        const struct report_part *p = &d->parts[i];
        docx_para(&doc, p->level == 1 ? P_HEADING : P_SUBHEADING, NULL, p->heading);
        const char *fig = p->area ? area_sentence(d, p->area, false, a) : NULL;
        if (fig)
            docx_para(&doc, P_BODY, NULL, fig);
        for (int k = 0; k < p->nparagraphs; k++)
            docx_para(&doc, P_BODY, NULL, p->paragraphs[k]);
    }
    /* A4, the official margins (37/26/35/28 mm in twips), the footer */
    buf_puts(&doc, "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>"
                   "<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" "
                   "w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\" w:header=\"851\" "
                   "w:footer=\"992\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>");
    struct zip z;
    zip_init(&z, out);
    zip_add(&z, "[Content_Types].xml", content_types, sizeof content_types - 1);
    zip_add(&z, "_rels/.rels", package_rels, sizeof package_rels - 1);
    zip_add(&z, "word/_rels/document.xml.rels", document_rels, sizeof document_rels - 1);
    zip_add(&z, "word/document.xml", doc.p ? doc.p : "", doc.len);
    zip_add(&z, "word/footer1.xml", footer, sizeof footer - 1);
    int rc = doc.err ? -1 : zip_finish(&z);
    buf_release(&doc);
    return rc ? FZ_EINTERNAL : FZ_OK;
}

/* ---- PDF -------------------------------------------------------------------------------- */

/* A figure whose value is a list "1月 3 件、2月 5 件…" as a chart: months make a line, other
 * categories a pie. false when the value is not such a list. */
static bool figure_chart(const struct report_figure *f, arena *a, struct chart *ch,
                         struct chart_series *s)
{
    const char **cats = arena_calloc(a, CHART_MAX_CATEGORIES, sizeof *cats);
    double *vals = arena_calloc(a, CHART_MAX_CATEGORIES, sizeof *vals);
    int n = 0;
    const char *p = f->value;
    while (*p && n < CHART_MAX_CATEGORIES) {
        const char *end = strstr(p, "、");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *item = arena_strndup(a, p, len);
        /* "<category> <number> <unit>" */
        const char *sp = strchr(item, ' ');
        char *num_end = NULL;
        double v = sp ? strtod(sp + 1, &num_end) : -1;
        if (!sp || num_end == sp + 1 || v < 0)
            return false;
        cats[n] = arena_strndup(a, item, (size_t)(sp - item));
        vals[n++] = v;
        p += len;
        if (end)
            p += strlen("、");
    }
    if (n < 2)
        return false;
    bool months = strstr(cats[0], "月") != NULL;
    *s = (struct chart_series){NULL, vals, 0};
    *ch = (struct chart){months ? CHART_LINE : CHART_PIE, f->label, "件", cats, n, s, 1};
    return chart_check(ch) == FZ_OK;
}

static fz_err pdf(const struct report_doc *d, arena *a, buf *out)
{
    struct pdfdoc *p = pdfdoc_new(d->title, "2000-01-01T00:00:00");
    if (!p)
        return FZ_EINTERNAL;
    pdfdoc_title(p, d->title);
    pdfdoc_para(p, d->opening);
    for (int i = 0; i < d->nparts; i++) {
        const struct report_part *part = &d->parts[i];
        pdfdoc_para_lead(p, part->heading, "");
        const char *fig = part->area ? area_sentence(d, part->area, true, a) : NULL;
        if (fig)
            pdfdoc_para(p, fig);
        for (int k = 0; part->area && k < d->nfigures; k++) {
            const struct report_figure *f = &d->figures[k];
            struct chart *ch = arena_calloc(a, 1, sizeof *ch);
            struct chart_series *s = arena_calloc(a, 1, sizeof *s);
            if (strcmp(f->area, part->area) == 0 && figure_chart(f, a, ch, s))
                pdfdoc_chart(p, 70, ch);
        }
        for (int k = 0; k < part->nparagraphs; k++)
            pdfdoc_para(p, part->paragraphs[k]);
    }
    buf done;
    fz_err e = pdfdoc_finish(p, &done);
    pdfdoc_free(p);
    if (e)
        return e;
    buf_put(out, done.p, done.len);
    buf_release(&done);
    return out->err ? FZ_EINTERNAL : FZ_OK;
}

fz_err report_render(const struct report_doc *d, enum report_format f, arena *a, buf *out)
{
    switch (f) {
    case REPORT_HTML:
        html(d, a, out, NULL);
        return out->err ? FZ_EINTERNAL : FZ_OK;
    case REPORT_DOCX:
        return docx(d, a, out);
    case REPORT_PDF:
        return pdf(d, a, out);
    default:
        return FZ_EINVAL;
    }
}

fz_err report_render_public(const struct report_doc *d, const char *back, arena *a, buf *out)
{
    html(d, a, out, back);
    return out->err ? FZ_EINTERNAL : FZ_OK;
}
