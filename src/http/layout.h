/* layout.h — the staff app's page frame: head, top bar (organisation, user, roles,
 * sign-out), navigation by module on the left, the main column; and small shared widgets. */
#ifndef FZ_LAYOUT_H
#define FZ_LAYOUT_H

#include "http/html.h"
#include "http/http.h"

/* Starts an HTML response; nav names the active navigation entry ("home", an entity name). */
void page_begin(struct request *req, struct response *r, struct html *h, const char *title,
                const char *nav);
void page_end(struct request *req, struct html *h);
/* A bare page (sign-in, errors) without navigation. */
void page_begin_bare(struct response *r, struct html *h, const char *title);
/* The hidden CSRF field for a POST form. */
void h_csrf(struct request *req, struct html *h);
/* A notice box: kind is "ok", "error" or "info". */
void h_notice(struct html *h, const char *kind, const char *text);
/* A shown-in-Chinese date from YYYY-MM-DD and an instant as local time. */
const char *show_date(struct request *req, const char *ymd);
const char *show_instant(struct request *req, const char *iso);
/* An HTML error page with status (for the staff app). */
void page_error(struct request *req, struct response *r, int status, const char *message);

#endif
