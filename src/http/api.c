/* api.c — the JSON API under /api/v1: session, organisations, calendar, files, "my work",
 * and the entity routes every module gets from its tables. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/utf8.h"
#include "engine/access.h"
#include "engine/audit.h"
#include "engine/blobs.h"
#include "engine/files.h"
#include "engine/history.h"
#include "engine/work.h"
#include "engine/people.h"
#include "engine/workflow.h"
#include "http/form.h"
#include "http/handlers.h"
#include "http/render.h"
#include "core/banned.h"

#define JSON_TYPE "application/json; charset=utf-8"

static void ok_json(struct response *r, int status)
{
    r->status = status;
    r->content_type = JSON_TYPE;
}

json_t *read_json(struct request *req, struct response *r, bool allow_empty)
{
    if (req->body_len == 0 && allow_empty) {
        json_t *o = json_object();
        arena_defer(req->a, (void (*)(void *))json_decref, o);
        return o;
    }
    const char *ct = req->content_type ? req->content_type : "";
    if (strncmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
        resp_error(req, r, FZ_EMEDIA, "请求体须为 JSON（Content-Type: application/json）", NULL);
        return NULL;
    }
    json_error_t jerr;
    json_t *j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!j) {
        char msg[256];
        snprintf(msg, sizeof msg, "请求体不是有效的 JSON（第 %d 行第 %d 列：%s）", jerr.line,
                 jerr.column, jerr.text);
        /* jansson's text may quote the bad input: keep the message valid UTF-8 */
        msg[utf8_valid(msg, strlen(msg)) ? sizeof msg - 1 : 0] = '\0';
        resp_error(req, r, FZ_EJSON, msg[0] ? msg : "请求体不是有效的 JSON", NULL);
        return NULL;
    }
    arena_defer(req->a, (void (*)(void *))json_decref, j);
    if (!json_is_object(j)) {
        resp_error(req, r, FZ_EVALID, "请求体应为 JSON 对象", NULL);
        return NULL;
    }
    return j;
}

/* ---- session ----------------------------------------------------------------------------- */

static void actor_json(const struct actor *a, buf *b)
{
    buf_printf(b, "{\"id\":%lld,\"username\":", (long long)a->user_id);
    buf_put_json_str(b, a->username);
    buf_puts(b, ",\"name\":");
    buf_put_json_str(b, a->name);
    buf_puts(b, ",\"org\":");
    buf_put_json_str(b, a->home_org_name ? a->home_org_name : "");
    buf_puts(b, ",\"roles\":[");
    for (int i = 0; i < a->nroles; i++) {
        if (i)
            buf_putc(b, ',');
        buf_puts(b, "{\"role\":");
        buf_put_json_str(b, role_name(a->roles[i].role));
        buf_puts(b, ",\"label\":");
        buf_put_json_str(b, role_label(a->roles[i].role));
        buf_puts(b, ",\"org\":");
        buf_put_json_str(b, a->roles[i].org_code);
        buf_puts(b, ",\"org_name\":");
        buf_put_json_str(b, a->roles[i].org_name);
        buf_putc(b, '}');
    }
    buf_puts(b, "]}");
}

/* SameSite=Lax: a link from an e-mail or another system opens the app signed in; writes
 * still need the session's CSRF token and a same-host Origin (router.c). */
const char *session_cookie(struct request *req, const char *token, bool clear)
{
    return arena_printf(req->a, "fz_session=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
                        clear ? "" : token, clear ? "; Max-Age=0" : "",
                        req->cfg->secure_cookies ? "; Secure" : "");
}

void api_session_create(struct request *req, struct response *r)
{
    json_t *j = read_json(req, r, false);
    if (!j)
        return;
    json_t *u = json_object_get(j, "username"), *p = json_object_get(j, "password");
    if (!json_is_string(u) || !json_is_string(p) || json_object_size(j) != 2) {
        resp_error(req, r, FZ_EVALID, "请求体应为 {\"username\": …, \"password\": …}", NULL);
        return;
    }
    struct session s;
    int retry = 0;
    fz_err e = auth_signin(&req->ctx, json_string_value(u), json_string_value(p), &s, &retry);
    if (e) {
        resp_ctx_error(req, r, e);
        if (retry)
            resp_header(r, "Retry-After", arena_printf(req->a, "%d", retry));
        return;
    }
    struct actor a;
    if (actor_load(&req->ctx, s.user_id, &a)) {
        resp_error(req, r, FZ_EDB, NULL, NULL);
        return;
    }
    resp_header(r, "Set-Cookie", session_cookie(req, s.token, false));
    ok_json(r, 201);
    buf_puts(&r->body, "{\"csrf_token\":");
    buf_put_json_str(&r->body, s.csrf_token);
    buf_puts(&r->body, ",\"user\":");
    actor_json(&a, &r->body);
    buf_putc(&r->body, '}');
}

