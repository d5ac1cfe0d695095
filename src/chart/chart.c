/* chart.c — bar, line and pie charts with cairo and pango (chart.h). One drawing routine per
 * kind over a cairo context; the surfaces (SVG, PNG) only decide where it goes. */
#include "chart/chart.h"

#include <cairo-svg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/banned.h"

#define FONT "Noto Sans CJK SC"

/* The palette: readable on white, distinct in print. */
static const double palette[][3] = {
    {0.043, 0.239, 0.569}, /* blue */
    {0.753, 0.086, 0.114}, /* red */
    {0.090, 0.400, 0.227}, /* green */
    {0.878, 0.627, 0.125}, /* amber */
    {0.380, 0.290, 0.600}, /* violet */
    {0.337, 0.376, 0.439}, /* grey */
};
#define NPALETTE (sizeof palette / sizeof palette[0])

fz_err chart_check(const struct chart *c)
{
    if (!c || c->ncategories < 1 || c->ncategories > CHART_MAX_CATEGORIES || c->nseries < 1 ||
        c->nseries > CHART_MAX_SERIES || !c->categories || !c->series)
        return FZ_EINVAL;
    for (int s = 0; s < c->nseries; s++) {
        if (!c->series[s].values)
            return FZ_EINVAL;
        for (int i = 0; i < c->ncategories; i++)
            if (!isfinite(c->series[s].values[i]) || c->series[s].values[i] < 0)
                return FZ_EINVAL;
    }
    return FZ_OK;
}

static void colour(cairo_t *cr, int i)
{
    const double *p = palette[(size_t)i % NPALETTE];
    cairo_set_source_rgb(cr, p[0], p[1], p[2]);
}

/* Text at (x, y); align 0 left, 0.5 centre, 1 right of x; y is the top. Returns its width. */
static double text(cairo_t *cr, const char *s, double size, bool bold, double x, double y,
                   double align)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(FONT);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_text(l, s ? s : "", -1);
    int w, h;
    pango_layout_get_pixel_size(l, &w, &h);
    cairo_move_to(cr, x - align * w, y);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
    return w;
}

/* A round step for an axis up to max: 1, 2 or 5 times a power of ten, about 5 lines. */
static double axis_step(double max)
{
    if (max <= 0)
        return 1;
    double raw = max / 5, p = pow(10, floor(log10(raw)));
    double m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

static void number_text(char out[32], double v)
{
    if (fabs(v - round(v)) < 1e-9)
        snprintf(out, 32, "%.0f", v);
    else
        snprintf(out, 32, "%.1f", v);
}

static void legend(cairo_t *cr, const struct chart *c, double x, double y, double w, int n)
{
    double cx = x;
    for (int s = 0; s < n; s++) {
        const char *name = c->kind == CHART_PIE ? c->categories[s] : c->series[s].name;
        colour(cr, s);
        cairo_rectangle(cr, cx, y + 4, 10, 10);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.11, 0.14, 0.19);
        double tw = text(cr, name, 12, false, cx + 14, y, 0);
        cx += 14 + tw + 16;
        if (cx > x + w - 60 && s + 1 < n) {
            cx = x;
            y += 18;
        }
    }
}

/* How many of a series' n values are drawn. */
static int shown(const struct chart_series *s, int n)
{
    return s->known > 0 && s->known < n ? s->known : n;
}

