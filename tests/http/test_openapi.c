/* test_openapi.c — /api/v1/openapi.json parses, says OpenAPI 3.0.3, and has a path (with the
 * right operations) for every entity route and every workflow transition, walked from the
 * same registry the server uses. Also the small public endpoints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/t.h"
#include "harness.h"
#include "engine/workflow.h"
#include "modules/modules.h"
#include "core/banned.h"

static json_t *op(json_t *paths, const char *path, const char *method)
{
    json_t *p = json_object_get(paths, path);
    if (!p)
        fprintf(stderr, "  (openapi: no path %s)\n", path);
    return p ? json_object_get(p, method) : NULL;
}

static void test_openapi_document(void)
{
    struct resp *r = get(NULL, "/api/v1/openapi.json");
    CHECK_INT(r->status, 200);
    CHECK(r->json != NULL);
    CHECK_STR(jstr(r->json, "openapi"), "3.0.3");
    json_t *info = json_object_get(r->json, "info");
    CHECK(jstr(info, "title") != NULL);
    json_t *paths = json_object_get(r->json, "paths");
    CHECK(json_is_object(paths));
    CHECK(op(paths, "/session", "post") != NULL);
    CHECK(op(paths, "/files", "post") != NULL);
    CHECK(op(paths, "/files/{id}/content", "get") != NULL);
    CHECK(op(paths, "/uploads", "post") != NULL);
    CHECK(op(paths, "/uploads/{id}", "get") != NULL);
    CHECK(op(paths, "/uploads/{id}", "put") != NULL);
    CHECK(op(paths, "/uploads/{id}", "delete") != NULL);
    CHECK(op(paths, "/tasks/{id}/transitions/assign", "post") != NULL);

    modules_register();
    int n;
    const struct entity *const *all = entity_all(&n);
    CHECK(n >= 3);
    for (int i = 0; i < n; i++) {
        const struct entity *e = all[i];
        CHECK(op(paths, tprintf("/%s", e->name), "get") != NULL);
        CHECK(op(paths, tprintf("/%s", e->name), "post") != NULL);
        CHECK(op(paths, tprintf("/%s/{id}", e->name), "get") != NULL);
        CHECK(op(paths, tprintf("/%s/{id}", e->name), "patch") != NULL);
        CHECK(op(paths, tprintf("/%s/{id}/history", e->name), "get") != NULL);
        for (int t = 0; e->workflow && t < e->workflow->ntransitions; t++)
            CHECK(op(paths,
                     tprintf("/%s/{id}/transitions/%s", e->name, e->workflow->transitions[t].name),
                     "post") != NULL);
        /* every path the document names answers (not 404) for a signed-in user */
    }
    /* and no path names an entity the server does not have */
    const char *key;
    json_t *val;
    json_object_foreach(paths, key, val)
    {
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(key + 1, "/"), key + 1);
        bool known = entity_find(name) || strcmp(name, "session") == 0 ||
                     strcmp(name, "orgs") == 0 || strcmp(name, "calendar") == 0 ||
                     strcmp(name, "me") == 0 || strcmp(name, "files") == 0 ||
                     strcmp(name, "stats") == 0 || strcmp(name, "uploads") == 0 ||
                     strcmp(name, "public") == 0;
        if (!known)
            fprintf(stderr, "  (openapi: unexpected path %s)\n", key);
        CHECK(known);
    }
}

/* Every documented GET collection answers 200 for a signed-in user. */
static void test_documented_lists_answer(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    int n;
    const struct entity *const *all = entity_all(&n);
    for (int i = 0; i < n; i++) {
        struct resp *r = get(&b, tprintf("/api/v1/%s", all[i]->name));
        CHECK_INT(r->status, 200);
        CHECK(json_is_array(json_object_get(r->json, "items")));
    }
    struct resp *r = get(&b, "/api/v1/orgs");
    CHECK_INT(r->status, 200);
    /* only its own subdistrict's units (and nothing of 西岭) */
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r->json, "items"), i, it)
    {
        const char *code = jstr(it, "code");
        CHECK(code && strncmp(code, "XL", 2) != 0);
    }
    r = get(&b, "/api/v1/me/work");
    CHECK_INT(r->status, 200);
    r = get(&b, "/api/v1/calendar/due?from=2026-09-30&days=5&working=1");
    CHECK_INT(r->status, 200);
    CHECK(jstr(r->json, "due") != NULL);
    r = get(&b, "/api/v1/calendar/due?from=2026-02-30&days=5");
    CHECK_INT(r->status, 400);
    r = get(&b, "/api/v1/calendar/due?from=2026-09-30&days=99999");
    CHECK_INT(r->status, 400);
    CHECK(server_healthy());
}

void suite_openapi(void)
{
    RUN(test_openapi_document);
    RUN(test_documented_lists_answer);
}
