/* pdfdraw.c — pdfdoc's layout over cairo's PDF surface and pangocairo (pdfdraw.h): plays a
 * recorded document (docs/pdfdoc.c) one operation at a time.
 *
 * Geometry follows GB/T 9704 (党政机关公文格式) loosely: A4, type area 156 × 225 mm, 16 pt
 * body on a fixed pitch of 225 mm / 22 lines, so a full page holds 22 lines of about 28
 * characters; the page number sits 7 mm below the type area. Every line of a paragraph is
 * placed by hand on that pitch, which is what makes page breaks exact. */
#include "docs/pdfdraw.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"
#include "core/arena.h"
#include "docs/pdfdoc.h"
#include "core/banned.h"

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define LEFT (28.0 * MM)
#define RIGHT (PAGE_W - 26.0 * MM)
#define TOP (37.0 * MM)
#define BOTTOM (PAGE_H - 35.0 * MM)
#define WIDTH (RIGHT - LEFT)
#define BODY_PT 16.0
#define PITCH ((225.0 * MM) / 22.0)
#define TITLE_PT 22.0
#define TITLE_PITCH (TITLE_PT * 1.6)
#define TABLE_PT 14.0
#define LABEL_W (40.0 * MM)
#define CELL_PAD_X (2.0 * MM)
#define CELL_PAD_Y (2.0 * MM)
/* No FangSong face is installed with the platform's packages (fonts-noto-cjk): the body
 * takes the serif CJK face, closer to 仿宋 than the sans one; the title its bold weight. */
#define FONT_BODY "Noto Serif CJK SC"
#define FONT_TITLE "Noto Serif CJK SC Bold"
#define FONT_PAGE_NUMBER "Noto Serif CJK SC"

struct pdfdraw {
    cairo_surface_t *surface;
    cairo_t *cr;
    buf out;
    double y;       /* the top of the next line slot, in points */
    int page;       /* 1-based */
    bool page_used; /* something was drawn on the current page */
    PangoFontDescription *body, *bold, *title, *table, *pageno;
};

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
    buf *b = closure;
    buf_put(b, data, len);
    return b->err ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static PangoFontDescription *font(const char *family, double pt)
{
    PangoFontDescription *f = pango_font_description_from_string(family);
    /* absolute: in the surface's units, which are points (a plain size would be read at
     * pangocairo's 96 dpi and come out a third larger) */
    pango_font_description_set_absolute_size(f, pt * PANGO_SCALE);
    return f;
}

static void end(struct pdfdraw *d);

static struct pdfdraw *start(const char *title, const char *created)
{
    struct pdfdraw *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    buf_init(&d->out, BUF_DEFAULT_MAX);
    d->surface = cairo_pdf_surface_create_for_stream(write_out, &d->out, PAGE_W, PAGE_H);
    if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
        end(d);
        return NULL;
    }
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "fazhi");
    /* fixed dates: the same input gives the same bytes */
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_MOD_DATE, created);
    d->cr = cairo_create(d->surface);
    d->body = font(FONT_BODY, BODY_PT);
    d->bold = font(FONT_TITLE, BODY_PT);
    d->title = font(FONT_TITLE, TITLE_PT);
    d->table = font(FONT_BODY, TABLE_PT);
    d->pageno = font(FONT_PAGE_NUMBER, 14.0);
    d->page = 1;
    d->y = TOP;
    return d;
}

static void end(struct pdfdraw *d)
{
    if (!d)
        return;
    if (d->cr)
        cairo_destroy(d->cr);
    if (d->surface)
        cairo_surface_destroy(d->surface);
    PangoFontDescription *fonts[] = {d->body, d->bold, d->title, d->table, d->pageno};
    for (size_t i = 0; i < sizeof fonts / sizeof fonts[0]; i++)
        if (fonts[i])
            pango_font_description_free(fonts[i]);
    buf_release(&d->out);
    free(d);
}

/* ---- pages ------------------------------------------------------------------------------- */

static PangoLayout *layout(struct pdfdraw *d, const PangoFontDescription *f, double width)
{
    PangoLayout *l = pango_cairo_create_layout(d->cr);
    pango_layout_set_font_description(l, f);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    return l;
}