void api_session_get(struct request *req, struct response *r)
{
    ok_json(r, 200);
    buf_puts(&r->body, "{\"user\":");
    actor_json(&req->actor, &r->body);
    if (req->csrf[0]) {
        buf_puts(&r->body, ",\"csrf_token\":");
        buf_put_json_str(&r->body, req->csrf);
    }
    buf_putc(&r->body, '}');
}

void api_session_delete(struct request *req, struct response *r)
{
    if (req->session_token)
        auth_signout(&req->ctx, req->session_token, req->actor.user_id);
    resp_header(r, "Set-Cookie", session_cookie(req, "", true));
    r->status = 204;
    r->content_type = JSON_TYPE;
}

/* ---- organisations and calendar ---------------------------------------------------------- */

void api_orgs(struct request *req, struct response *r)
{
    struct org *orgs;
    size_t n;
    if (org_list_all(&req->ctx, &orgs, &n)) {
        resp_error(req, r, FZ_EDB, NULL, NULL);
        return;
    }
    ok_json(r, 200);
    buf_puts(&r->body, "{\"items\":[");
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!access_in_tenant(&req->ctx, orgs[i].tenant_id))
            continue;
        const char *parent = "";
        for (size_t p = 0; p < n; p++)
            if (orgs[p].id == orgs[i].parent_id)
                parent = orgs[p].code;
        if (k++)
            buf_putc(&r->body, ',');
        buf_puts(&r->body, "{\"code\":");
        buf_put_json_str(&r->body, orgs[i].code);
        buf_puts(&r->body, ",\"name\":");
        buf_put_json_str(&r->body, orgs[i].name);
        buf_puts(&r->body, ",\"kind\":");
        buf_put_json_str(&r->body, org_kind_name(orgs[i].kind));
        buf_puts(&r->body, ",\"parent\":");
        buf_put_json_str(&r->body, parent);
        buf_putc(&r->body, '}');
    }
    buf_printf(&r->body, "],\"total\":%d}", k);
}

void api_calendar_due(struct request *req, struct response *r)
{
    const char *from_s = req_query(req, "from"), *days_s = req_query(req, "days");
    const char *working = req_query(req, "working");
    int from;
    int64_t days;
    if (!from_s || date_parse(from_s, &from)) {
        resp_error(req, r, FZ_EINVAL, "参数 from 应为日期 YYYY-MM-DD", "from");
        return;
    }
    if (!parse_id(days_s, &days) && !(days_s && strcmp(days_s, "0") == 0)) {
        resp_error(req, r, FZ_EINVAL, "参数 days 应为 0 到 3650 的整数", "days");
        return;
    }
    if (days > 3650) {
        resp_error(req, r, FZ_EINVAL, "参数 days 应为 0 到 3650 的整数", "days");
        return;
    }
    bool w = working && (strcmp(working, "1") == 0 || strcmp(working, "true") == 0);
    struct cal_explain ex;
    int due = w ? calendar_add_working_days(req->cfg->cal, from, (int)days, &ex, req->a)
                : calendar_add_days(req->cfg->cal, from, (int)days, &ex, req->a);
    char ds[11];
    date_format(due, ds);
    char *text = calendar_explain_text(&ex);
    ok_json(r, 200);
    buf_puts(&r->body, "{\"from\":");
    buf_put_json_str(&r->body, from_s);
    buf_printf(&r->body, ",\"days\":%lld,\"working\":%s,\"due\":", (long long)days,
               w ? "true" : "false");
    buf_put_json_str(&r->body, ds);
    buf_puts(&r->body, ",\"skipped\":[");
    for (size_t i = 0; i < ex.nskips; i++) {
        char d[11];
        date_format(ex.skips[i].day, d);
        if (i)
            buf_putc(&r->body, ',');
        buf_puts(&r->body, "{\"date\":");
        buf_put_json_str(&r->body, d);
        buf_puts(&r->body, ",\"reason\":");
        buf_put_json_str(&r->body, ex.skips[i].name                  ? ex.skips[i].name
                                   : ex.skips[i].kind == DAY_WEEKEND ? "周末"
                                                                     : "休息日");
        buf_putc(&r->body, '}');
    }
    buf_puts(&r->body, "],\"explanation\":");
    buf_put_json_str(&r->body, text ? text : "");
    buf_putc(&r->body, '}');
    free(text);
}

