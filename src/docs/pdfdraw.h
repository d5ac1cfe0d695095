/* pdfdraw.h — the layout behind pdfdoc.h, over cairo's PDF surface and pangocairo (internal
 * to docs/): a document as pdfdoc.c records it, played back into a PDF. The record is JSON:
 *
 *   {"title": T, "created": "YYYY-MM-DDThh:mm:ss", "ops": [op, …]}
 *
 * each op an array of its name and then the arguments of the pdfdoc.h function it stands
 * for, in order:
 *
 *   ["title", text]            ["line", align (0 left, 1 centre, 2 right), text]
 *   ["para", text]             ["lead", lead or null, text]
 *   ["space", mm]              ["keep", mm]
 *   ["table", min_mm, [label, …], [value or null, …]]
 *   ["chart", height_mm, chart (chart/chart.h's chart_to_json)]
 *
 * Playing the same record gives the same bytes, in this process or another. */
#ifndef FZ_PDFDRAW_H
#define FZ_PDFDRAW_H

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

/* Appends the PDF of doc to out: FZ_OK; FZ_EINVAL when doc is not such a record;
 * FZ_EINTERNAL when cairo fails or out cannot take it. */
fz_err pdfdraw_play(const json_t *doc, buf *out);

#endif
