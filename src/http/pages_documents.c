/* pages_documents.c — enforcement documents (执法文书) of a penalty case over HTTP: the staff
 * app's page listing the five documents with whether each can be made now (and why not),
 * its form POST that makes one and goes back to the case, and the API's
 * POST /api/v1/penalty_cases/<id>/documents {"kind": …} answering with the new record.
 * The documents themselves and who may make them: modules/enforcement/documents.c. Made
 * documents are listed on the case's page as its child records, each downloadable by
 * anyone who may read the case. */
#include <string.h>

#include "http/handlers.h"
#include "http/layout.h"
#include "http/render.h"
#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

static void documents_page(struct request *req, struct response *r, const struct record *rec,
                           const char *error)
{
    const char *url = arena_printf(req->a, "/app/penalty_cases/%lld", (long long)rec->id);
    struct html h;
    page_begin(req, r, &h, arena_printf(req->a, "执法文书 · %s", record_title(rec)),
               "penalty_cases");
    h_open(&h, "nav", "class", "crumbs", "aria-label", "位置", NULL);
    h_elem(&h, "a", "行政处罚案件", "href", "/app/penalty_cases", NULL);
    h_elem(&h, "a", record_title(rec), "href", url, NULL);
    h_close(&h, "nav");
    h_open(&h, "div", "class", "page-head", NULL);
    h_elem(&h, "h1", "制作执法文书", NULL);
    h_elem(&h, "p",
           "文书按案件记录中的信息生成 PDF，保存到案件的“执法文书”中；再次制作会保存新的版本，"
           "旧版本保留。缺少必要内容时不能制作，请先在案件中补充。",
           "class", "muted", NULL);
    h_close(&h, "div");
    if (error)
        h_notice(&h, "error", error);
    h_open(&h, "section", "class", "card", NULL);
    h_open(&h, "ul", "class", "documents", NULL);
    for (const struct choice *k = case_document_kinds; k->value; k++) {
        const char *why = case_document_refusal(&req->ctx, rec, k->value);
        h_open(&h, "li", NULL);
        h_open(&h, "form", "method", "post", "action", arena_printf(req->a, "%s/documents", url),
               NULL);
        h_csrf(req, &h);
        h_void(&h, "input", "type", "hidden", "name", "kind", "value", k->value, NULL);
        h_elem(&h, "strong", k->label, NULL);
        if (why) {
            h_elem(&h, "p", why, "class", "muted", NULL);
        } else {
            h_text(&h, " ");
            h_elem(&h, "button", arena_printf(req->a, "制作%s", k->label), "type", "submit",
                   "class", "primary", NULL);
        }
        h_close(&h, "form");
        h_close(&h, "li");
    }
    h_close(&h, "ul");
    h_close(&h, "section");
    h_open(&h, "p", NULL);
    h_elem(&h, "a", "返回案件", "href", arena_printf(req->a, "%s#case_documents", url), "class",
           "button", NULL);
    h_close(&h, "p");
    page_end(req, &h);
}

/* The case /app/penalty_cases/<id>/documents names, as the actor may read it: false with
 * the 404 page written. */
static bool load_case(struct request *req, struct response *r, int64_t *id, struct record **rec)
{
    if (parse_id(req->seg[2], id) &&
        entity_get(&req->ctx, &entity_penalty_cases, *id, rec) == FZ_OK)
        return true;
    page_error(req, r, 404, "未找到该行政处罚案件，或您无权查看。");
    return false;
}

void page_case_documents(struct request *req, struct response *r)
{
    int64_t id;
    struct record *rec;
    if (load_case(req, r, &id, &rec))
        documents_page(req, r, rec, NULL);
}

void page_case_documents_create(struct request *req, struct response *r)
{
    int64_t id;
    struct record *rec;
    if (!load_case(req, r, &id, &rec))
        return;
    const char *kind = form_value(req, "kind");
    fz_err e = case_document_generate(&req->ctx, id, kind ? kind : "", NULL);
    if (e) {
        const char *msg = req->ctx.err.message ? req->ctx.err.message : err_text(e);
        documents_page(req, r, rec, msg);
        r->status = err_status(e);
        return;
    }
    resp_redirect(r, arena_printf(req->a, "/app/penalty_cases/%lld?ok=done#case_documents",
                                  (long long)id));
}

void api_case_documents_create(struct request *req, struct response *r)
{
    int64_t id;
    if (!parse_id(req->seg[3], &id)) {
        resp_error(req, r, FZ_ENOTFOUND, "记录编号无效", NULL);
        return;
    }
    json_t *j = read_json(req, r, false);
    if (!j)
        return;
    json_t *k = json_object_get(j, "kind");
    if (!json_is_string(k) || json_object_size(j) != 1) {
        resp_error(req, r, FZ_EVALID, "请求体应为 {\"kind\": 文书种类}", "kind");
        return;
    }
    struct record *doc;
    fz_err e = case_document_generate(&req->ctx, id, json_string_value(k), &doc);
    if (e) {
        resp_ctx_error(req, r, e);
        return;
    }
    entity_get(&req->ctx, &entity_case_documents, doc->id, &doc);
    r->status = 201;
    r->content_type = "application/json; charset=utf-8";
    resp_header(r, "Location",
                arena_printf(req->a, "/api/v1/case_documents/%lld", (long long)doc->id));
    json_record(req, doc, &r->body, true);
}
