/* portal.h — the public portal's frame: a subdistrict's (or a district's) head band and
 * navigation, the footer, and the lookup of the organisation a portal address names. The
 * portal is read without signing in; what it shows comes only from the modules' public
 * reads (modules/enforcement/public.h), which hold public fields, masked. */
#ifndef FZ_PORTAL_H
#define FZ_PORTAL_H

#include "engine/people.h"
#include "http/html.h"
#include "http/http.h"

/* The navigation entries of a subdistrict's portal, by key. */
#define PORTAL_NAV(X)                                                                              \
    X("home", "", "首页")                                                                         \
    X("officers", "/officers", "执法主体与人员")                                                 \
    X("matters", "/matters", "执法事项")                                                          \
    X("procedures", "/procedures", "程序与救济")                                                  \
    X("decisions", "/decisions", "处罚决定公开")                                                  \
    X("items", "/items", "主动公开")                                                              \
    X("apply", "/apply", "依申请公开")                                                            \
    X("digest", "/digest", "记录校验")

/* The subdistrict (or district) a portal address names in segment seg: false with a 404
 * page written when there is none. */
bool portal_org(struct request *req, struct response *r, int seg, struct org *out);
/* Starts a portal page for org (NULL: the portal's front page); nav is a PORTAL_NAV key. */
void portal_begin(struct request *req, struct response *r, struct html *h, const struct org *o,
                  const char *title, const char *nav);
void portal_end(struct request *req, struct html *h);
/* A portal error page (404 for a missing record, 400 for a bad query). */
void portal_error(struct request *req, struct response *r, const struct org *o, int status,
                  const char *message);
struct public_decision;
/* A list of disclosed decisions, each linking to its page (portal_enforcement.c). */
void portal_decision_rows(struct request *req, struct html *h, const struct org *o,
                          const struct public_decision *d, int n);
/* "/p/<code><suffix>" from req->a. */
const char *portal_href(struct request *req, const struct org *o, const char *suffix);

#endif
