/* openapi.c — /api/v1/openapi.json, generated from the entity and workflow tables, so the
 * document cannot drift from what the API does. */
#include <string.h>

#include "engine/workflow.h"
#include "http/handlers.h"
#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

static void str(buf *b, const char *s)
{
    buf_put_json_str(b, s);
}

static void field_schema(buf *b, const struct field *f)
{
    buf_puts(b, "{");
    switch (f->type) {
    case FT_TEXT:
    case FT_LONGTEXT:
        buf_printf(b, "\"type\":\"string\",\"maxLength\":%lld",
                   (long long)(f->max               ? f->max
                               : f->type == FT_TEXT ? 200
                                                    : 5000));
        if (f->min)
            buf_printf(b, ",\"minLength\":%lld", (long long)f->min);
        break;
    case FT_INT:
        buf_puts(b, "\"type\":\"integer\"");
        if (f->min || f->max)
            buf_printf(b, ",\"minimum\":%lld,\"maximum\":%lld", (long long)f->min,
                       (long long)f->max);
        break;
    case FT_DATE:
        buf_puts(b, "\"type\":\"string\",\"format\":\"date\"");
        break;
    case FT_BOOL:
        buf_puts(b, "\"type\":\"boolean\"");
        break;
    case FT_ENUM:
        buf_puts(b, "\"type\":\"string\",\"enum\":[");
        for (const struct choice *c = f->choices; c && c->value; c++) {
            if (c != f->choices)
                buf_putc(b, ',');
            str(b, c->value);
        }
        buf_putc(b, ']');
        break;
    case FT_ORG:
        buf_puts(b, "\"type\":\"string\",\"description\":\"organisation code\"");
        break;
    case FT_ORGS:
        buf_printf(b, "\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":%lld",
                   (long long)(f->max ? f->max : 50));
        break;
    case FT_REF:
        buf_puts(b, "\"type\":\"integer\",\"minimum\":1");
        break;
    case FT_REFS:
        buf_printf(b, "\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"maxItems\":%lld",
                   (long long)(f->max ? f->max : 50));
        break;
    case FT_MONEY:
        buf_puts(b, "\"type\":\"string\",\"pattern\":\"^[0-9]{1,12}(\\\\.[0-9]{1,2})?$\","
                    "\"description\":\"yuan, at most two decimals (a number is accepted too)\"");
        break;
    case FT_USER:
        buf_puts(b, "\"type\":\"string\",\"description\":\"username\"");
        break;
    case FT_DATETIME:
        buf_puts(b, "\"type\":\"string\",\"format\":\"date-time\"");
        break;
    case FT_FILES:
        buf_printf(b, "\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"maxItems\":%lld",
                   (long long)(f->max ? f->max : 50));
        break;
    }
    buf_puts(b, ",\"title\":");
    str(b, f->label);
    if (f->help) {
        buf_puts(b, ",\"description\":");
        str(b, f->help);
    }
    if (f->flags & (F_SYSTEM | F_DERIVED))
        buf_puts(b, ",\"readOnly\":true");
    buf_puts(b, "}");
}

