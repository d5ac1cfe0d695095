/* roles.h — the roles a user can hold, each bound to an organisation (GLOSSARY.md).
 * A role sees its organisation's subtree and no more; supervisor only reads. */
#ifndef FZ_ROLES_H
#define FZ_ROLES_H

#include <stdbool.h>

/* X(enum, identifier, Chinese label, may write) */
#define ROLE_LIST(X)                                                                               \
    X(ROLE_ADMIN, "admin", "系统管理员", true)                                                     \
    X(ROLE_LEADER, "leader", "领导", true)                                                         \
    X(ROLE_STAFF, "staff", "工作人员", true)                                                       \
    X(ROLE_OFFICER, "officer", "执法人员", true)                                                   \
    X(ROLE_LEGAL_REVIEWER, "legal_reviewer", "法制审核人员", true)                                 \
    X(ROLE_LEGAL_ADVISOR, "legal_advisor", "法律顾问", true)                                       \
    X(ROLE_MEDIATOR, "mediator", "调解员", true)                                                   \
    X(ROLE_GRID_WORKER, "grid_worker", "网格员", true)                                             \
    X(ROLE_SUPERVISOR, "supervisor", "监督人员", false)

#define ROLE_ENUM(e, id, label, w) e,
enum role { ROLE_LIST(ROLE_ENUM) ROLE__MAX };
#undef ROLE_ENUM

#define R(x) (1u << (x))
#define ROLES_ALL ((1u << ROLE__MAX) - 1)
/* Every role that may write (all but supervisor). */
#define ROLES_WRITERS (ROLES_ALL & ~R(ROLE_SUPERVISOR))

const char *role_name(enum role r);
const char *role_label(enum role r);
bool role_may_write(enum role r);
/* Returns -1 for an unknown identifier. */
int role_parse(const char *name);

#endif
