/* access.h — who may do what where. A role bound to an organisation covers that
 * organisation's subtree (org_closure). The system actor covers everything. */
#ifndef FZ_ACCESS_H
#define FZ_ACCESS_H

#include "core/buf.h"
#include "engine/ctx.h"

/* Whether the actor holds a role in role_mask bound at org_id or one of its ancestors. */
bool access_covers(struct ctx *c, unsigned role_mask, int64_t org_id);
/* Whether the actor holds any role in tenant_id, or above it. */
bool access_in_tenant(struct ctx *c, int64_t tenant_id);
/* Like access_covers, or a role in mask bound anywhere in org_id's tenant. */
bool access_covers_tenant(struct ctx *c, unsigned role_mask, int64_t org_id);
/* Whether the actor holds any role in role_mask at all. */
bool access_has_role(const struct actor *a, unsigned role_mask);
/* The actor's writable role mask: supervisor never writes. */
unsigned access_write_mask(unsigned mask);

/* Bound parameters collected while building SQL. */
struct sql_params {
    int n;
    bool overflow; /* more than fit: sqlp_prepare fails */
    struct {
        bool is_text;
        int64_t i;
        const char *s;
    } v[64];
};
void sqlp_int(struct sql_params *p, int64_t v);
void sqlp_text(struct sql_params *p, const char *s);
/* Prepares sql and binds p. NULL if the SQL does not prepare or the parameters overflowed
 * (the statement is then already given back: nothing to db_done). */
stmt *sqlp_prepare(sconn *db, const buf *sql, const struct sql_params *p);

#endif
