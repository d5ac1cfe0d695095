/* pdfdoc.h — a small layout layer for official documents (公文-style PDF): A4 with the
 * margins of Chinese official documents (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), a
 * centred bold title in a 宋体-like face, a body in a 仿宋-like face at 16 pt on a fixed line
 * pitch, paragraphs with a two-character first-line indent, automatic page breaks, "— N —"
 * page numbers at the bottom centre, label/value tables with borders for forms, and charts.
 *
 * The calls are recorded, not drawn: pdfdoc_finish hands the record to docs/render.h, which
 * lays it out with cairo and pango (pdfdraw.c) in this process or, in the server, in a
 * short-lived child process, so that the fonts never load in the server. Nothing here
 * touches cairo, pango or the fonts.
 *
 * The PDF is written into memory (no temporary files). Its creation date is the one the
 * caller gives, so the same calls give the same bytes (the bytes' SHA-256 is stored),
 * wherever they are laid out.
 *
 * Ownership: a pdfdoc is the caller's from pdfdoc_new to pdfdoc_free; it copies what it is
 * given; pdfdoc_finish hands the bytes over in a buf the caller releases. Text is UTF-8
 * (text that is not makes pdfdoc_finish fail); nothing here does I/O. */
#ifndef FZ_PDFDOC_H
#define FZ_PDFDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct pdfdoc;
struct chart; /* chart/chart.h */

enum pdf_align { PDF_LEFT, PDF_CENTER, PDF_RIGHT };

/* A new document. title goes into the PDF's metadata; created is its creation date as
 * "YYYY-MM-DDThh:mm:ss" (cairo's form). NULL when out of memory. */
struct pdfdoc *pdfdoc_new(const char *title, const char *created);
/* The document's title line: bold, about 22 pt, centred, wrapped if long. */
void pdfdoc_title(struct pdfdoc *d, const char *text);
/* One body-size line (or wrapped lines) without indent, aligned as asked: a document
 * number, "当事人：…", the issuing body and the date at the right. */
void pdfdoc_line(struct pdfdoc *d, enum pdf_align align, const char *text);
/* A body paragraph: justified, the first line indented by two characters. */
void pdfdoc_para(struct pdfdoc *d, const char *text);
/* A paragraph that starts with a bold lead ("一、违法事实") followed by text (may be ""). */
void pdfdoc_para_lead(struct pdfdoc *d, const char *lead, const char *text);
/* Vertical space in millimetres (no page break is forced by it). */
void pdfdoc_space(struct pdfdoc *d, double mm);
/* Moves to a new page unless at least mm millimetres are left on this one. */
void pdfdoc_keep(struct pdfdoc *d, double mm);
/* A two-column table with borders: labels on the left (shaded), values on the right; each
 * row wraps and grows; a row that does not fit goes to the next page whole. A NULL or empty
 * value leaves its cell blank for handwriting (a signature). min_mm is a row's least height
 * (0: one line). */
void pdfdoc_table(struct pdfdoc *d, const char *const *labels, const char *const *values, size_t n,
                  double min_mm);
/* A chart (chart_check'd) the full text width wide and height_mm high, on a new page if it
 * does not fit on this one. */
void pdfdoc_chart(struct pdfdoc *d, double height_mm, const struct chart *c);
/* Ends the document and lays it out: the last page's number, then the PDF into *out
 * (initialised here). FZ_OK; FZ_EBUSY when the render process ran out of time or could not
 * be started for now; FZ_EINTERNAL when laying out failed or the output did not fit (out is
 * then released). Failures are logged by docs/render.c. */
fz_err pdfdoc_finish(struct pdfdoc *d, buf *out);
/* Frees the document (after pdfdoc_finish, or instead of it). */
void pdfdoc_free(struct pdfdoc *d);

#endif
