/* entity.h — entities as tables: from one static description per entity come the SQL
 * schema (schema.c), validation and the writes (entity.c), the list query with filters,
 * sort, paging and scope (query.c), the JSON API and OpenAPI document (http/api.c,
 * http/openapi.c), HTML list/detail/form pages (http/pages_entity.c) and CSV export.
 *
 * Every entity table has the system columns id, org_id (the tenant: a subdistrict, or a
 * district for district-level records), version (incremented by each write), status (when
 * the entity has a workflow), created_at, created_by, updated_at, updated_by, then one
 * column per scalar field. Multi-valued fields (FT_ORGS, FT_FILES) live in record_links.
 *
 * Scope: a record sits at an organisation: its unit_field's value, or its parent record's
 * place for child entities. A role bound at org X sees records placed in X's subtree, and
 * records whose FT_ORGS field marked F_SCOPE names an organisation in X's subtree.
 *
 * Ownership: records and everything in them come from ctx->a. */
#ifndef FZ_ENTITY_H
#define FZ_ENTITY_H

#include <jansson.h>

#include "core/buf.h"
#include "engine/ctx.h"

struct workflow;
struct deadline_view;
struct record;

enum field_type {
    FT_TEXT,     /* one line of text */
    FT_LONGTEXT, /* several lines */
    FT_INT,      /* integer within min..max */
    FT_DATE,     /* YYYY-MM-DD */
    FT_BOOL,     /* true/false */
    FT_ENUM,     /* one of choices (value in the API, label in the UI) */
    FT_ORG,      /* an organisation: its code in the API, its id in the column */
    FT_ORGS,     /* several organisations (codes) */
    FT_REF,      /* a record of entity `ref`, by id (the parent of a child entity) */
    FT_FILES,    /* uploaded files, by id */
    FT_REFS,     /* several records of entity `ref`, by id */
    FT_MONEY,    /* an amount in yuan with fen: "1234.50" (stored as integer fen) */
    FT_USER,     /* a user of the same tenant: the username in the API, the id in the column */
    FT_DATETIME, /* an instant: ISO 8601 UTC ("2026-11-27T02:30:00Z") or local
                  * "2026-11-27T10:30" (Asia/Shanghai); stored as UTC ISO text */
};

enum field_flag {
    F_REQUIRED = 1 << 0,  /* must be given on create, never cleared */
    F_SYSTEM = 1 << 1,    /* set by the engine or a workflow, never by a client */
    F_SENSITIVE = 1 << 2, /* personal data: never on the portal, masked in exports */
    F_LIST = 1 << 3,      /* a column of the list page */
    F_FILTER = 1 << 4,    /* ?field=value filter (dates: field_from / field_to) */
    F_SORT = 1 << 5,      /* ?sort=field / -field */
    F_SEARCH = 1 << 6,    /* searched by ?q= */
    F_FIXED = 1 << 7,     /* set on create only */
    F_SCOPE = 1 << 8,     /* FT_ORGS: naming an organisation makes the record visible there */
    F_DERIVED = 1 << 9,   /* computed when read (entity->derive): not stored, never written */
};

struct choice {
    const char *value, *label;
};

struct field {
    const char *name;  /* column and JSON key */
    const char *label; /* Chinese label */
    enum field_type type;
    unsigned flags;
    int64_t min, max;             /* text: characters; int: value; lists: count (0: default) */
    const struct choice *choices; /* FT_ENUM; ends with {NULL, NULL} */
    unsigned org_kinds;           /* FT_ORG(S): allowed kinds, bits 1u << ORG_…; 0 = any */
    const char *ref;              /* FT_REF: the entity name */
    const char *help;             /* hint under the form field */
    const char *group;            /* detail page: starts a titled group of fields (NULL: same) */
    const char *ref_query;        /* FT_REF(S) form choices: a list filter, "status=active" */
};

/* Stored in record_links rather than a column. */
bool field_is_list(const struct field *f);
/* Has a column in the entity's table. */
bool field_is_column(const struct field *f);
/* Held as an integer (value.i) in the column and the canonical state. */
bool field_is_int(const struct field *f);