/* "— N —" centred 7 mm below the type area. */
static void page_number(struct pdfdraw *d)
{
    char text[32];
    snprintf(text, sizeof text, "— %d —", d->page);
    PangoLayout *l = layout(d, d->pageno, WIDTH);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    pango_layout_set_text(l, text, -1);
    cairo_move_to(d->cr, LEFT, BOTTOM + 7.0 * MM);
    pango_cairo_show_layout(d->cr, l);
    g_object_unref(l);
}

static void new_page(struct pdfdraw *d)
{
    page_number(d);
    cairo_show_page(d->cr);
    d->page++;
    d->y = TOP;
    d->page_used = false;
}

static void draw_keep(struct pdfdraw *d, double mm)
{
    if (d->page_used && d->y + mm * MM > BOTTOM)
        new_page(d);
}

/* A chart the full text width wide and height_mm high, on a new page if it does not fit on
 * this one. */
static void draw_chart(struct pdfdraw *d, double height_mm, const struct chart *c)
{
    double h = height_mm * MM;
    if (d->page_used && d->y + h > BOTTOM)
        new_page(d);
    cairo_save(d->cr);
    cairo_translate(d->cr, LEFT, d->y);
    chart_draw(d->cr, c, WIDTH, h);
    cairo_restore(d->cr);
    d->y += h;
    d->page_used = true;
}

static void draw_space(struct pdfdraw *d, double mm)
{
    d->y += mm * MM;
}

/* Places the lines of l one slot of pitch each, breaking pages between lines. size is the
 * font's size, for the baseline within the slot. */
static void place_lines(struct pdfdraw *d, PangoLayout *l, double pitch, double size)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        if (d->y + pitch > BOTTOM + 0.5 && d->page_used)
            new_page(d);
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        /* CJK glyphs sit about 0.88 em above the baseline and 0.12 em below: their middle is
         * 0.38 em above it, put at the slot's middle */
        double baseline = d->y + pitch / 2 + 0.38 * size;
        cairo_move_to(d->cr, LEFT + (double)logical.x / PANGO_SCALE, baseline);
        pango_cairo_show_layout_line(d->cr, line);
        d->y += pitch;
        d->page_used = true;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static void draw_title(struct pdfdraw *d, const char *text)
{
    PangoLayout *l = layout(d, d->title, WIDTH);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    pango_layout_set_text(l, text, -1);
    place_lines(d, l, TITLE_PITCH, TITLE_PT);
    g_object_unref(l);
    d->y += PITCH * 0.5; /* a half line before the body */
}

static void draw_line(struct pdfdraw *d, enum pdf_align align, const char *text)
{
    PangoLayout *l = layout(d, d->body, WIDTH);
    pango_layout_set_alignment(l, align == PDF_CENTER  ? PANGO_ALIGN_CENTER
                                  : align == PDF_RIGHT ? PANGO_ALIGN_RIGHT
                                                       : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l, text, -1);
    place_lines(d, l, PITCH, BODY_PT);
    g_object_unref(l);
}

static void draw_para(struct pdfdraw *d, const char *lead, const char *text)
{
    PangoLayout *l = layout(d, d->body, WIDTH);
    pango_layout_set_indent(l, (int)(2 * BODY_PT * PANGO_SCALE));
    pango_layout_set_justify(l, TRUE);
    size_t nl = lead ? strlen(lead) : 0;
    char *all = malloc(nl + strlen(text) + 1);
    if (!all) {
        g_object_unref(l);
        return;
    }
    memcpy(all, lead ? lead : "", nl);
    memcpy(all + nl, text, strlen(text) + 1);
    pango_layout_set_text(l, all, -1);
    if (nl) {
        PangoAttrList *attrs = pango_attr_list_new();
        PangoAttribute *a = pango_attr_font_desc_new(d->bold);
        a->start_index = 0;
        a->end_index = (guint)nl;
        pango_attr_list_insert(attrs, a);
        pango_layout_set_attributes(l, attrs);
        pango_attr_list_unref(attrs);
    }
    free(all);
    place_lines(d, l, PITCH, BODY_PT);
    g_object_unref(l);
}

