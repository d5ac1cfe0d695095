/* test_documents.c — enforcement documents over HTTP on the demo district: the office head
 * makes a decision document over the API, and its download is a PDF whose SHA-256 is the
 * one recorded; a reader of the case downloads but does not make documents; another
 * subdistrict's officer gets 404 for both; an undecided case has no decision document; the
 * staff app's form makes one and lists it on the case's page. */
#include <stdio.h>
#include <string.h>

#include "../unit/t.h"
#include "harness.h"
#include "core/banned.h"

#define DH "(SELECT id FROM orgs WHERE code = 'DH')"

static const char *docs_path(int64_t id)
{
    return tprintf("/api/v1/penalty_cases/%lld/documents", (long long)id);
}

static void test_decision_document(void)
{
    struct browser head = {0}, staff = {0}, xl = {0};
    CHECK(signin(&head, "dh.zf.head"));
    CHECK(signin(&staff, "dh.staff"));
    CHECK(signin(&xl, "xl.zf.officer1"));
    int64_t id = db_int("SELECT MIN(c.id) FROM penalty_cases c WHERE c.org_id = " DH
                        " AND c.decision_kind = 'penalty' AND c.procedure = 'ordinary' AND "
                        "c.status IN ('decided', 'served', 'executed', 'closed', 'archived') AND "
                        "EXISTS (SELECT 1 FROM evidence e WHERE e.penalty_case = c.id)");
    CHECK(id > 0);
    int64_t audits = audit_max_id();
    struct resp *r = api(&head, "POST", docs_path(id), "{\"kind\":\"decision\"}");
    CHECK_INT(r->status, 201);
    if (r->status != 201) {
        fprintf(stderr, "  %s\n", r->body);
        return;
    }
    CHECK_STR(jstr(r->json, "kind"), "decision");
    CHECK_INT(jint(r->json, "penalty_case"), id);
    CHECK_INT(jint(r->json, "edition"), 1);
    CHECK_STR(jstr(r->json, "generated_by"), "dh.zf.head");
    int64_t doc = jint(r->json, "id");
    int64_t file = json_integer_value(json_array_get(json_object_get(r->json, "file"), 0));
    const char *sha = jstr(json_array_get(json_object_get(r->json, "file_files"), 0), "sha256");
    CHECK(file > 0 && sha && strlen(sha) == 64);
    CHECK_INT(audit_count_since(audits, "case_documents.create"), 1);
    /* the download is the PDF the record names */
    r = get(&head, tprintf("/api/v1/files/%lld/content", (long long)file));
    CHECK_INT(r->status, 200);
    CHECK(r->body_len > 1000 && memcmp(r->body, "%PDF-", 5) == 0);
    CHECK_STR(sha256_hex(r->body, r->body_len), sha);
    CHECK_STR(db_text("SELECT sha256 FROM files WHERE id = %lld", (long long)file), sha);
    /* a reader of the case downloads it, but makes no documents */
    CHECK_INT(get(&staff, tprintf("/app/files/%lld", (long long)file))->status, 200);
    r = api(&staff, "POST", docs_path(id), "{\"kind\":\"decision\"}");
    CHECK_INT(r->status, 403);
    /* the legal advisor reads cases but not parties: not the documents that name them */
    struct browser advisor = {0};
    CHECK(signin(&advisor, "dh.advisor"));
    CHECK_INT(get(&advisor, tprintf("/app/files/%lld", (long long)file))->status, 404);
    CHECK_INT(get(&advisor, tprintf("/api/v1/case_documents/%lld", (long long)doc))->status, 404);
    /* another subdistrict sees neither the case nor the file */
    CHECK_INT(api(&xl, "POST", docs_path(id), "{\"kind\":\"decision\"}")->status, 404);
    CHECK_INT(get(&xl, tprintf("/api/v1/files/%lld/content", (long long)file))->status, 404);
    CHECK_INT(get(&xl, tprintf("/api/v1/case_documents/%lld", (long long)doc))->status, 404);
    /* made again: a second edition with the same bytes (same case, same day) */
    r = api(&head, "POST", docs_path(id), "{\"kind\":\"decision\"}");
    CHECK_INT(r->status, 201);
    CHECK_INT(jint(r->json, "edition"), 2);
    CHECK_STR(jstr(json_array_get(json_object_get(r->json, "file_files"), 0), "sha256"), sha);
    /* bad requests */
    CHECK_INT(api(&head, "POST", docs_path(id), "{\"kind\":\"poster\"}")->status, 422);
    CHECK_INT(api(&head, "POST", docs_path(id), "{}")->status, 422);
    CHECK_INT(api(&head, "POST", docs_path(id), "{\"kind\":\"decision\",\"x\":1}")->status, 422);
    CHECK_INT(api(&head, "POST", docs_path(999999), "{\"kind\":\"decision\"}")->status, 404);
    /* nobody writes case documents through the generic API */
    r = api(&head, "POST", "/api/v1/case_documents",
            tprintf("{\"penalty_case\":%lld,\"kind\":\"decision\",\"title\":\"手工\","
                    "\"edition\":9,\"file\":[%lld],\"generated_on\":\"2026-11-27T10:00\","
                    "\"generated_by\":\"dh.zf.head\"}",
                    (long long)id, (long long)file));
    CHECK_INT(r->status, 403);
}