/* A deadline an entity's records can have running (engine/deadline.c). */
enum dl_unit {
    DL_ON_DATE,      /* the date held in date_field; a rest day moves to the next working day */
    DL_DAYS,         /* count calendar days after the base date (RULES.md §0 roll-forward) */
    DL_WORKING_DAYS, /* the count-th working day after the base date */
};
struct deadline_def {
    const char *name, *label;
    enum dl_unit unit;
    int count;
    const char *date_field; /* DL_ON_DATE: the date; otherwise the base date (NULL: today) */
    const char *only_if;    /* starts only when this field is set and not zero (NULL: always) */
    /* The other side's period (a party's time to state its case): shown with its end and how
     * it was counted, never overdue, not the office's work (status "window"). */
    bool window;
};

/* A cross-field rule run on every create and update: return NULL if fine, else a Chinese
 * message; *field may name the field concerned. before is NULL on create. Pure: no I/O. */
typedef const char *(*entity_check_fn)(const struct record *now, const struct record *before,
                                       int today, const char **field);

struct entity {
    const char *name;  /* table, URL segment, audit entity (plural, GLOSSARY.md) */
    const char *label; /* Chinese name */
    const char *icon;  /* short glyph for the navigation */
    const struct field *fields;
    int nfields;
    const char *title_field;
    const char *unit_field;   /* FT_ORG field that places the record (top-level entities) */
    const char *parent_field; /* FT_REF to the parent entity (child entities) */
    /* How other records name one of these when they refer to it (FT_REF, FT_REFS): an SQL
     * expression over the row "@" (NULL: its title_field), e.g. a certificate's holder and
     * number. Static text from the entity table, never user input. */
    const char *ref_label;
    unsigned read_roles, create_roles, update_roles;
    /* Readable tenant-wide: a read role bound at any unit of a tenant sees every record of
     * that tenant (catalogues, the officer directory), not only its own subtree's. */
    bool tenant_read;
    /* Writable tenant-wide too: a shared register (parties) that any unit's writers keep. */
    bool tenant_write;
    const struct workflow *workflow;
    const struct deadline_def *deadlines;
    int ndeadlines;
    const char *create_deadline; /* started when a record is created, if any */
    const char *default_sort;    /* "-created_at", "due_date", … */
    bool locked_when_terminal;   /* no edits once the workflow is in a terminal state */
    bool in_nav;                 /* listed in the staff app's navigation */
    entity_check_fn check;
    /* Child entities: the parent's workflow states in which children may be added (space
     * separated; NULL: any). */
    const char *parent_states;
    /* The first state of a new record when it depends on the values (NULL: the workflow's
     * initial state). Pure. */
    const char *(*initial_state)(const struct record *r);
    /* Fills the F_DERIVED fields of a record just read (may read the store through c). */
    void (*derive)(struct ctx *c, struct record *r);
    /* Notices for the people handling a record (a fine outside the discretion range, an
     * exemption that may apply): up to max Chinese sentences into out; returns the count. */
    size_t (*warnings)(struct ctx *c, const struct record *r, const char **out, size_t max);
    /* Runs inside the create transaction after the insert and before the audit entry, so
     * the audited after-state holds what it writes: a value the system gives a new record
     * (an applicant's tracking code). Returns an error to roll the creation back. */
    fz_err (*created)(struct ctx *c, const struct record *r);
    /* Records never change once made (evidence): updates are refused. */
    bool immutable;
    /* Columns looked up by a rule, not filtered or sorted on in lists, that want an index
     * all the same (a party's identity number, to find its earlier penalties): a column, or
     * columns separated by ", " for one index on them all. NULL-ended. */
    const char *const *indexes;
    /* Further pages of one record in the staff app, linked from its page: each at
     * /app/<entity>/<id>/<suffix>, served by a route of its own (a printable card). */
    const struct record_page {
        const char *suffix, *label;
    } *pages;
    int npages;
    /* Reading one record (its detail, with the F_SENSITIVE fields) is audited: personal
     * data of parties and minors. Lists never carry F_SENSITIVE fields. */
    bool audit_reads;
};

/* A field's value in a record. */
struct value {
    bool null;
    int64_t i;           /* FT_INT, FT_BOOL, FT_ORG (org id), FT_REF (record id) */
    const char *s;       /* FT_TEXT, FT_LONGTEXT, FT_DATE, FT_ENUM; FT_ORG: the org code */
    const char *label;   /* FT_ORG: org name; FT_REF: the record's title; FT_ENUM: label */
    size_t n;            /* FT_ORGS, FT_FILES */
    int64_t *ids;        /* org ids or file ids */
    const char **codes;  /* FT_ORGS: codes; FT_FILES: sha256 */
    const char **labels; /* FT_ORGS: names; FT_FILES: file names */
};