/* ---- tables ------------------------------------------------------------------------------ */

static double text_height(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void draw_table(struct pdfdraw *d, const char *const *labels, const char *const *values,
                       size_t n, double min_mm)
{
    cairo_t *cr = d->cr;
    double value_w = WIDTH - LABEL_W;
    for (size_t i = 0; i < n; i++) {
        PangoLayout *lab = layout(d, d->table, LABEL_W - 2 * CELL_PAD_X);
        pango_layout_set_alignment(lab, PANGO_ALIGN_CENTER);
        pango_layout_set_text(lab, labels[i], -1);
        PangoLayout *val = layout(d, d->table, value_w - 2 * CELL_PAD_X);
        pango_layout_set_spacing(val, (int)(TABLE_PT * 0.3 * PANGO_SCALE));
        pango_layout_set_text(val, values[i] ? values[i] : "", -1);
        double hl = text_height(lab), hv = text_height(val);
        double h = (hl > hv ? hl : hv) + 2 * CELL_PAD_Y;
        if (h < min_mm * MM)
            h = min_mm * MM;
        if (d->y + h > BOTTOM && d->page_used)
            new_page(d);
        /* the label's cell shaded, then both cells' borders */
        cairo_set_source_rgb(cr, 0.94, 0.94, 0.94);
        cairo_rectangle(cr, LEFT, d->y, LABEL_W, h);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 0.8);
        cairo_rectangle(cr, LEFT, d->y, LABEL_W, h);
        cairo_rectangle(cr, LEFT + LABEL_W, d->y, value_w, h);
        cairo_stroke(cr);
        cairo_move_to(cr, LEFT + CELL_PAD_X, d->y + (h - hl) / 2);
        pango_cairo_show_layout(cr, lab);
        cairo_move_to(cr, LEFT + LABEL_W + CELL_PAD_X, d->y + (h - hv) / 2);
        pango_cairo_show_layout(cr, val);
        g_object_unref(lab);
        g_object_unref(val);
        d->y += h;
        d->page_used = true;
    }
    d->y += PITCH * 0.5;
}

/* ---- the end ----------------------------------------------------------------------------- */

/* The last page's number, then the whole document into out. */
static fz_err finish(struct pdfdraw *d, buf *out)
{
    page_number(d);
    cairo_show_page(d->cr);
    cairo_destroy(d->cr);
    d->cr = NULL;
    cairo_surface_finish(d->surface);
    bool ok = cairo_surface_status(d->surface) == CAIRO_STATUS_SUCCESS && !d->out.err;
    cairo_surface_destroy(d->surface);
    d->surface = NULL;
    if (!ok)
        return FZ_EINTERNAL;
    buf_put(out, d->out.p, d->out.len);
    return out->err ? FZ_EINTERNAL : FZ_OK;
}

/* ---- playing a record -------------------------------------------------------------------- */

/* The i-th element of op as text (NULL for null when nullable); false when it is not one. */
static bool arg_text(const json_t *op, size_t i, bool nullable, const char **out)
{
    const json_t *j = json_array_get(op, i);
    *out = json_string_value(j);
    return *out || (nullable && json_is_null(j));
}

static bool arg_number(const json_t *op, size_t i, double *out)
{
    const json_t *j = json_array_get(op, i);
    *out = json_number_value(j);
    return json_is_number(j);
}

static fz_err play_title(struct pdfdraw *d, const json_t *op, arena *a)
{
    (void)a;
    const char *text;
    if (!arg_text(op, 1, false, &text))
        return FZ_EINVAL;
    draw_title(d, text);
    return FZ_OK;
}

static fz_err play_line(struct pdfdraw *d, const json_t *op, arena *a)
{
    (void)a;
    const json_t *align = json_array_get(op, 1);
    const char *text;
    if (!json_is_integer(align) || json_integer_value(align) < PDF_LEFT ||
        json_integer_value(align) > PDF_RIGHT || !arg_text(op, 2, false, &text))
        return FZ_EINVAL;
    draw_line(d, (enum pdf_align)json_integer_value(align), text);
    return FZ_OK;
}

