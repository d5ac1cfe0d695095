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
    int paused_days;          /* days (working days for a working-day count) it stood still */
    int extended_days;        /* days added by approved extensions */
    const char *paused_since; /* while suspended */
    bool overdue;             /* running and past due */
    bool due_soon;            /* running and due within DEADLINE_SOON_WORKING_DAYS working days */
    int days_left;            /* working days from today to the due date (negative: overdue by) */
};

#define DEADLINE_SOON_WORKING_DAYS 3

/* Starts deadline `name` of r (inside the caller's transaction). */
fz_err deadline_start(struct ctx *c, const struct record *r, const char *name);
/* Stops every running deadline `name` of r (status met). */
fz_err deadline_stop(struct ctx *c, const struct record *r, const char *name);
/* Ends r's running deadline name without it counting as met (status stopped). */
fz_err deadline_void(struct ctx *c, const struct record *r, const char *name);
/* Stops whatever still runs or stands suspended on r (status stopped): a record that
 * reaches a terminal state has no clocks left. */
fz_err deadline_stop_all(struct ctx *c, const struct record *r);
/* Suspends (中止) running deadline `name`: its clock stops today. */
fz_err deadline_suspend(struct ctx *c, const struct record *r, const char *name);
/* Resumes a suspended deadline: the days it stood still move its due date. */
fz_err deadline_resume(struct ctx *c, const struct record *r, const char *name);
/* Extends a running or suspended deadline by days (an approved extension). */
fz_err deadline_extend(struct ctx *c, const struct record *r, const char *name, int days);
/* Recomputes running deadline `name` of r after its base date changed. */
fz_err deadline_restart(struct ctx *c, const struct record *r, const char *name);
/* Recomputes every running deadline from its base date with the current calendar (after a
 * calendar file was added or corrected); *moved gets how many due dates changed. */
fz_err deadline_recompute_all(struct ctx *c, int *moved);
/* Loads every deadline of a record, newest first. */
fz_err deadline_load(struct ctx *c, struct record *r);
/* Computes a due date per the definition from base, plus extra days (suspensions and
 * extensions: working days for a working-day deadline, else calendar days); ex may be
 * NULL. */
int deadline_compute(const calendar *cal, const struct deadline_def *d, int base, int extra,
                     struct cal_explain *ex, arena *a);
/* Fills the derived flags of a view from today. */
void deadline_classify(struct ctx *c, struct deadline_view *v);
const struct deadline_def *deadline_def(const struct entity *e, const char *name);

#endif