static void axes_chart(cairo_t *cr, const struct chart *c, double w, double h)
{
    double max = 0;
    for (int s = 0; s < c->nseries; s++)
        for (int i = 0; i < c->ncategories; i++)
            max = fmax(max, c->series[s].values[i]);
    double step = axis_step(max);
    /* counts: no step below one */
    bool whole = true;
    for (int s = 0; s < c->nseries; s++)
        for (int i = 0; i < c->ncategories; i++)
            whole = whole && c->series[s].values[i] == floor(c->series[s].values[i]);
    if (whole && step < 1)
        step = 1;
    double top = step * ceil(max / step);
    if (top <= 0)
        top = step * 5;
    double left = 56, right = w - 16, y0 = c->title ? 62 : 30, y1 = h - 64;
    /* grid and values */
    cairo_set_line_width(cr, 1);
    for (double v = 0; v <= top + step / 2; v += step) {
        double y = y1 - (y1 - y0) * v / top;
        cairo_set_source_rgb(cr, 0.86, 0.88, 0.91);
        cairo_move_to(cr, left, round(y) + 0.5);
        cairo_line_to(cr, right, round(y) + 0.5);
        cairo_stroke(cr);
        char num[32];
        number_text(num, v);
        cairo_set_source_rgb(cr, 0.34, 0.38, 0.44);
        text(cr, num, 11, false, left - 6, y - 8, 1);
    }
    if (c->unit)
        text(cr, c->unit, 11, false, left - 6, y0 - 24, 1);
    int n = c->ncategories;
    double band = (right - left) / n;
    /* category labels: every one that fits */
    int every = 1;
    while (band * every < 34 && every < n)
        every++;
    cairo_set_source_rgb(cr, 0.34, 0.38, 0.44);
    for (int i = 0; i < n; i += every)
        text(cr, c->categories[i], 11, false, left + band * (i + 0.5), y1 + 6, 0.5);
    if (c->kind == CHART_BAR) {
        double gap = band * 0.2, bw = (band - gap) / c->nseries;
        for (int s = 0; s < c->nseries; s++) {
            colour(cr, s);
            for (int i = 0; i < shown(&c->series[s], n); i++) {
                double v = c->series[s].values[i], bh = (y1 - y0) * v / top;
                cairo_rectangle(cr, left + band * i + gap / 2 + bw * s, y1 - bh, bw - 1, bh);
                cairo_fill(cr);
            }
        }
    } else {
        cairo_set_line_width(cr, 2.5);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        for (int s = 0; s < c->nseries; s++) {
            colour(cr, s);
            int m = shown(&c->series[s], n);
            for (int i = 0; i < m; i++) {
                double x = left + band * (i + 0.5);
                double y = y1 - (y1 - y0) * c->series[s].values[i] / top;
                if (i)
                    cairo_line_to(cr, x, y);
                else
                    cairo_move_to(cr, x, y);
            }
            cairo_stroke(cr);
            for (int i = 0; i < m; i++) {
                cairo_arc(cr, left + band * (i + 0.5),
                          y1 - (y1 - y0) * c->series[s].values[i] / top, 3.5, 0, 2 * M_PI);
                cairo_fill(cr);
            }
        }
    }
    /* the base line */
    cairo_set_source_rgb(cr, 0.55, 0.58, 0.63);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, left, round(y1) + 0.5);
    cairo_line_to(cr, right, round(y1) + 0.5);
    cairo_stroke(cr);
    if (c->nseries > 1 || c->series[0].name)
        legend(cr, c, left, h - 30, right - left, c->nseries);
}

static void pie_chart(cairo_t *cr, const struct chart *c, double w, double h)
{
    const double *v = c->series[0].values;
    double total = 0;
    for (int i = 0; i < c->ncategories; i++)
        total += v[i];
    double r = fmin(w * 0.5, h - 90) / 2, cx = 24 + r, cy = 44 + r;
    if (total <= 0) {
        cairo_set_source_rgb(cr, 0.86, 0.88, 0.91);
        cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.34, 0.38, 0.44);
        text(cr, "暂无数据", 13, false, cx, cy - 9, 0.5);
        return;
    }
    double a = -M_PI / 2;
    for (int i = 0; i < c->ncategories; i++) {
        double sweep = 2 * M_PI * v[i] / total;
        colour(cr, i);
        cairo_move_to(cr, cx, cy);
        cairo_arc(cr, cx, cy, r, a, a + sweep);
        cairo_close_path(cr);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, 1.5);
        cairo_stroke(cr);
        a += sweep;
    }
    /* the key: each slice with its count and share */
    double x = cx + r + 28, y = 48;
    for (int i = 0; i < c->ncategories && y < h - 20; i++, y += 22) {
        colour(cr, i);
        cairo_rectangle(cr, x, y + 4, 12, 12);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.11, 0.14, 0.19);
        char line[160], num[32];
        number_text(num, v[i]);
        snprintf(line, sizeof line, "%s　%s%s（%.0f%%）", c->categories[i], num,
                 c->unit ? c->unit : "", 100 * v[i] / total);
        text(cr, line, 13, false, x + 18, y, 0);
    }
}

void chart_draw(cairo_t *cr, const struct chart *c, double w, double h)
{
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, w, h);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.11, 0.14, 0.19);
    if (c->title)
        text(cr, c->title, 15, true, 16, 10, 0);
    if (c->kind == CHART_PIE)
        pie_chart(cr, c, w, h);
    else
        axes_chart(cr, c, w, h);
    cairo_restore(cr);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    buf *b = closure;
    buf_put(b, data, length);
    return b->err ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

