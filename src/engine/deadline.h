/* deadline.h — running deadlines of records (deadlines table), computed in the official
 * working-day calendar (RULES.md §0) and explained on demand.
 *
 * A deadline starts (status running) from a definition in the entity's table and stops
 * (met) when the stopping transition fires. Overdue = running and today > due date. */
#ifndef FZ_DEADLINE_H
#define FZ_DEADLINE_H

#include "engine/entity.h"

struct deadline_view {
    int64_t id;
    const char *kind, *label, *base_date, *due_date, *unit, *status;
    int count;
    bool overdue;  /* running and past due */
    bool due_soon; /* running and due within DEADLINE_SOON_WORKING_DAYS working days */
    int days_left; /* working days from today to the due date (negative: overdue by) */
};

#define DEADLINE_SOON_WORKING_DAYS 3

/* Starts deadline `name` of r (inside the caller's transaction). */
fz_err deadline_start(struct ctx *c, const struct record *r, const char *name);
/* Stops every running deadline `name` of r (status met). */
fz_err deadline_stop(struct ctx *c, const struct record *r, const char *name);
/* Recomputes running deadline `name` of r after its base date changed. */
fz_err deadline_restart(struct ctx *c, const struct record *r, const char *name);
/* Recomputes every running deadline from its base date with the current calendar (after a
 * calendar file was added or corrected); *moved gets how many due dates changed. */
fz_err deadline_recompute_all(struct ctx *c, int *moved);
/* Loads every deadline of a record, newest first. */
fz_err deadline_load(struct ctx *c, struct record *r);
/* Computes a due date per the definition from base; ex may be NULL. -1 if no base date. */
int deadline_compute(const calendar *cal, const struct deadline_def *d, int base,
                     struct cal_explain *ex, arena *a);
/* Fills the derived flags of a view from today. */
void deadline_classify(struct ctx *c, struct deadline_view *v);
const struct deadline_def *deadline_def(const struct entity *e, const char *name);

#endif