void api_me_work(struct request *req, struct response *r)
{
    struct work_item *items;
    size_t n;
    if (work_collect(&req->ctx, &items, &n, 200)) {
        resp_ctx_error(req, r, FZ_EDB);
        return;
    }
    ok_json(r, 200);
    buf_puts(&r->body, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        const struct work_item *w = &items[i];
        if (i)
            buf_putc(&r->body, ',');
        buf_puts(&r->body, "{\"entity\":");
        buf_put_json_str(&r->body, w->e->name);
        buf_printf(&r->body, ",\"id\":%lld,\"title\":", (long long)w->id);
        buf_put_json_str(&r->body, w->title);
        buf_puts(&r->body, ",\"status\":");
        buf_put_json_str(&r->body, w->status ? w->status : "");
        buf_puts(&r->body, ",\"due_date\":");
        if (w->due_date)
            buf_put_json_str(&r->body, w->due_date);
        else
            buf_puts(&r->body, "null");
        buf_printf(&r->body,
                   ",\"overdue\":%s,\"due_soon\":%s,\"reason\":", w->overdue ? "true" : "false",
                   w->due_soon ? "true" : "false");
        buf_put_json_str(&r->body, w->reason);
        buf_putc(&r->body, '}');
    }
    buf_printf(&r->body, "],\"total\":%zu}", n);
}

/* ---- files ------------------------------------------------------------------------------- */

void file_json(const struct file_info *f, buf *b)
{
    buf_printf(b, "{\"id\":%lld,\"name\":", (long long)f->id);
    buf_put_json_str(b, f->name);
    buf_puts(b, ",\"mime\":");
    buf_put_json_str(b, f->mime);
    buf_printf(b, ",\"size\":%lld,\"sha256\":", (long long)f->size);
    buf_put_json_str(b, f->sha256);
    buf_puts(b, ",\"uploaded_at\":");
    buf_put_json_str(b, f->uploaded_at);
    buf_putc(b, '}');
}

void api_file_upload(struct request *req, struct response *r)
{
    const char *ct = req->content_type ? req->content_type : "";
    char *mime = arena_strndup(req->a, ct, strcspn(ct, "; "));
    const char *name = req_query(req, "name");
    struct file_info f;
    fz_err e = file_store(&req->ctx, req->actor.home_org_id, name ? name : "附件", mime, req->body,
                          req->body_len, &f);
    if (e) {
        resp_ctx_error(req, r, e);
        return;
    }
    ok_json(r, 201);
    resp_header(r, "Location", arena_printf(req->a, "/api/v1/files/%lld", (long long)f.id));
    file_json(&f, &r->body);
}

void api_file_get(struct request *req, struct response *r)
{
    int64_t id;
    struct file_info f;
    if (!parse_id(req->seg[3], &id) || file_get(&req->ctx, id, &f)) {
        resp_error(req, r, FZ_ENOTFOUND, "未找到该文件，或您无权查看", NULL);
        return;
    }
    ok_json(r, 200);
    file_json(&f, &r->body);
}

/* Whether an If-None-Match header names etag (a list, weak forms, or "*"). */
static bool etag_matches(const char *header, const char *etag)
{
    size_t n = strlen(etag);
    for (const char *p = header; p && *p;) {
        p += strspn(p, " \t,");
        if (*p == '*')
            return true;
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        size_t len = strcspn(p, ", \t");
        if (len == n && strncmp(p, etag, n) == 0)
            return true;
        p += len;
    }
    return false;
}

static long stream_blob(void *cls, uint64_t pos, char *dst, size_t max)
{
    return blob_reader_read(cls, pos, dst, max);
}

static void close_blob(void *cls)
{
    blob_reader_free(cls);
}

