/* history.h — a record's history as people read it: each audit entry of the record with
 * who, when, what happened, and which fields changed from what to what. */
#ifndef FZ_HISTORY_H
#define FZ_HISTORY_H

#include "engine/entity.h"

struct history_change {
    const char *field, *label, *before, *after;
};

struct history_item {
    const char *at;      /* ISO instant */
    const char *actor;   /* the user's name (username when the user is gone) */
    const char *action;  /* "tasks.assign" */
    const char *summary; /* Chinese: 新建 / 修改 / 交办 / 被拒绝：… */
    struct history_change *changes;
    size_t nchanges;
};

fz_err history_load(struct ctx *c, const struct entity *e, int64_t id, struct history_item **out,
                    size_t *n);

#endif
