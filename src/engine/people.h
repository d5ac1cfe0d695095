/* people.h — organisations (district → subdistrict → department / community), users and
 * their role bindings. Every change is validated, access-checked and audited like any
 * entity write; the CLI acts as the system actor.
 *
 * Ownership: strings in returned structs come from ctx->a. */
#ifndef FZ_PEOPLE_H
#define FZ_PEOPLE_H

#include "engine/ctx.h"

struct org {
    int64_t id, parent_id, tenant_id, version;
    const char *code, *name;
    enum org_kind kind;
    int depth;
};

const char *org_kind_name(enum org_kind k);
const char *org_kind_label(enum org_kind k);
int org_kind_parse(const char *s); /* -1 if unknown */

fz_err org_add(struct ctx *c, const char *code, const char *name, const char *kind,
               const char *parent_code, int64_t *id_out);
fz_err org_by_code(struct ctx *c, const char *code, struct org *out);
fz_err org_by_id(struct ctx *c, int64_t id, struct org *out);
/* Every org, ordered by tree position; *n gets the count. */
fz_err org_list_all(struct ctx *c, struct org **out, size_t *n);
/* Whether ancestor is descendant or one of its ancestors. */
bool org_is_within(struct ctx *c, int64_t descendant, int64_t ancestor);

fz_err user_add(struct ctx *c, const char *username, const char *name, const char *org_code,
                const char *role, const char *password, int64_t *id_out);
fz_err user_role_add(struct ctx *c, int64_t user_id, const char *role, const char *org_code);
fz_err user_set_password(struct ctx *c, int64_t user_id, const char *password);
/* Disables (ending every session) or re-enables an account; audited. */
fz_err user_set_active(struct ctx *c, int64_t user_id, bool active);

struct user_row {
    int64_t id;
    const char *username, *name, *home_org_code, *roles; /* roles: "staff@DH, leader@DH-ZF" */
    bool active;
};
/* Active users of the tenants the actor works in (form choices), by name. */
fz_err user_choices(struct ctx *c, struct user_row **out, size_t *n);
/* Every user (the system actor) or those under the actor's admin roles, by username. */
fz_err user_list(struct ctx *c, struct user_row **out, size_t *n);
/* For sign-in: id, encoded hash and whether active. FZ_ENOTFOUND if no such user. */
fz_err user_lookup(struct ctx *c, const char *username, int64_t *id, const char **hash,
                   bool *active);
/* Loads the user and role bindings into *out (strings from ctx->a). */
fz_err actor_load(struct ctx *c, int64_t user_id, struct actor *out);

/* Canonical states (for audit and verify). Return FZ_ENOTFOUND if the row is gone. */
fz_err org_canon(struct ctx *c, int64_t id, buf *b);
fz_err user_canon(struct ctx *c, int64_t id, buf *b);
fz_err user_role_canon(struct ctx *c, int64_t id, buf *b);

#endif