void send_file(struct request *req, struct response *r, int64_t id)
{
    struct file_info f;
    const void *data;
    size_t n;
    if (file_get(&req->ctx, id, &f)) {
        resp_error(req, r, FZ_ENOTFOUND, "未找到该文件，或您无权查看", NULL);
        return;
    }
    const char *etag = arena_printf(req->a, "\"%s\"", f.sha256);
    /* A stored file never changes (its ETag is its SHA-256): a cached copy is still good. */
    if (req->if_none_match && etag_matches(req->if_none_match, etag)) {
        r->status = 304;
        buf_reset(&r->body);
        resp_header(r, "ETag", etag);
        resp_header(r, "Cache-Control", "private, max-age=86400");
        return;
    }
    fz_err e = file_content(&req->ctx, f.sha256, &data, &n);
    if (e && e != FZ_ETOOBIG) {
        resp_error(req, r, FZ_ENOTFOUND, "未找到该文件，或您无权查看", NULL);
        return;
    }
    r->status = 200;
    r->content_type = f.mime;
    if (e == FZ_ETOOBIG) {
        /* stored in parts: read chunk by chunk as it goes out, never held whole */
        r->stream.cls = blob_reader_new(req->cfg->st, f.sha256, f.size);
        if (!r->stream.cls) {
            resp_error(req, r, FZ_EINTERNAL, NULL, NULL);
            return;
        }
        r->stream.size = f.size;
        r->stream.read = stream_blob;
        r->stream.close = close_blob;
    } else {
        r->data = data;
        r->data_len = n;
    }
    /* Uploaded bytes are never run as our page, even if a browser opens them in a tab. */
    resp_header(r, "Content-Security-Policy", "sandbox; " HTTP_CSP);
    resp_attachment(req, r, NULL, f.name);
    resp_header(r, "ETag", etag);
    resp_header(r, "Cache-Control", "private, max-age=86400");
}

void api_file_content(struct request *req, struct response *r)
{
    int64_t id;
    if (!parse_id(req->seg[3], &id)) {
        resp_error(req, r, FZ_ENOTFOUND, "未找到该文件", NULL);
        return;
    }
    send_file(req, r, id);
}

/* ---- entities ---------------------------------------------------------------------------- */

static const struct entity *entity_of(struct request *req)
{
    return entity_find(req->seg[2]);
}

void api_entity_list(struct request *req, struct response *r)
{
    const struct entity *e = entity_of(req);
    const char *format = req_query(req, "format");
    if (format && (strcmp(format, "csv") == 0 || strcmp(format, "xlsx") == 0)) {
        entity_export(req, r, e, req->query, req->nquery, false,
                      strcmp(format, "csv") == 0 ? EXPORT_CSV : EXPORT_XLSX);
        return;
    }
    if (format && strcmp(format, "json") != 0) {
        resp_error(req, r, FZ_EINVAL, "参数 format 应为 json、csv 或 xlsx", "format");
        return;
    }
    struct kv *args = arena_calloc(req->a, req->nquery + 1, sizeof *args);
    size_t n = 0;
    for (size_t i = 0; i < req->nquery; i++)
        if (strcmp(req->query[i].key, "format") != 0)
            args[n++] = req->query[i];
    struct list_result lr;
    fz_err err = entity_list(&req->ctx, e, args, n, LIST_MAX_PER_PAGE, &lr);
    if (err) {
        resp_ctx_error(req, r, err);
        return;
    }
    ok_json(r, 200);
    buf_puts(&r->body, "{\"items\":[");
    for (size_t i = 0; i < lr.n; i++) {
        if (i)
            buf_putc(&r->body, ',');
        json_record(req, lr.rows[i], &r->body, false);
    }
    buf_printf(&r->body,
               "],\"total\":%lld,\"page\":%d,\"per_page\":%d,\"sort\":", (long long)lr.total,
               lr.page, lr.per_page);
    buf_put_json_str(&r->body, lr.sort ? lr.sort : "");
    buf_putc(&r->body, '}');
}