static void test_undecided_case_refused(void)
{
    struct browser head = {0};
    CHECK(signin(&head, "dh.zf.head"));
    int64_t id = db_int("SELECT MIN(id) FROM penalty_cases WHERE org_id = " DH
                        " AND status = 'investigating'");
    CHECK(id > 0);
    int64_t before = db_int("SELECT COUNT(*) FROM case_documents");
    struct resp *r = api(&head, "POST", docs_path(id), "{\"kind\":\"decision\"}");
    CHECK_INT(r->status, 409);
    CHECK(strstr(err_message_of(r) ? err_message_of(r) : "", "作出决定后才能制作") != NULL);
    CHECK_INT(db_int("SELECT COUNT(*) FROM case_documents"), before);
    /* the filing form is there */
    r = api(&head, "POST", docs_path(id), "{\"kind\":\"filing\"}");
    CHECK_INT(r->status, 201);
}

static void test_staff_app_form(void)
{
    struct browser head = {0};
    CHECK(signin(&head, "dh.zf.head"));
    int64_t id = db_int("SELECT MIN(id) FROM penalty_cases WHERE org_id = " DH
                        " AND decision_kind = 'penalty' AND procedure = 'ordinary' AND status "
                        "IN ('decided', 'served', 'executed', 'closed', 'archived')");
    struct resp *r = get(&head, tprintf("/app/penalty_cases/%lld", (long long)id));
    CHECK_INT(r->status, 200);
    CHECK(strstr(r->body, tprintf("/app/penalty_cases/%lld/documents", (long long)id)) != NULL);
    r = get(&head, tprintf("/app/penalty_cases/%lld/documents", (long long)id));
    CHECK_INT(r->status, 200);
    CHECK(strstr(r->body, "制作送达回证") != NULL);
    CHECK(strstr(r->body, "name=\"_csrf\"") != NULL);
    r = form_post(&head, tprintf("/app/penalty_cases/%lld/documents", (long long)id),
                  "kind=service");
    CHECK_INT(r->status, 303);
    const char *loc = resp_header_value(r, "Location");
    CHECK(loc && strstr(loc, tprintf("/app/penalty_cases/%lld", (long long)id)));
    r = get(&head, tprintf("/app/penalty_cases/%lld", (long long)id));
    CHECK(strstr(r->body, "执法文书") != NULL);
    CHECK(strstr(r->body, "送达回证（") != NULL);
    /* without the CSRF token: refused */
    head.no_csrf = true;
    r = form_post(&head, tprintf("/app/penalty_cases/%lld/documents", (long long)id),
                  "kind=service");
    CHECK_INT(r->status, 403);
    /* a refusal renders the page with the reason */
    head.no_csrf = false;
    r = form_post(&head, tprintf("/app/penalty_cases/%lld/documents", (long long)id),
                  "kind=no_penalty");
    CHECK_INT(r->status, 409);
    CHECK(strstr(r->body, "请制作行政处罚决定书") != NULL);
}

void suite_documents(void)
{
    RUN(test_decision_document);
    RUN(test_undecided_case_refused);
    RUN(test_staff_app_form);
}