/* mode 0: the record as returned; 1: create input; 2: update input; 3: params. */
static void object_schema(buf *b, const struct field *fields, int n, int mode,
                          const struct entity *e)
{
    buf_puts(b, "{\"type\":\"object\"");
    if (mode)
        buf_puts(b, ",\"additionalProperties\":false");
    buf_puts(b, ",\"properties\":{");
    int k = 0;
    if (mode == 0) {
        buf_puts(b, "\"id\":{\"type\":\"integer\"},\"version\":{\"type\":\"integer\"},"
                    "\"created_at\":{\"type\":\"string\",\"format\":\"date-time\"},"
                    "\"updated_at\":{\"type\":\"string\",\"format\":\"date-time\"},"
                    "\"created_by\":{\"type\":\"string\"},\"updated_by\":{\"type\":\"string\"}");
        if (e && e->workflow) {
            buf_puts(b, ",\"status\":{\"type\":\"string\",\"enum\":[");
            for (int i = 0; i < e->workflow->nstates; i++) {
                if (i)
                    buf_putc(b, ',');
                str(b, e->workflow->states[i].name);
            }
            buf_puts(b, "]},\"status_label\":{\"type\":\"string\"}");
        }
        if (e && e->ndeadlines)
            buf_puts(b, ",\"next_due\":{\"type\":\"string\",\"format\":\"date\",\"nullable\":"
                        "true},\"overdue\":{\"type\":\"boolean\"}");
        k = 1;
    }
    if (mode == 2)
        buf_printf(b,
                   "%s\"version\":{\"type\":\"integer\",\"description\":\"the version "
                   "read; a mismatch answers 409\"}",
                   k++ ? "," : "");
    for (int i = 0; i < n; i++) {
        const struct field *f = &fields[i];
        if (mode && (f->flags & (F_SYSTEM | F_DERIVED)))
            continue;
        if (mode == 2 && (f->flags & F_FIXED))
            continue;
        if (k++)
            buf_putc(b, ',');
        str(b, f->name);
        buf_putc(b, ':');
        field_schema(b, f);
    }
    buf_putc(b, '}');
    if (mode == 1 || mode == 3) {
        buf_puts(b, ",\"required\":[");
        int r = 0;
        for (int i = 0; i < n; i++) {
            if (!(fields[i].flags & F_REQUIRED) || (fields[i].flags & (F_SYSTEM | F_DERIVED)))
                continue;
            if (r++)
                buf_putc(b, ',');
            str(b, fields[i].name);
        }
        buf_putc(b, ']');
    }
    buf_putc(b, '}');
}

static void error_responses(buf *b, const char *codes)
{
    static const struct {
        const char *code, *desc;
    } all[] = {
        {"400", "malformed request"},
        {"401", "not signed in"},
        {"403", "forbidden, or CSRF token missing"},
        {"404", "not found, or not visible to you"},
        {"409", "refused by a rule (guard) or a version conflict"},
        {"413", "body too large"},
        {"415", "body is not JSON"},
        {"422", "validation failed"},
        {"429", "too many attempts"},
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (!strstr(codes, all[i].code))
            continue;
        buf_printf(b, ",\"%s\":{\"description\":", all[i].code);
        str(b, all[i].desc);
        buf_puts(b, ",\"content\":{\"application/json\":{\"schema\":{\"$ref\":"
                    "\"#/components/schemas/Error\"}}}}");
    }
}

static void ref_response(buf *b, const char *status, const char *desc, const char *ref)
{
    buf_printf(b, "\"%s\":{\"description\":", status);
    str(b, desc);
    buf_printf(b,
               ",\"content\":{\"application/json\":{\"schema\":{\"$ref\":"
               "\"#/components/schemas/%s\"}}}}",
               ref);
}

static void id_param(buf *b)
{
    buf_puts(b, "{\"name\":\"id\",\"in\":\"path\",\"required\":true,\"schema\":"
                "{\"type\":\"integer\"}}");
}

