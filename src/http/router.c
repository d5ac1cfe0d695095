/* router.c — the route table, authentication (API token or session cookie), the CSRF and
 * origin checks for state-changing requests, the per-address limit on public writes, and
 * dispatch. */
#include <string.h>

#include "core/log.h"
#include "core/utf8.h"
#include "engine/entity.h"
#include "engine/people.h"
#include "http/handlers.h"
#include "core/banned.h"

enum route_flags {
    RT_PUBLIC = 1,  /* no sign-in needed */
    RT_NO_CSRF = 2, /* a write that carries its own proof (sign-in) */
    RT_API = 4,     /* answers JSON errors (else HTML pages) */
    RT_NO_DB = 8,   /* served without the database (static assets, health) */
    /* A public write with a throttle of its own (sign-in counts failures per user and
     * address: auth.c), left out of the per-address limit every other public write gets. */
    RT_OWN_LIMIT = 16,
};

/* Pattern segments: a literal, "*" (any), or "@" (a registered entity's name). */
struct route {
    const char *method;
    const char *pattern;
    handler_fn fn;
    unsigned flags;
};

static const struct route routes[] = {
    {"GET", "/healthz", health_get, RT_PUBLIC | RT_NO_DB},
    {"GET", "/static/*", asset_get, RT_PUBLIC | RT_NO_DB},
    {"GET", "/favicon.ico", favicon_get, RT_PUBLIC | RT_NO_DB},
    /* the portal's disclosure requests: a public POST proves itself (portal_requests.c) */
    {"GET", "/p/*/apply", portal_apply_form, RT_PUBLIC},
    {"POST", "/p/*/apply", portal_apply_submit, RT_PUBLIC | RT_NO_CSRF},
    {"GET", "/track", portal_track, RT_PUBLIC},
    {"GET", "/track/files/*", portal_track_file, RT_PUBLIC},
    {"GET", "/p/*/items", portal_items, RT_PUBLIC},
    {"GET", "/p/*/items/*", portal_item, RT_PUBLIC},
    {"GET", "/p/*/items/*/files/*", portal_item_file, RT_PUBLIC},

    /* the public portal */
    {"GET", "/", portal_home, RT_PUBLIC},
    {"GET", "/p/*", portal_org_home, RT_PUBLIC},
    {"GET", "/p/*/officers", portal_officers, RT_PUBLIC},
    {"GET", "/p/*/matters", portal_matters, RT_PUBLIC},
    {"GET", "/p/*/procedures", portal_procedures, RT_PUBLIC},
    {"GET", "/p/*/decisions", portal_decisions, RT_PUBLIC},
    {"GET", "/p/*/decisions/*", portal_decision, RT_PUBLIC},
    {"GET", "/p/*/digest", portal_digest, RT_PUBLIC},
    {"GET", "/p/*/reports/*", portal_report, RT_PUBLIC},
    {"GET", "/v/*", portal_verify, RT_PUBLIC},
    {"GET", "/v/*/qr.svg", portal_verify_qr, RT_PUBLIC},

    {"POST", "/api/v1/session", api_session_create, RT_PUBLIC | RT_NO_CSRF | RT_API | RT_OWN_LIMIT},
    {"GET", "/api/v1/session", api_session_get, RT_API},
    {"DELETE", "/api/v1/session", api_session_delete, RT_API},
    {"GET", "/api/v1/openapi.json", api_openapi, RT_PUBLIC | RT_API},
    {"GET", "/api/v1/orgs", api_orgs, RT_API},
    {"GET", "/api/v1/calendar/due", api_calendar_due, RT_API},
    {"GET", "/api/v1/me/work", api_me_work, RT_API},
    {"GET", "/api/v1/stats/enforcement", api_stats_enforcement, RT_API},
    {"POST", "/api/v1/files", api_file_upload, RT_API},
    {"GET", "/api/v1/files/*", api_file_get, RT_API},
    {"GET", "/api/v1/files/*/content", api_file_content, RT_API},
    {"POST", "/api/v1/uploads", api_upload_create, RT_API},
    {"GET", "/api/v1/uploads/*", api_upload_get, RT_API},
    {"PUT", "/api/v1/uploads/*", api_upload_put, RT_API},
    {"DELETE", "/api/v1/uploads/*", api_upload_delete, RT_API},
    {"GET", "/api/v1/public/certificates/*", api_public_certificate, RT_PUBLIC | RT_API},
    {"GET", "/api/v1/public/*/officers", api_public_officers, RT_PUBLIC | RT_API},
    {"GET", "/api/v1/public/*/matters", api_public_matters, RT_PUBLIC | RT_API},
    {"GET", "/api/v1/public/*/decisions", api_public_decisions, RT_PUBLIC | RT_API},
    {"GET", "/api/v1/public/*/digest", api_public_digest, RT_PUBLIC | RT_API},
    {"POST", "/api/v1/penalty_cases/*/documents", api_case_documents_create, RT_API},
    {"GET", "/api/v1/@", api_entity_list, RT_API},
    {"POST", "/api/v1/@", api_entity_create, RT_API},
    {"GET", "/api/v1/@/*", api_entity_get, RT_API},
    {"PATCH", "/api/v1/@/*", api_entity_update, RT_API},
    {"GET", "/api/v1/@/*/history", api_entity_history, RT_API},
    {"POST", "/api/v1/@/*/transitions/*", api_entity_transition, RT_API},

    {"GET", "/app/signin", page_signin_form, RT_PUBLIC},
    {"POST", "/app/signin", page_signin, RT_PUBLIC | RT_NO_CSRF | RT_OWN_LIMIT},
    {"POST", "/app/signout", page_signout, 0},
    {"GET", "/app", page_home, 0},
    {"GET", "/app/calendar", page_calendar, 0},
    {"GET", "/app/reports/disclosure", page_disclosure_report, 0},
    {"GET", "/app/reports/disclosure.xlsx", page_disclosure_report_xlsx, 0},
    {"GET", "/app/files/*", page_file_download, 0},
    {"GET", "/app/certificates/*/card", page_certificate_card, 0},
    {"GET", "/app/charts/*", page_chart, 0},
    {"GET", "/app/annual_reports/*/document", page_report_document, 0},
    {"GET", "/app/annual_reports/*/document.html", page_report_file, 0},
    {"GET", "/app/annual_reports/*/document.docx", page_report_file, 0},
    {"GET", "/app/annual_reports/*/document.pdf", page_report_file, 0},
    {"GET", "/app/penalty_cases/*/documents", page_case_documents, 0},
    {"POST", "/app/penalty_cases/*/documents", page_case_documents_create, 0},
    {"GET", "/app/@", page_entity_list, 0},
    {"POST", "/app/@", page_entity_create, 0},
    {"GET", "/app/@/export.csv", page_entity_export, 0},
    {"GET", "/app/@/export.xlsx", page_entity_export, 0},
    {"GET", "/app/@/new", page_entity_new, 0},
    {"GET", "/app/@/*", page_entity_show, 0},
    {"POST", "/app/@/*", page_entity_update, 0},
    {"GET", "/app/@/*/edit", page_entity_edit, 0},
    {"POST", "/app/@/*/transitions/*", page_entity_transition, 0},
    /* a refused transition renders at its POST address; reloading it lands on the record */
    {"GET", "/app/@/*/transitions/*", page_entity_back, 0},
};

