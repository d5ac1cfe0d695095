/* access.c — role coverage over the organisation tree, and bound SQL parameters. */
#include "access.h"

#include "engine/people.h"
#include "core/log.h"
#include "core/banned.h"

bool access_has_role(const struct actor *a, unsigned mask)
{
    if (a->system)
        return true;
    for (int i = 0; i < a->nroles; i++)
        if (mask & R(a->roles[i].role))
            return true;
    return false;
}

unsigned access_write_mask(unsigned mask)
{
    return mask & ROLES_WRITERS;
}

bool access_covers(struct ctx *c, unsigned mask, int64_t org_id)
{
    const struct actor *a = c->actor;
    if (a->system)
        return true;
    for (int i = 0; i < a->nroles; i++) {
        const struct role_binding *b = &a->roles[i];
        if (!(mask & R(b->role)))
            continue;
        if (b->org_id == org_id || org_is_within(c, org_id, b->org_id))
            return true;
    }
    return false;
}

bool access_covers_tenant(struct ctx *c, unsigned mask, int64_t org_id)
{
    if (access_covers(c, mask, org_id))
        return true;
    struct org o;
    if (org_by_id(c, org_id, &o))
        return false;
    for (int i = 0; i < c->actor->nroles; i++) {
        const struct role_binding *b = &c->actor->roles[i];
        if ((mask & R(b->role)) && b->tenant_id == o.tenant_id)
            return true;
    }
    return false;
}

bool access_in_tenant(struct ctx *c, int64_t tenant_id)
{
    const struct actor *a = c->actor;
    if (a->system)
        return true;
    for (int i = 0; i < a->nroles; i++)
        if (a->roles[i].tenant_id == tenant_id || org_is_within(c, tenant_id, a->roles[i].org_id))
            return true;
    return false;
}

void sqlp_int(struct sql_params *p, int64_t v)
{
    if (p->n >= (int)(sizeof p->v / sizeof p->v[0])) {
        p->overflow = true;
        return;
    }
    p->v[p->n].is_text = false;
    p->v[p->n++].i = v;
}

void sqlp_text(struct sql_params *p, const char *s)
{
    if (p->n >= (int)(sizeof p->v / sizeof p->v[0])) {
        p->overflow = true;
        return;
    }
    p->v[p->n].is_text = true;
    p->v[p->n++].s = s;
}

stmt *sqlp_prepare(sconn *db, const buf *sql, const struct sql_params *p)
{
    if (p->overflow) {
        log_error("sql: too many parameters");
        return NULL;
    }
    stmt *st = sql->err ? NULL : db_prepare(db, sql->p);
    if (!st)
        return NULL;
    for (int i = 0; i < p->n; i++) {
        if (p->v[i].is_text)
            db_bind_text(st, i + 1, p->v[i].s);
        else
            db_bind_int(st, i + 1, p->v[i].i);
    }
    return st;
}