static void entity_paths(buf *b, const struct entity *e, arena *a)
{
    /* list + create */
    buf_printf(b, ",\"/%s\":{\"get\":{\"tags\":[", e->name);
    str(b, e->label);
    buf_puts(b, "],\"summary\":");
    str(b, arena_printf(a, "%s%s", e->label, "列表"));
    buf_puts(b, ",\"parameters\":[");
    buf_puts(b, "{\"name\":\"page\",\"in\":\"query\",\"schema\":{\"type\":\"integer\","
                "\"minimum\":1}},{\"name\":\"per_page\",\"in\":\"query\",\"schema\":"
                "{\"type\":\"integer\",\"minimum\":1,\"maximum\":200}},{\"name\":\"sort\","
                "\"in\":\"query\",\"description\":\"field, or -field for descending\","
                "\"schema\":{\"type\":\"string\"}},{\"name\":\"q\",\"in\":\"query\","
                "\"description\":\"text search\",\"schema\":{\"type\":\"string\"}},"
                "{\"name\":\"format\",\"in\":\"query\",\"schema\":{\"type\":\"string\","
                "\"enum\":[\"json\",\"csv\"]}}");
    if (e->workflow)
        buf_puts(b, ",{\"name\":\"status\",\"in\":\"query\",\"schema\":{\"type\":\"string\"}}");
    if (e->ndeadlines)
        buf_puts(b, ",{\"name\":\"overdue\",\"in\":\"query\",\"schema\":{\"type\":\"string\","
                    "\"enum\":[\"1\",\"0\"]}},{\"name\":\"due_soon\",\"in\":\"query\","
                    "\"schema\":{\"type\":\"string\",\"enum\":[\"1\",\"0\"]}}");
    for (int i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        bool parent = e->parent_field && strcmp(f->name, e->parent_field) == 0;
        if (!(f->flags & F_FILTER) && !parent)
            continue;
        if (f->type == FT_DATE) {
            buf_printf(b,
                       ",{\"name\":\"%s_from\",\"in\":\"query\",\"schema\":{\"type\":"
                       "\"string\",\"format\":\"date\"}},{\"name\":\"%s_to\",\"in\":\"query\","
                       "\"schema\":{\"type\":\"string\",\"format\":\"date\"}}",
                       f->name, f->name);
        }
        buf_printf(b, ",{\"name\":\"%s\",\"in\":\"query\",\"schema\":{\"type\":\"%s\"}}", f->name,
                   f->type == FT_REF || f->type == FT_INT ? "integer" : "string");
    }
    buf_puts(b, "],\"responses\":{");
    ref_response(b, "200", "a page of records", arena_printf(a, "%s%s", e->name, ".list"));
    error_responses(b, "400 401");
    buf_puts(b, "}},\"post\":{\"tags\":[");
    str(b, e->label);
    buf_puts(b, "],\"summary\":");
    str(b, arena_printf(a, "%s%s", "新建", e->label));
    buf_printf(b,
               ",\"requestBody\":{\"required\":true,\"content\":{\"application/json\":"
               "{\"schema\":{\"$ref\":\"#/components/schemas/%s.create\"}}}},"
               "\"responses\":{",
               e->name);
    ref_response(b, "201", "created", e->name);
    error_responses(b, "400 401 403 409 413 415 422");
    buf_puts(b, "}}}");

    /* get + patch */
    buf_printf(b, ",\"/%s/{id}\":{\"parameters\":[", e->name);
    id_param(b);
    buf_puts(b, "],\"get\":{\"tags\":[");
    str(b, e->label);
    buf_puts(b, "],\"responses\":{");
    ref_response(b, "200", "the record with its deadlines and available transitions", e->name);
    error_responses(b, "401 404");
    buf_puts(b, "}},\"patch\":{\"tags\":[");
    str(b, e->label);
    buf_printf(b,
               "],\"requestBody\":{\"required\":true,\"content\":{\"application/json\":"
               "{\"schema\":{\"$ref\":\"#/components/schemas/%s.update\"}}}},"
               "\"responses\":{",
               e->name);
    ref_response(b, "200", "updated", e->name);
    error_responses(b, "400 401 403 404 409 413 415 422");
    buf_puts(b, "}}}");

    buf_printf(b, ",\"/%s/{id}/history\":{\"get\":{\"tags\":[", e->name);
    str(b, e->label);
    buf_puts(b, "],\"summary\":\"audit history of the record\",\"parameters\":[");
    id_param(b);
    buf_puts(b, "],\"responses\":{\"200\":{\"description\":\"history entries\"}");
    error_responses(b, "401 404");
    buf_puts(b, "}}}");

    for (int t = 0; e->workflow && t < e->workflow->ntransitions; t++) {
        const struct wf_transition *tr = &e->workflow->transitions[t];
        buf_printf(b, ",\"/%s/{id}/transitions/%s\":{\"post\":{\"tags\":[", e->name, tr->name);
        str(b, e->label);
        buf_puts(b, "],\"summary\":");
        str(b, tr->label);
        buf_puts(b, ",\"description\":");
        str(b, arena_printf(a, "%s%s", "from: ", tr->from));
        buf_puts(b, ",\"parameters\":[");
        id_param(b);
        buf_puts(b, "],\"requestBody\":{\"required\":false,\"content\":{\"application/json\":"
                    "{\"schema\":");
        object_schema(b, tr->params, tr->nparams, 3, NULL);
        buf_puts(b, "}}},\"responses\":{");
        ref_response(b, "200", "the record after the transition", e->name);
        error_responses(b, "400 401 403 404 409 415 422");
        buf_puts(b, "}}}");
    }
}