static int split(struct request *req)
{
    req->nseg = 0;
    const char *p = req->path;
    if (*p != '/')
        return -1;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (req->nseg == (int)(sizeof req->seg / sizeof req->seg[0]))
            return -1;
        req->seg[req->nseg++] = arena_strndup(req->a, p, len);
        p += len;
    }
    return 0;
}

static bool match(const struct route *rt, const struct request *req)
{
    const char *p = rt->pattern;
    int i = 0;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (i >= req->nseg)
            return false;
        const char *s = req->seg[i++];
        if (len == 1 && *p == '@') {
            if (!entity_find(s))
                return false;
        } else if (!(len == 1 && *p == '*')) {
            if (strlen(s) != len || strncmp(s, p, len) != 0)
                return false;
        }
        p += len;
    }
    return i == req->nseg;
}

static bool is_api(const struct request *req)
{
    return strncmp(req->path, "/api/", 5) == 0;
}

/* Signs the request in from a Bearer token or the session cookie, if either is given. */
static fz_err authenticate(struct request *req)
{
    int64_t user_id = 0;
    fz_err e = FZ_EUNAUTH;
    if (req->authorization && strncmp(req->authorization, "Bearer ", 7) == 0) {
        e = token_lookup(&req->ctx, req->authorization + 7, &user_id);
        req->via_token = e == FZ_OK;
    } else {
        const char *tok = req_cookie(req, "fz_session");
        struct session s;
        if (tok && (e = auth_session(&req->ctx, tok, &s)) == FZ_OK) {
            user_id = s.user_id;
            req->session_token = tok;
            memcpy(req->csrf, s.csrf_token, sizeof req->csrf);
        }
    }
    if (e)
        return e;
    e = actor_load(&req->ctx, user_id, &req->actor);
    if (e)
        return e == FZ_EDB ? e : FZ_EUNAUTH;
    req->actor.system = false;
    req->ctx.actor = &req->actor;
    req->authed = true;
    return FZ_OK;
}