static fz_err play_para(struct pdfdraw *d, const json_t *op, arena *a)
{
    (void)a;
    const char *text;
    if (!arg_text(op, 1, false, &text))
        return FZ_EINVAL;
    draw_para(d, NULL, text);
    return FZ_OK;
}

static fz_err play_lead(struct pdfdraw *d, const json_t *op, arena *a)
{
    (void)a;
    const char *lead, *text;
    if (!arg_text(op, 1, true, &lead) || !arg_text(op, 2, false, &text))
        return FZ_EINVAL;
    draw_para(d, lead, text);
    return FZ_OK;
}

static fz_err play_space(struct pdfdraw *d, const json_t *op, arena *a)
{
    (void)a;
    double mm;
    if (!arg_number(op, 1, &mm))
        return FZ_EINVAL;
    draw_space(d, mm);
    return FZ_OK;
}

static fz_err play_keep(struct pdfdraw *d, const json_t *op, arena *a)
{
    (void)a;
    double mm;
    if (!arg_number(op, 1, &mm))
        return FZ_EINVAL;
    draw_keep(d, mm);
    return FZ_OK;
}

static fz_err play_table(struct pdfdraw *d, const json_t *op, arena *a)
{
    double min_mm;
    const json_t *labels = json_array_get(op, 2), *values = json_array_get(op, 3);
    size_t n = json_array_size(labels);
    if (!arg_number(op, 1, &min_mm) || !json_is_array(labels) || !json_is_array(values) ||
        json_array_size(values) != n)
        return FZ_EINVAL;
    const char **l = arena_calloc(a, n + 1, sizeof *l), **v = arena_calloc(a, n + 1, sizeof *v);
    for (size_t i = 0; i < n; i++)
        if (!arg_text(labels, i, false, &l[i]) || !arg_text(values, i, true, &v[i]))
            return FZ_EINVAL;
    draw_table(d, l, v, n, min_mm);
    return FZ_OK;
}

static fz_err play_chart(struct pdfdraw *d, const json_t *op, arena *a)
{
    double height_mm;
    struct chart c;
    if (!arg_number(op, 1, &height_mm) || chart_from_json(json_array_get(op, 2), a, &c))
        return FZ_EINVAL;
    draw_chart(d, height_mm, &c);
    return FZ_OK;
}

static const struct pdf_op {
    const char *name;
    size_t nargs;
    fz_err (*play)(struct pdfdraw *d, const json_t *op, arena *a);
} pdf_ops[] = {
    {"title", 1, play_title}, {"line", 2, play_line},   {"para", 1, play_para},
    {"lead", 2, play_lead},   {"space", 1, play_space}, {"keep", 1, play_keep},
    {"table", 3, play_table}, {"chart", 2, play_chart},
};

static fz_err play(struct pdfdraw *d, const json_t *op, arena *a)
{
    const char *name = json_string_value(json_array_get(op, 0));
    for (size_t i = 0; name && i < sizeof pdf_ops / sizeof pdf_ops[0]; i++)
        if (strcmp(name, pdf_ops[i].name) == 0)
            return json_array_size(op) == pdf_ops[i].nargs + 1 ? pdf_ops[i].play(d, op, a)
                                                               : FZ_EINVAL;
    return FZ_EINVAL;
}

fz_err pdfdraw_play(const json_t *doc, buf *out)
{
    const char *title = json_string_value(json_object_get(doc, "title"));
    const char *created = json_string_value(json_object_get(doc, "created"));
    const json_t *ops = json_object_get(doc, "ops");
    if (!title || !created || !json_is_array(ops))
        return FZ_EINVAL;
    struct pdfdraw *d = start(title, created);
    if (!d)
        return FZ_EINTERNAL;
    arena *a = arena_new();
    fz_err e = FZ_OK;
    for (size_t i = 0; !e && i < json_array_size(ops); i++)
        e = play(d, json_array_get(ops, i), a);
    if (!e)
        e = finish(d, out);
    end(d);
    arena_free(a);
    return e;
}
