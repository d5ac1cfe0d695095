/* chart.h — bar, line and pie charts with Chinese labels, drawn once with cairo and pango and
 * written as SVG (web pages), PNG, or onto any cairo context (a PDF report's page).
 *
 * A chart is plain data: categories (labels along the axis, or slices of a pie) and one or
 * more series of values, one per category; as JSON it travels to a render process
 * (docs/render.h). Ownership: the caller's; chart_render appends the image to out. */
#ifndef FZ_CHART_H
#define FZ_CHART_H

#include <cairo.h>
#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

#define CHART_MAX_SERIES 6
#define CHART_MAX_CATEGORIES 60
/* an image's size in pixels */
#define CHART_MIN_WIDTH 120
#define CHART_MIN_HEIGHT 100
#define CHART_MAX_SIDE 4000

enum chart_kind { CHART_BAR, CHART_LINE, CHART_PIE };
enum chart_format { CHART_SVG, CHART_PNG };

struct chart_series {
    const char *name;     /* shown in the legend */
    const double *values; /* one per category, >= 0 */
    int known;            /* > 0: only the first `known` values exist yet (this year's months
                           * so far): the rest are not drawn */
};

struct chart {
    enum chart_kind kind;
    const char *title;
    const char *unit; /* "件", "万元": after the values on the axis, or NULL */
    const char *const *categories;
    int ncategories;
    const struct chart_series *series;
    int nseries; /* a pie shows the first series only */
};

/* FZ_EINVAL for a chart out of bounds (no category, too many, a negative or non-finite
 * value); FZ_EINTERNAL when cairo fails. */
fz_err chart_check(const struct chart *c);
fz_err chart_render(const struct chart *c, enum chart_format f, int width, int height, buf *out);
/* Draws on cr within (0,0)-(w,h) in the context's units; chart_check it first. */
void chart_draw(cairo_t *cr, const struct chart *c, double w, double h);

/* The chart as JSON: {"kind": "bar"|"line"|"pie", "title", "unit", "categories": [...],
 * "series": [{"name", "values": [...], "known"}]}, absent texts as null, the values exact
 * (jansson writes doubles with 17 digits). NULL when out of memory, a text is not UTF-8 or a
 * value not finite (chart_check it first). The caller owns the reference. */
json_t *chart_to_json(const struct chart *c);
/* The chart such JSON describes, its texts borrowed from j and its arrays from a: FZ_OK, or
 * FZ_EINVAL when j is not one or chart_check refuses it. */
fz_err chart_from_json(const json_t *j, arena *a, struct chart *c);

#endif
