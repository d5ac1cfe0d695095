/* workflow.h — workflows as tables: states, transitions, who may fire them, the guards that
 * enforce the law, the deadlines they start and stop, and the audit event.
 *
 * A transition fires through workflow_fire(): the record must be visible (else 404), the
 * actor must hold one of the transition's roles at the record's place (else 403, audited
 * as a refusal), the record must be in a `from` state and every guard must pass (else 409
 * with the guard's reason, audited as a refusal). Then, in one transaction: the status
 * changes, set_date_field gets today, deadlines start/stop, and the audit entry
 * "<entity>.<transition>" records before, after and the parameters. */
#ifndef FZ_WORKFLOW_H
#define FZ_WORKFLOW_H

#include "engine/entity.h"

struct wf_state {
    const char *name, *label;
    bool terminal;
};

/* What a guard may look at. Guards do no I/O themselves: facts that need the store come
 * through the callbacks, so a guard is tested with a hand-made guard_ctx. */
struct guard_ctx {
    const struct record *rec;    /* the record as it is now */
    const struct record *params; /* the transition's parameters (fields of `params`) */
    const struct actor *actor;
    int today;
    const calendar *cal;
    /* Count of child records of entity `child` pointing at rec; with status non-NULL, only
     * those in that workflow state. -1 on error. */
    int64_t (*count_children)(const struct guard_ctx *g, const char *child, const char *status);
    /* The record an FT_REF field of rec names (NULL if empty or gone). */
    const struct record *(*ref)(const struct guard_ctx *g, const char *field);
    /* The records an FT_REFS field of rec names; returns the count, *out the records. */
    size_t (*refs)(const struct guard_ctx *g, const char *field, const struct record ***out);
    /* The newest record of `entity` in rec's tenant whose column `field` equals value (NULL
     * if none): settings and catalogue lookups. */
    const struct record *(*find)(const struct guard_ctx *g, const char *entity, const char *field,
                                 const char *value);
    /* The same with a second condition (field2 NULL: none) and, for a versioned catalogue
     * (effective_from/effective_to), only a row in force on day — the newest such. find is
     * find_on(…, NULL, NULL, today). */
    const struct record *(*find_on)(const struct guard_ctx *g, const char *entity,
                                    const char *field, const char *value, const char *field2,
                                    const char *value2, int day);
    const struct wf_transition *transition; /* the transition being fired */
    void *impl;                             /* the engine's state for the callbacks */
};

/* A parameter's value (NULL when not given). */
const struct value *guard_param(const struct guard_ctx *g, const struct wf_transition *t,
                                const char *name);
/* A field's value in a record (NULL when empty). */
const struct value *guard_field(const struct record *r, const char *name);

/* Returns NULL if the transition may go ahead, else the reason (Chinese, for the user). */
typedef const char *(*guard_fn)(const struct guard_ctx *g);

#define WF_MAX_GUARDS 8
#define WF_MAX_SETS 12

/* A field a transition sets to a constant: a literal in the field's JSON form ("1" for true,
 * an enum value, a date), "@today", "@actor" (FT_USER: who fires it) or "@null". */
struct wf_set {
    const char *field, *value;
};

/* Transition parameters whose names are fields of the entity are written to the record
 * (a prior notice's served-on date, a decision's fine): the parameter table gives their
 * type, and they are validated like any field. */
struct wf_transition {
    const char *name, *label;
    const char *from; /* space-separated state names */
    const char *to;   /* NULL: the state stays (a suspension, an extension) */
    unsigned roles;
    guard_fn guards[WF_MAX_GUARDS];
    const struct field *params; /* body fields, validated and kept in the audit detail */
    int nparams;
    const char *start_deadline;                     /* a name in the entity's deadline table */
    const char *stop_deadline;                      /* names in it, space-separated */
    /* Deadlines that no longer count, not met either (status stopped): the period they
     * measured is replaced (a correction asked for restarts the reply clock on the
     * corrected application). Space-separated. */
    const char *void_deadline;
    const char *set_date_field;                     /* a date field set to today */
    const char *confirm;                            /* the question the UI asks first */
    /* 中止 stops clocks, 恢复 restarts them (space-separated names; absent ones are skipped) */
    const char *suspend_deadline, *resume_deadline;
    /* extended by the integer parameter "extension_days": each named clock that still counts
     * (space-separated), at least one */
    const char *extend_deadline;
    /* A number given to the record (立案号, 决定书文号): the system field number_field gets
     * number_format with %T (the tenant's name), %Y (the year) and %N (the next number of
     * this tenant, field and year). */
    const char *number_field, *number_format;
    /* Runs inside the transaction after the change (queue a disclosure, open a referral). */
    fz_err (*after)(struct ctx *c, const struct record *r);
    /* Runs after the change but before it is recorded in the audit trail, so that the step's
     * entry holds what it writes: system fields only this step can fill (a snapshot of the
     * figures a report was sent with). r is the record as changed. */
    fz_err (*fill)(struct ctx *c, const struct record *r);
    struct wf_set sets[WF_MAX_SETS];
    /* Fired only by the system (an after-hook of another record's step): roles is 0. */
    bool system_only;
    /* Offered in the UI only when this guard passes on the record alone (no parameters):
     * "resume" only for a suspended case. The transition's own guards still decide. */
    guard_fn shown_if;
};

struct workflow {
    const struct wf_state *states;
    int nstates;
    const struct wf_transition *transitions;
    int ntransitions;
    const char *initial;
    const char *other_initials; /* states entity->initial_state may also choose (space-separated) */
};

const struct wf_state *wf_state(const struct workflow *w, const char *name);
const char *wf_state_label(const struct workflow *w, const char *name);
const struct wf_transition *wf_transition(const struct workflow *w, const char *name);
bool wf_from_ok(const struct wf_transition *t, const char *state);
/* Whether state is one of the space-separated names in list. */
bool wf_state_in(const char *list, const char *state);

fz_err workflow_fire(struct ctx *c, const struct entity *e, int64_t id, const char *name,
                     json_t *body, struct record **out);

/* Transitions the actor could fire on r now (state and role allow; guards not run).
 * Writes up to max pointers into out, returns the count. */
int workflow_available(struct ctx *c, const struct record *r, const struct wf_transition **out,
                       int max);

#endif
