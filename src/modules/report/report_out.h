/* report_out.h — a yearly report's document (report.h) as a file: a standalone HTML page
 * to print or publish, a DOCX that Word, WPS and LibreOffice open and edit, a PDF in the
 * official-document layout (docs/pdfdoc.h) with the figures' charts. Ownership: the
 * file is appended to out; scratch memory comes from a. */
#ifndef FZ_REPORT_OUT_H
#define FZ_REPORT_OUT_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "modules/report/report.h"

enum report_format { REPORT_HTML, REPORT_DOCX, REPORT_PDF, REPORT_FORMATS };

/* "html", "docx", "pdf" -> the format, or -1. */
int report_format_parse(const char *s);
const char *report_format_ext(enum report_format f);
const char *report_format_label(enum report_format f);
const char *report_format_mime(enum report_format f);

fz_err report_render(const struct report_doc *d, enum report_format f, arena *a, buf *out);
/* The HTML page for the portal, with a link back to it (back: its address). */
fz_err report_render_public(const struct report_doc *d, const char *back, arena *a, buf *out);
/* The page's own Content-Security-Policy: its style sheet is inline. */
#define REPORT_HTML_CSP                                                                            \
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "              \
    "frame-ancestors 'none'; form-action 'none'"

#endif