/* The portal's public reads (api_public.c, portal_digest.c): no sign-in. */
static void public_paths(buf *b)
{
    static const struct {
        const char *path, *summary, *params;
    } p[] = {
        {"/public/{org}/officers", "officers whose certificates are in force today", ""},
        {"/public/{org}/matters", "matters in effect today, with discretion benchmarks", ""},
        {"/public/{org}/decisions",
         "disclosed penalty decisions, newest first (citizens' names masked; withdrawn ones "
         "without content)",
         ",{\"name\":\"from\",\"in\":\"query\",\"schema\":{\"type\":\"string\",\"format\":"
         "\"date\"}},{\"name\":\"to\",\"in\":\"query\",\"schema\":{\"type\":\"string\","
         "\"format\":\"date\"}},{\"name\":\"matter\",\"in\":\"query\",\"schema\":{\"type\":"
         "\"integer\"}},{\"name\":\"party_kind\",\"in\":\"query\",\"schema\":{\"type\":"
         "\"string\",\"enum\":[\"citizen\",\"organisation\"]}},{\"name\":\"q\",\"in\":"
         "\"query\",\"schema\":{\"type\":\"string\",\"maxLength\":100}},{\"name\":\"limit\","
         "\"in\":\"query\",\"schema\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100}},"
         "{\"name\":\"offset\",\"in\":\"query\",\"schema\":{\"type\":\"integer\","
         "\"minimum\":0}}"},
        {"/public/{org}/digest",
         "the audit chain's head at the end of each of the last 30 days it grew; ?seq= the "
         "entry at a sequence number",
         ",{\"name\":\"seq\",\"in\":\"query\",\"schema\":{\"type\":\"integer\","
         "\"minimum\":1}}"},
    };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        buf_printf(b, ",\"%s\":{\"get\":{\"tags\":[\"公开\"],\"security\":[],\"summary\":", p[i].path);
        buf_put_json_str(b, p[i].summary);
        buf_printf(b, ",\"parameters\":[{\"name\":\"org\",\"in\":\"path\",\"required\":"
                      "true,\"schema\":{\"type\":\"string\"}}%s],\"responses\":{\"200\":"
                      "{\"description\":\"public fields only\"}",
                   p[i].params);
        error_responses(b, "400 404");
        buf_puts(b, "}}}");
    }
    buf_puts(b, ",\"/public/certificates/{id}\":{\"get\":{\"tags\":[\"公开\"],\"security\":[],"
                "\"summary\":\"one certificate in any standing (officer verification)\","
                "\"parameters\":[");
    id_param(b);
    buf_puts(b, "],\"responses\":{\"200\":{\"description\":\"the officer and the "
                "certificate's standing today\"}");
    error_responses(b, "404");
    buf_puts(b, "}}}");
}