fz_err chart_render(const struct chart *c, enum chart_format f, int width, int height, buf *out)
{
    fz_err e = chart_check(c);
    if (e)
        return e;
    if (width < CHART_MIN_WIDTH || width > CHART_MAX_SIDE || height < CHART_MIN_HEIGHT ||
        height > CHART_MAX_SIDE)
        return FZ_EINVAL;
    cairo_surface_t *s =
        f == CHART_SVG ? cairo_svg_surface_create_for_stream(to_buf, out, width, height)
                       : cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t *cr = cairo_create(s);
    chart_draw(cr, c, width, height);
    cairo_destroy(cr);
    cairo_status_t st = cairo_surface_status(s);
    if (f == CHART_PNG && st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_write_to_png_stream(s, to_buf, out);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    return st == CAIRO_STATUS_SUCCESS && !out->err ? FZ_OK : FZ_EINTERNAL;
}

/* ---- as JSON ----------------------------------------------------------------------------- */

static const char *const kind_names[] = {
    [CHART_BAR] = "bar", [CHART_LINE] = "line", [CHART_PIE] = "pie"};

/* A text or null; NULL (the whole conversion fails) for text that is not UTF-8. */
static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *chart_to_json(const struct chart *c)
{
    if (chart_check(c) != FZ_OK || (unsigned)c->kind > CHART_PIE)
        return NULL;
    json_t *cats = json_array(), *series = json_array();
    json_t *j = json_pack("{s:s,s:o,s:o,s:o,s:o}", "kind", kind_names[c->kind], "title",
                          text_or_null(c->title), "unit", text_or_null(c->unit), "categories", cats,
                          "series", series);
    if (!j)
        return NULL; /* json_pack releases its "o" arguments on failure */
    bool ok = true;
    for (int i = 0; ok && i < c->ncategories; i++)
        ok = json_array_append_new(cats, text_or_null(c->categories[i])) == 0;
    for (int s = 0; ok && s < c->nseries; s++) {
        json_t *values = json_array();
        ok = json_array_append_new(series, json_pack("{s:o,s:o,s:i}", "name",
                                                     text_or_null(c->series[s].name), "values",
                                                     values, "known", c->series[s].known)) == 0;
        for (int i = 0; ok && i < c->ncategories; i++)
            ok = json_array_append_new(values, json_real(c->series[s].values[i])) == 0;
    }
    if (!ok) {
        json_decref(j);
        return NULL;
    }
    return j;
}

/* A text, or NULL for null; false for anything else. */
static bool text_of(const json_t *j, const char **out)
{
    if (json_is_null(j)) {
        *out = NULL;
        return true;
    }
    *out = json_string_value(j);
    return *out != NULL;
}

fz_err chart_from_json(const json_t *j, arena *a, struct chart *c)
{
    memset(c, 0, sizeof *c);
    const char *kind = json_string_value(json_object_get(j, "kind"));
    const json_t *cats = json_object_get(j, "categories"), *series = json_object_get(j, "series");
    size_t nc = json_array_size(cats), ns = json_array_size(series);
    if (!kind || nc < 1 || nc > CHART_MAX_CATEGORIES || ns < 1 || ns > CHART_MAX_SERIES ||
        !text_of(json_object_get(j, "title"), &c->title) ||
        !text_of(json_object_get(j, "unit"), &c->unit))
        return FZ_EINVAL;
    int kn = 0;
    while (kn <= CHART_PIE && strcmp(kind, kind_names[kn]) != 0)
        kn++;
    if (kn > CHART_PIE)
        return FZ_EINVAL;
    c->kind = (enum chart_kind)kn;
    const char **names = arena_calloc(a, nc, sizeof *names);
    struct chart_series *s = arena_calloc(a, ns, sizeof *s);
    for (size_t i = 0; i < nc; i++)
        if (!text_of(json_array_get(cats, i), &names[i]))
            return FZ_EINVAL;
    for (size_t k = 0; k < ns; k++) {
        const json_t *sj = json_array_get(series, k), *values = json_object_get(sj, "values");
        const json_t *known = json_object_get(sj, "known");
        if (!text_of(json_object_get(sj, "name"), &s[k].name) || json_array_size(values) != nc ||
            !json_is_integer(known) || json_integer_value(known) < 0 ||
            json_integer_value(known) > CHART_MAX_CATEGORIES)
            return FZ_EINVAL;
        double *v = arena_calloc(a, nc, sizeof *v);
        for (size_t i = 0; i < nc; i++) {
            const json_t *x = json_array_get(values, i);
            if (!json_is_number(x))
                return FZ_EINVAL;
            v[i] = json_number_value(x);
        }
        s[k].values = v;
        s[k].known = (int)json_integer_value(known);
    }
    c->categories = names;
    c->ncategories = (int)nc;
    c->series = s;
    c->nseries = (int)ns;
    return chart_check(c);
}