struct record {
    const struct entity *e;
    int64_t id, org_id, version, created_by, updated_by;
    const char *status, *created_at, *updated_at;
    const char *created_by_name, *updated_by_name;
    int64_t place_org_id; /* the organisation the record sits at (scope) */
    struct value *v;      /* e->nfields values, in field order */
    /* Deadlines, filled by entity_get (not by lists): */
    struct deadline_view *deadlines;
    size_t ndeadlines;
    const char *next_due;  /* earliest running deadline's due date (lists too), or NULL */
    char id_text[24];      /* "#id", the title of a record without one (record_title) */
    const char **warnings; /* entity->warnings, filled by entity_get */
    size_t nwarnings;
};

/* Money: fen ↔ "1234.50". money_parse returns 0 on success (non-negative, at most two
 * decimals, at most 10^12 yuan). */
int money_parse(const char *s, int64_t *fen);
void money_format(int64_t fen, char out[32]);

/* The registry: the program registers every module's entities once at start
 * (modules/registry.c); tests may register their own. */
void entity_register(const struct entity *const *list, int n);
const struct entity *const *entity_all(int *n);
const struct entity *entity_find(const char *name);
int entity_field_index(const struct entity *e, const char *name);
const struct field *entity_field(const struct entity *e, const char *name);
const char *enum_label(const struct field *f, const char *value);

/* Validation: a JSON object against a field list into values (allocated from ctx->a).
 * mode create: required fields must be present; update: only the given keys are set,
 * *present[i] tells which. Unknown keys, wrong types, overlong text, controls, bad dates,
 * unknown or out-of-tenant organisations are refused with ctx->err set. tenant_id limits
 * organisation references (0: the actor's own tenants). */
enum validate_mode { V_CREATE, V_UPDATE, V_PARAMS };
fz_err validate_fields(struct ctx *c, const struct field *fields, int n, json_t *body,
                       enum validate_mode mode, int64_t tenant_id, struct value *out, bool *present,
                       const char *const *allowed_extra);

/* Reads: FZ_ENOTFOUND when the record does not exist or the actor may not see it. */
fz_err entity_get(struct ctx *c, const struct entity *e, int64_t id, struct record **out);
/* Writes: validated, access-checked, audited, in one transaction. out may be NULL. */
fz_err entity_create(struct ctx *c, const struct entity *e, json_t *body, struct record **out);
fz_err entity_update(struct ctx *c, const struct entity *e, int64_t id, json_t *body,
                     struct record **out);

/* Runs fn(arg) inside the write transaction begin_err reports on (pass db_begin(…, true)):
 * commits on success; on failure rolls back and then writes any refusal kept aside.
 * Engine writers (entity_create, entity_update, workflow_fire) all go through it. */
fz_err write_in_tx(struct ctx *c, fz_err begin_err, fz_err (*fn)(void *), void *arg);
/* Binds a field's value to parameter idx (NULL for an empty value). */
void field_bind(stmt *st, int idx, const struct field *f, const struct value *v);
/* Replaces the links of list field fi of record id (inside the caller's transaction). */
fz_err record_write_links(struct ctx *c, const struct entity *e, int64_t tenant, int64_t id, int fi,
                          const struct value *v);
/* Whether two values of field f are the same (lists in order). */
bool value_equal(const struct field *f, const struct value *a, const struct value *b);

/* The canonical state (audit after-state, verify) of a loaded record. */
void record_canon(const struct record *r, buf *b);
/* The same as an arena string (NULL if it did not fit). */
const char *record_canon_str(struct ctx *c, const struct record *r);
/* Loads a record by id with no scope check (verify, internal use). */
fz_err record_load(struct ctx *c, const struct entity *e, int64_t id, struct record **out);
/* The same without the F_DERIVED values (left null): for the home page's work, which
 * shows titles and offers steps — no step's shown_if reads a derived value, and deriving
 * (a case's earlier penalties) cost more than the rest of the read. */
fz_err record_load_underived(struct ctx *c, const struct entity *e, int64_t id,
                             struct record **out);
/* Title text of a record (its title field, or "#id"). */
const char *record_title(const struct record *r);

/* Whether the actor holds a write role in roles at an organisation that one of r's F_SCOPE
 * fields names. */
bool record_scope_covers(struct ctx *c, const struct record *r, unsigned roles);
/* Whether the actor may do `what` (the entity's role mask) at the record's place. */
bool entity_may(struct ctx *c, const struct entity *e, unsigned roles, int64_t place_org_id);

#endif
