/* query.h — reading entity records: the scope predicate, the shared SELECT, and lists with
 * filters, sort, paging and a total. Identifiers in generated SQL come only from the static
 * entity tables (checked at registration); every value is bound. */
#ifndef FZ_QUERY_H
#define FZ_QUERY_H

#include "engine/access.h"
#include "engine/entity.h"

struct kv {
    const char *key, *value;
};

#define LIST_DEFAULT_PER_PAGE 25
#define LIST_MAX_PER_PAGE 200

struct list_result {
    struct record **rows;
    size_t n;
    int64_t total;
    int page, per_page;
    const char *sort; /* the sort applied, e.g. "-due_date" */
};

/* Appends "(…)" that is true for records of e (alias) the actor may read with roles. */
void query_scope(struct ctx *c, const struct entity *e, const char *alias, unsigned roles, buf *sql,
                 struct sql_params *p);
/* "SELECT … FROM <table> t LEFT JOIN …" that record_from_row() reads. */
void query_select(const struct entity *e, buf *sql);
/* Builds a record from a row of query_select (links not loaded). */
struct record *record_from_row(struct ctx *c, const struct entity *e, stmt *st);
/* Loads the FT_ORGS / FT_FILES / FT_REFS values of r. */
fz_err record_load_links(struct ctx *c, struct record *r);
/* The same for n records of one entity, a query per field for up to 64 records at a time. */
fz_err records_load_links(struct ctx *c, struct record **rows, size_t n);

/* Lists records with the query-string arguments args: field filters (F_FILTER; dates as
 * field_from / field_to), status, q (search), overdue=1, due_soon=1, the parent field's
 * name (child entities), sort, page, per_page. An unknown or malformed argument is refused
 * (FZ_EINVAL with ctx->err). max_per_page caps per_page (exports pass a larger cap). */
fz_err entity_list(struct ctx *c, const struct entity *e, const struct kv *args, size_t nargs,
                   int max_per_page, struct list_result *out);
/* The same, skipping unknown arguments instead of refusing them (pages: a link may carry
 * tracking parameters; the API stays strict). */
fz_err entity_list_lenient(struct ctx *c, const struct entity *e, const struct kv *args,
                           size_t nargs, int max_per_page, struct list_result *out);

/* How a record of re reads where another refers to it (its ref_label or title); no scope
 * check: the caller shows only records it listed. Arena string. */
const char *ref_label(struct ctx *c, const struct entity *re, int64_t id);
/* Whether record id of e is visible to the actor. */
bool entity_visible(struct ctx *c, const struct entity *e, int64_t id);

/* The single count an SQL over an organisation and a period returns: its three parameters
 * are org, from and to, in that order (statistics, report figures). */
fz_err query_count(struct ctx *c, const char *sql, int64_t org, const char *from, const char *to,
                   int64_t *out);

#endif
