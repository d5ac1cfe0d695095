/* handlers.h — every route handler, by face: the JSON API (api.c), the staff web app
 * (pages*.c), the public portal (portal.c), static assets (assets.c). */
#ifndef FZ_HANDLERS_H
#define FZ_HANDLERS_H

#include <jansson.h>

#include "engine/files.h"
#include "http/http.h"

/* api.c */
void api_session_create(struct request *req, struct response *r);
void api_session_get(struct request *req, struct response *r);
void api_session_delete(struct request *req, struct response *r);
void api_orgs(struct request *req, struct response *r);
void api_calendar_due(struct request *req, struct response *r);
void api_me_work(struct request *req, struct response *r);
void api_stats_enforcement(struct request *req, struct response *r);
void api_file_upload(struct request *req, struct response *r);
void api_file_get(struct request *req, struct response *r);
void api_file_content(struct request *req, struct response *r);
void api_entity_list(struct request *req, struct response *r);
void api_entity_create(struct request *req, struct response *r);
void api_entity_get(struct request *req, struct response *r);
void api_entity_update(struct request *req, struct response *r);
void api_entity_transition(struct request *req, struct response *r);
void api_entity_history(struct request *req, struct response *r);
/* api_uploads.c */
void api_upload_create(struct request *req, struct response *r);
void api_upload_get(struct request *req, struct response *r);
void api_upload_put(struct request *req, struct response *r);
void api_upload_delete(struct request *req, struct response *r);
/* Shared by the API handlers (api.c): a JSON body parsed — NULL with the response filled
 * when it is not JSON or malformed; an empty body is an empty object when allow_empty; the
 * value is freed with the arena — and a file as the API shows it. */
json_t *read_json(struct request *req, struct response *r, bool allow_empty);
void file_json(const struct file_info *f, buf *b);
/* Shared by the API and the pages (api.c). */
const char *session_cookie(struct request *req, const char *token, bool clear);
void send_file(struct request *req, struct response *r, int64_t id);
/* export.c: a list exported with the list's own filters and scope, as CSV or XLSX; lenient
 * skips unknown arguments (pages) instead of refusing them (the API). */
enum export_format { EXPORT_CSV, EXPORT_XLSX };
void entity_export(struct request *req, struct response *r, const struct entity *e,
                   struct kv *args, size_t nargs, bool lenient, enum export_format format);
/* openapi.c */
void api_openapi(struct request *req, struct response *r);

/* pages.c */
void page_signin_form(struct request *req, struct response *r);
void page_signin(struct request *req, struct response *r);
void page_signout(struct request *req, struct response *r);
void page_home(struct request *req, struct response *r);
void page_calendar(struct request *req, struct response *r);
void page_not_found(struct request *req, struct response *r);
/* pages_entity.c */
void page_entity_list(struct request *req, struct response *r);
void page_entity_export(struct request *req, struct response *r);
void page_entity_new(struct request *req, struct response *r);
void page_entity_create(struct request *req, struct response *r);
void page_entity_show(struct request *req, struct response *r);
void page_entity_edit(struct request *req, struct response *r);
void page_entity_update(struct request *req, struct response *r);
void page_entity_transition(struct request *req, struct response *r);
void page_entity_back(struct request *req, struct response *r);
void page_file_download(struct request *req, struct response *r);

/* portal.c, portal_enforcement.c, portal_verify.c, portal_digest.c */
void portal_home(struct request *req, struct response *r);
void portal_org_home(struct request *req, struct response *r);
void portal_officers(struct request *req, struct response *r);
void portal_matters(struct request *req, struct response *r);
void portal_procedures(struct request *req, struct response *r);
void portal_decisions(struct request *req, struct response *r);
void portal_decision(struct request *req, struct response *r);
void portal_digest(struct request *req, struct response *r);
void portal_verify(struct request *req, struct response *r);
void portal_report(struct request *req, struct response *r);
void portal_verify_qr(struct request *req, struct response *r);
/* The absolute address of a certificate's verification page (portal_verify.c). */
const char *verify_url(struct request *req, int64_t cert_id);
/* pages_charts.c: a chart as SVG, and the year's figures and charts on a leader's or a
 * supervisor's home page */
void page_chart(struct request *req, struct response *r);
struct html;
void dashboard_section(struct request *req, struct html *h);
/* pages_report.c: a yearly report as a whole document, with the year's figures */
void page_report_document(struct request *req, struct response *r);
void page_report_file(struct request *req, struct response *r);
/* pages_certificate.c */
void page_certificate_card(struct request *req, struct response *r);
/* pages_documents.c */
void page_case_documents(struct request *req, struct response *r);
void page_case_documents_create(struct request *req, struct response *r);
void api_case_documents_create(struct request *req, struct response *r);
/* api_public.c */
void api_public_officers(struct request *req, struct response *r);
void api_public_certificate(struct request *req, struct response *r);
void api_public_matters(struct request *req, struct response *r);
void api_public_decisions(struct request *req, struct response *r);
void api_public_digest(struct request *req, struct response *r); /* portal_digest.c */
/* portal_disclosure.c */
void portal_items(struct request *req, struct response *r);
void portal_item(struct request *req, struct response *r);
void portal_item_file(struct request *req, struct response *r);
void portal_track_file(struct request *req, struct response *r);
/* portal_requests.c */
void portal_apply_form(struct request *req, struct response *r);
void portal_apply_submit(struct request *req, struct response *r);
void portal_track(struct request *req, struct response *r);
/* pages_disclosure_report.c */
void page_disclosure_report(struct request *req, struct response *r);
void page_disclosure_report_xlsx(struct request *req, struct response *r);
/* assets.c */
void asset_get(struct request *req, struct response *r);
void favicon_get(struct request *req, struct response *r);
void health_get(struct request *req, struct response *r);

#endif