void api_entity_create(struct request *req, struct response *r)
{
    const struct entity *e = entity_of(req);
    json_t *j = read_json(req, r, false);
    if (!j)
        return;
    struct record *rec;
    fz_err err = entity_create(&req->ctx, e, j, &rec);
    if (err) {
        resp_ctx_error(req, r, err);
        return;
    }
    entity_get(&req->ctx, e, rec->id, &rec);
    ok_json(r, 201);
    resp_header(r, "Location",
                arena_printf(req->a, "/api/v1/%s/%lld", e->name, (long long)rec->id));
    json_record(req, rec, &r->body, true);
}

void api_entity_get(struct request *req, struct response *r)
{
    const struct entity *e = entity_of(req);
    int64_t id;
    struct record *rec;
    if (!parse_id(req->seg[3], &id)) {
        resp_error(req, r, FZ_ENOTFOUND, "记录编号无效", NULL);
        return;
    }
    fz_err err = entity_get(&req->ctx, e, id, &rec);
    if (err) {
        resp_ctx_error(req, r, err);
        return;
    }
    if (e->audit_reads && audit_read(&req->ctx, e->name, rec->id, rec->org_id, rec->place_org_id)) {
        resp_error(req, r, FZ_EDB, NULL, NULL);
        return;
    }
    ok_json(r, 200);
    json_record(req, rec, &r->body, true);
}

void api_entity_update(struct request *req, struct response *r)
{
    const struct entity *e = entity_of(req);
    int64_t id;
    if (!parse_id(req->seg[3], &id)) {
        resp_error(req, r, FZ_ENOTFOUND, "记录编号无效", NULL);
        return;
    }
    json_t *j = read_json(req, r, false);
    if (!j)
        return;
    struct record *rec;
    fz_err err = entity_update(&req->ctx, e, id, j, &rec);
    if (err) {
        resp_ctx_error(req, r, err);
        return;
    }
    ok_json(r, 200);
    json_record(req, rec, &r->body, true);
}

void api_entity_transition(struct request *req, struct response *r)
{
    const struct entity *e = entity_of(req);
    int64_t id;
    if (!parse_id(req->seg[3], &id)) {
        resp_error(req, r, FZ_ENOTFOUND, "记录编号无效", NULL);
        return;
    }
    json_t *j = read_json(req, r, true);
    if (!j)
        return;
    struct record *rec;
    fz_err err = workflow_fire(&req->ctx, e, id, req->seg[5], j, &rec);
    if (err) {
        resp_ctx_error(req, r, err);
        return;
    }
    ok_json(r, 200);
    json_record(req, rec, &r->body, true);
}

void api_entity_history(struct request *req, struct response *r)
{
    const struct entity *e = entity_of(req);
    int64_t id;
    if (!parse_id(req->seg[3], &id) || !entity_visible(&req->ctx, e, id)) {
        resp_error(req, r, FZ_ENOTFOUND, "未找到该记录，或您无权查看", NULL);
        return;
    }
    struct history_item *items;
    size_t n;
    if (history_load(&req->ctx, e, id, &items, &n)) {
        resp_error(req, r, FZ_EDB, NULL, NULL);
        return;
    }
    ok_json(r, 200);
    buf_puts(&r->body, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        const struct history_item *h = &items[i];
        if (i)
            buf_putc(&r->body, ',');
        buf_puts(&r->body, "{\"at\":");
        buf_put_json_str(&r->body, h->at);
        buf_puts(&r->body, ",\"actor\":");
        buf_put_json_str(&r->body, h->actor);
        buf_puts(&r->body, ",\"action\":");
        buf_put_json_str(&r->body, h->action);
        buf_puts(&r->body, ",\"summary\":");
        buf_put_json_str(&r->body, h->summary);
        buf_puts(&r->body, ",\"changes\":[");
        for (size_t k = 0; k < h->nchanges; k++) {
            if (k)
                buf_putc(&r->body, ',');
            buf_puts(&r->body, "{\"field\":");
            buf_put_json_str(&r->body, h->changes[k].field);
            buf_puts(&r->body, ",\"label\":");
            buf_put_json_str(&r->body, h->changes[k].label);
            buf_puts(&r->body, ",\"before\":");
            buf_put_json_str(&r->body, h->changes[k].before);
            buf_puts(&r->body, ",\"after\":");
            buf_put_json_str(&r->body, h->changes[k].after);
            buf_putc(&r->body, '}');
        }
        buf_puts(&r->body, "]}");
    }
    buf_printf(&r->body, "],\"total\":%zu}", n);
}
