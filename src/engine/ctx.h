/* ctx.h — what every engine operation is given: the connection, the request's arena, the
 * calendar, the acting user, the clock, and a slot for the user-facing error.
 *
 * Ownership: the caller owns everything a ctx points to and keeps it alive for the call;
 * strings the engine returns are allocated from ctx->a. */
#ifndef FZ_CTX_H
#define FZ_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/calendar.h"
#include "core/crypto.h"
#include "core/err.h"
#include "engine/roles.h"
#include "store/store.h"

#define ACTOR_MAX_ROLES 16

enum org_kind { ORG_CITY, ORG_DISTRICT, ORG_SUBDISTRICT, ORG_DEPARTMENT, ORG_COMMUNITY, ORG__MAX };

struct role_binding {
    enum role role;
    int64_t org_id;    /* the organisation the role is bound to */
    int64_t tenant_id; /* that organisation's tenant */
    enum org_kind kind;
    const char *org_code, *org_name;
    /* bound at the top of the only organisation tree: every record lies under it (lists
     * read such a role's scope as "all") */
    bool everything;
};

struct actor {
    int64_t user_id; /* 0 for the system (command line, demo loader) */
    const char *username, *name;
    int64_t home_org_id, tenant_id;
    const char *home_org_name;
    struct role_binding roles[ACTOR_MAX_ROLES];
    int nroles;
    bool system;
};

struct ctx {
    sconn *db;
    arena *a;
    const calendar *cal;
    const struct actor *actor;
    enum hash_alg alg;
    int64_t now_ms;
    int today;
    const char *address; /* client address for the audit trail, or "" */
    fz_error err;
    /* Refusals met inside a caller's transaction wait here, so that rolling the work back
     * does not take their audit entries with it (audit_flush_refusals). */
    struct pending_audit *pending;
};

/* Initialise with now = the (pinnable) clock. A NULL actor is the anonymous visitor: no
 * roles, sees and writes nothing (only code that runs as the system passes actor_system). */
void ctx_init(struct ctx *c, sconn *db, arena *a, const calendar *cal, const struct actor *actor,
              enum hash_alg alg);
/* Record a user-facing error and return its code. fmt may be NULL (default text). */
fz_err ctx_fail(struct ctx *c, fz_err code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The actor every command-line action runs as. */
extern const struct actor actor_system;
/* Whoever has not signed in. */
extern const struct actor actor_anonymous;

#endif
