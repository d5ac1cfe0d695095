/* public_writes.c — the per-address limit on writes to public routes (the portal's forms),
 * as router.c applies it: a refusal is a 429 that says when to try again, and nothing else
 * happens. */
#include "http.h"

#include <math.h>
#include <string.h>

#include "core/log.h"
#include "http/portal.h"
#include "http/ratelimit.h"
#include "core/banned.h"

bool http_public_write_allowed(struct request *req, struct response *r)
{
    struct ratelimit *rl = req->cfg ? req->cfg->public_writes : NULL;
    struct ratelimit *unit = req->cfg ? req->cfg->unit_writes : NULL;
    double retry = 0;
    /* the portal written to: "/p/DH" of "/p/DH/apply" */
    const char *third = strchr(req->path + (req->path[0] == '/'), '/');
    third = third ? strchr(third + 1, '/') : NULL;
    const char *unit_key = third ? arena_strndup(req->a, req->path, (size_t)(third - req->path))
                                 : req->path;
    if ((!rl || ratelimit_take(rl, req->address, &retry)) &&
        (!unit || ratelimit_take(unit, unit_key, &retry)))
        return true;
    long secs = (long)ceil(retry - 1e-9); /* 10.000000001 s is "10 s" */
    if (secs < 1)
        secs = 1;
    log_debug("public write refused: %s %s from %s (retry in %ld s)", req->method, req->path,
              req->address ? req->address : "?", secs);
    const char *msg = arena_printf(req->a, "提交过于频繁，请 %ld 秒后再试。", secs);
    /* a visitor of the portal gets the portal's page, with its way back */
    if (strncmp(req->path, "/api/", 5) != 0 && strncmp(req->path, "/app/", 5) != 0 &&
        strcmp(req->path, "/app") != 0)
        portal_error(req, r, NULL, 429, msg);
    else
        http_error(req, r, FZ_ETHROTTLED, msg);
    resp_header(r, "Retry-After", arena_printf(req->a, "%ld", secs));
    return false;
}
