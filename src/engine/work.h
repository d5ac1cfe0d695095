/* work.h — "my work": what a user should look at now: records with running deadlines
 * (overdue first, then the soonest), and drafts they created that still wait for a step. */
#ifndef FZ_WORK_H
#define FZ_WORK_H

#include "engine/entity.h"

struct work_item {
    const struct entity *e;
    int64_t id, org_id; /* org_id: the record's tenant */
    const char *title, *status, *status_label, *due_date, *deadline_label, *reason;
    bool overdue, due_soon;
    int days_left; /* working days; negative when overdue */
};

/* Collects up to max items visible to the actor, most urgent first. */
fz_err work_collect(struct ctx *c, struct work_item **out, size_t *n, size_t max);

#endif