/* A write from a browser must come from our own pages: same Origin (when sent) and the
 * session's CSRF token in X-CSRF-Token or the _csrf form field. Token-authenticated API
 * calls are not cookie-driven and need neither. */
static bool csrf_ok(struct request *req)
{
    if (req->via_token)
        return true;
    if (req->origin && req->host) {
        const char *o = strstr(req->origin, "://");
        if (!o || strcmp(o + 3, req->host) != 0)
            return false;
    }
    const char *given = req->csrf_header;
    if (!given && req->content_type &&
        strncmp(req->content_type, "application/x-www-form-urlencoded", 33) == 0)
        given = form_value(req, "_csrf");
    if (!given && req->content_type && strncmp(req->content_type, "multipart/form-data", 19) == 0)
        given = form_value(req, "_csrf");
    return given && req->csrf[0] && ct_equal(given, req->csrf);
}

void http_dispatch(struct request *req, struct response *r)
{
    r->status = 200;
    if (split(req)) {
        http_error(req, r, FZ_ENOTFOUND, "没有这个页面");
        return;
    }
    const struct route *found = NULL;
    bool path_matched = false;
    buf allow;
    buf_init(&allow, 0);
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (!match(&routes[i], req))
            continue;
        path_matched = true;
        if (!strstr(allow.p, routes[i].method))
            buf_printf(&allow, "%s%s", allow.len ? ", " : "", routes[i].method);
        if (strcmp(routes[i].method, req->method) == 0 ||
            (strcmp(req->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
            found = &routes[i];
            break;
        }
    }
    const char *allowed = arena_strndup(req->a, allow.p, allow.len);
    buf_release(&allow);
    if (!found) {
        if (path_matched) {
            http_error(req, r, FZ_EMETHOD,
                       is_api(req) ? NULL : "此页面不支持这种操作，请从页面上的按钮或链接进入。");
            resp_header(r, "Allow", allowed);
            return;
        }
        if (is_api(req))
            resp_error(req, r, FZ_ENOTFOUND, "没有这个接口", NULL);
        else
            page_not_found(req, r);
        return;
    }
    /* Anyone may write to a public route: each address gets its share, checked before any
     * work (no database connection is taken for a refusal). */
    if ((found->flags & RT_PUBLIC) && !(found->flags & RT_OWN_LIMIT) && req_is_write(req) &&
        !http_public_write_allowed(req, r))
        return;
    if (!(found->flags & RT_NO_DB)) {
        req->db = store_acquire(req->cfg->st);
        if (!req->db) {
            http_error(req, r, FZ_EBUSY, NULL);
            return;
        }
        ctx_init(&req->ctx, req->db, req->a, req->cfg->cal, NULL, req->cfg->alg);
        req->ctx.address = req->address;
        fz_err e = authenticate(req);
        if (e == FZ_EDB) {
            http_error(req, r, FZ_EDB, NULL);
            return;
        }
        if (!req->authed && !(found->flags & RT_PUBLIC)) {
            if (is_api(req)) {
                resp_error(req, r, FZ_EUNAUTH, "请先登录，或提供有效的 API 令牌", NULL);
            } else {
                buf loc;
                buf_init(&loc, 0);
                buf_puts(&loc, "/app/signin?next=");
                buf_put_url(&loc, req->path);
                resp_redirect(r, arena_strndup(req->a, loc.p, loc.len));
                buf_release(&loc);
            }
            return;
        }
        if (req_is_write(req) && req->authed && !(found->flags & RT_NO_CSRF) && !csrf_ok(req)) {
            http_error(req, r, FZ_ECSRF, NULL);
            return;
        }
    }
    found->fn(req, r);
}