void api_openapi(struct request *req, struct response *r)
{
    buf *b = &r->body;
    buf_puts(b, "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"fazhi API\",\"version\":\"1\","
                "\"description\":");
    str(b, "街道法治政府建设平台接口。登录：POST /session（Cookie + X-CSRF-Token），或 "
           "Authorization: Bearer 令牌。错误统一为 {\"error\":{\"code\",\"message\"}}。");
    buf_puts(b, "},\"servers\":[{\"url\":\"/api/v1\"}],"
                "\"security\":[{\"bearer\":[]},{\"cookie\":[]}],"
                "\"components\":{\"securitySchemes\":{\"bearer\":{\"type\":\"http\","
                "\"scheme\":\"bearer\"},\"cookie\":{\"type\":\"apiKey\",\"in\":\"cookie\","
                "\"name\":\"fz_session\"}},\"schemas\":{\"Error\":{\"type\":\"object\","
                "\"properties\":{\"error\":{\"type\":\"object\",\"properties\":{\"code\":"
                "{\"type\":\"string\"},\"message\":{\"type\":\"string\"},\"field\":{\"type\":"
                "\"string\"}},\"required\":[\"code\",\"message\"]}}}");
    int n;
    const struct entity *const *all = entity_all(&n);
    for (int i = 0; i < n; i++) {
        const struct entity *e = all[i];
        buf_printf(b, ",\"%s\":", e->name);
        object_schema(b, e->fields, e->nfields, 0, e);
        buf_printf(b, ",\"%s.create\":", e->name);
        object_schema(b, e->fields, e->nfields, 1, e);
        buf_printf(b, ",\"%s.update\":", e->name);
        object_schema(b, e->fields, e->nfields, 2, e);
        buf_printf(b,
                   ",\"%s.list\":{\"type\":\"object\",\"properties\":{\"items\":{\"type\":"
                   "\"array\",\"items\":{\"$ref\":\"#/components/schemas/%s\"}},\"total\":"
                   "{\"type\":\"integer\"},\"page\":{\"type\":\"integer\"},\"per_page\":"
                   "{\"type\":\"integer\"}}}",
                   e->name, e->name);
    }
    buf_puts(b, "}},\"paths\":{");
    buf_puts(b, "\"/session\":{\"post\":{\"tags\":[\"会话\"],\"security\":[],\"summary\":"
                "\"sign in\",\"requestBody\":{\"required\":true,\"content\":{\"application/json\":"
                "{\"schema\":{\"type\":\"object\",\"required\":[\"username\",\"password\"],"
                "\"properties\":{\"username\":{\"type\":\"string\"},\"password\":{\"type\":"
                "\"string\"}}}}}},\"responses\":{\"201\":{\"description\":\"signed in; sets the "
                "fz_session cookie and returns csrf_token\"}");
    error_responses(b, "401 403 415 429");
    buf_puts(b, "}},\"get\":{\"tags\":[\"会话\"],\"responses\":{\"200\":{\"description\":"
                "\"the signed-in user\"}");
    error_responses(b, "401");
    buf_puts(b, "}},\"delete\":{\"tags\":[\"会话\"],\"responses\":{\"204\":{\"description\":"
                "\"signed out\"}}}}");
    buf_puts(b, ",\"/orgs\":{\"get\":{\"tags\":[\"机构\"],\"responses\":{\"200\":"
                "{\"description\":\"organisations visible to you\"}}}}");
    buf_puts(b, ",\"/calendar/due\":{\"get\":{\"tags\":[\"期限\"],\"parameters\":[{\"name\":"
                "\"from\",\"in\":\"query\",\"required\":true,\"schema\":{\"type\":\"string\","
                "\"format\":\"date\"}},{\"name\":\"days\",\"in\":\"query\",\"required\":true,"
                "\"schema\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":3650}},{\"name\":"
                "\"working\",\"in\":\"query\",\"schema\":{\"type\":\"string\",\"enum\":[\"1\","
                "\"0\"]}}],\"responses\":{\"200\":{\"description\":\"the due date and how it was "
                "computed\"}");
    error_responses(b, "400 401");
    buf_puts(b, "}}}");
    buf_puts(b, ",\"/me/work\":{\"get\":{\"tags\":[\"工作台\"],\"responses\":{\"200\":"
                "{\"description\":\"open and overdue items, most urgent first\"}}}}");
    buf_puts(b, ",\"/stats/enforcement\":{\"get\":{\"tags\":[\"统计\"],\"summary\":\"enforcement "
                "figures of an organisation's subtree over a period (default: the caller's "
                "subdistrict, this calendar year)\",\"parameters\":[{\"name\":\"org\",\"in\":"
                "\"query\",\"schema\":{\"type\":\"string\"}},{\"name\":\"from\",\"in\":\"query\","
                "\"schema\":{\"type\":\"string\",\"format\":\"date\"}},{\"name\":\"to\",\"in\":"
                "\"query\",\"schema\":{\"type\":\"string\",\"format\":\"date\"}}],\"responses\":"
                "{\"200\":{\"description\":\"counts, amounts in yuan, and cases by matter\"}");
    error_responses(b, "400 401 404");
    buf_puts(b, "}}}");
    /* enforcement documents (pages_documents.c) */
    buf_puts(b, ",\"/penalty_cases/{id}/documents\":{\"post\":{\"tags\":[\"行政处罚案件\"],"
                "\"summary\":\"make an enforcement document (PDF) from the case, store it and "
                "record it as a case_documents row\",\"parameters\":[");
    id_param(b);
    buf_puts(b, "],\"requestBody\":{\"required\":true,\"content\":{\"application/json\":"
                "{\"schema\":{\"type\":\"object\",\"required\":[\"kind\"],\"properties\":"
                "{\"kind\":{\"type\":\"string\",\"enum\":[");
    for (const struct choice *k = case_document_kinds; k->value; k++) {
        if (k != case_document_kinds)
            buf_putc(b, ',');
        str(b, k->value);
    }
    buf_puts(b, "]}},\"additionalProperties\":false}}}},\"responses\":{\"201\":"
                "{\"description\":\"the new case_documents record\"}");
    error_responses(b, "401 403 404 409 415 422");
    buf_puts(b, "}}}");
    buf_puts(b, ",\"/files\":{\"post\":{\"tags\":[\"文件\"],\"summary\":\"upload a file (raw "
                "body; Content-Type is the file's type; ?name= its name)\",\"parameters\":"
                "[{\"name\":\"name\",\"in\":\"query\",\"schema\":{\"type\":\"string\"}}],"
                "\"requestBody\":{\"required\":true,\"content\":{\"*/*\":{\"schema\":{\"type\":"
                "\"string\",\"format\":\"binary\"}}}},\"responses\":{\"201\":{\"description\":"
                "\"stored, content-addressed by SHA-256\"}");
    error_responses(b, "401 403 413 415 422");
    buf_puts(b, "}}},\"/files/{id}\":{\"get\":{\"tags\":[\"文件\"],\"parameters\":[");
    id_param(b);
    buf_puts(b, "],\"responses\":{\"200\":{\"description\":\"file metadata\"}");
    error_responses(b, "401 404");
    buf_puts(b, "}}},\"/files/{id}/content\":{\"get\":{\"tags\":[\"文件\"],\"parameters\":[");
    id_param(b);
    buf_puts(b, "],\"responses\":{\"200\":{\"description\":\"the bytes\"}");
    error_responses(b, "401 404");
    buf_puts(b, "}}}");
    /* resumable uploads (api_uploads.c) */
    buf_puts(b, ",\"/uploads\":{\"post\":{\"tags\":[\"文件\"],\"summary\":\"open a resumable "
                "upload of a large file (up to 512 MiB)\",\"requestBody\":{\"required\":true,"
                "\"content\":{\"application/json\":{\"schema\":{\"type\":\"object\","
                "\"required\":[\"name\",\"size\"],\"additionalProperties\":false,"
                "\"properties\":{\"name\":{\"type\":\"string\"},\"size\":{\"type\":"
                "\"integer\",\"minimum\":1,\"maximum\":536870912},\"sha256\":{\"type\":"
                "\"string\",\"pattern\":\"^[0-9a-fA-F]{64}$\"}}}}}},\"responses\":{\"201\":"
                "{\"description\":\"the upload: id, received, chunk_size, expires_at\"}");
    error_responses(b, "401 403 409 413 422");
    buf_puts(b, "}}},\"/uploads/{id}\":{\"get\":{\"tags\":[\"文件\"],\"summary\":\"where an "
                "upload stands\",\"parameters\":[");
    id_param(b);
    buf_puts(b, "],\"responses\":{\"200\":{\"description\":\"the upload; file once "
                "complete\"}");
    error_responses(b, "401 404");
    buf_puts(b, "}},\"put\":{\"tags\":[\"文件\"],\"summary\":\"one chunk (at most 8 MiB), "
                "starting where the bytes received end; Content-Range: bytes FIRST-LAST/SIZE or "
                "?offset=\",\"parameters\":[");
    id_param(b);
    buf_puts(b, ",{\"name\":\"Content-Range\",\"in\":\"header\",\"schema\":{\"type\":"
                "\"string\"}},{\"name\":\"offset\",\"in\":\"query\",\"schema\":{\"type\":"
                "\"integer\",\"minimum\":0}}],\"requestBody\":{\"required\":true,\"content\":"
                "{\"application/octet-stream\":{\"schema\":{\"type\":\"string\",\"format\":"
                "\"binary\"}}}},\"responses\":{\"200\":{\"description\":\"received; with the "
                "stored file after the last chunk\"}");
    error_responses(b, "400 401 403 404 409 413 415 422");
    buf_puts(b, "}},\"delete\":{\"tags\":[\"文件\"],\"summary\":\"cancel\",\"parameters\":[");
    id_param(b);
    buf_puts(b, "],\"responses\":{\"204\":{\"description\":\"cancelled\"}");
    error_responses(b, "401 403 404");
    buf_puts(b, "}}}");
    public_paths(b);
    for (int i = 0; i < n; i++)
        entity_paths(b, all[i], req->a);
    buf_puts(b, "}}");
    r->content_type = "application/json; charset=utf-8";
    r->status = 200;
    resp_header(r, "Cache-Control", "no-cache");
}
