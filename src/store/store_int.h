/* store_int.h — what store.c (URL, pool, dialect, dispatch) needs from a backend. Private to
 * src/store.
 *
 * A backend's connection and statement structs begin with `struct sconn` / `struct stmt`,
 * which hold only its operations table; store.c dispatches every db_* call through it. */
#ifndef FZ_STORE_INT_H
#define FZ_STORE_INT_H

#include <pthread.h>

#include "store.h"

#define STORE_MAX_CONNS 64

struct store_ops;

struct sconn {
    const struct store_ops *ops;
};

struct stmt {
    const struct store_ops *ops;
};

struct store_ops {
    enum store_backend backend;
    /* connections: open one (NULL and a logged reason on failure), close it */
    sconn *(*open)(store *s);
    void (*close)(sconn *c);
    /* frees backend_state (after every connection is closed); may be NULL */
    void (*store_free)(store *s);
    /* turns group commit on (store_group_commit); NULL where the database does its own */
    fz_err (*group_commit)(store *s);
    fz_err (*begin)(sconn *c, bool write);
    fz_err (*commit)(sconn *c);
    void (*rollback)(sconn *c);
    bool (*in_tx)(const sconn *c);
    fz_err (*exec)(sconn *c, const char *sql);
    int64_t (*changes)(sconn *c);
    const char *(*errmsg)(sconn *c);
    bool (*err_unique)(sconn *c);
    /* the catalogue: a table by name (a row if it exists); its column names in order */
    const char *table_exists_sql;
    const char *table_columns_sql;
    /* statements */
    stmt *(*prepare)(sconn *c, const char *sql);
    void (*bind_int)(stmt *st, int idx, int64_t v);
    void (*bind_text)(stmt *st, int idx, const char *s);
    void (*bind_blob)(stmt *st, int idx, const void *p, size_t n);
    void (*bind_null)(stmt *st, int idx);
    enum db_step (*step)(stmt *st);
    sconn *(*conn_of)(stmt *st);
    bool (*col_null)(stmt *st, int col);
    int64_t (*col_int)(stmt *st, int col);
    const char *(*col_text)(stmt *st, int col);
    const void *(*col_blob)(stmt *st, int col, size_t *n);
    int (*col_count)(stmt *st);
    const char *(*col_name)(stmt *st, int col);
    void (*done)(stmt *st);
};

struct store {
    const struct store_ops *ops;
    bool readonly;
    char *path; /* SQLite file, or the PostgreSQL URL */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    void *backend_state; /* the backend's own (SQLite: the group commit), freed by ops */
    sconn *idle[STORE_MAX_CONNS];
    int nidle, nopen, max_conns;
};

extern const struct store_ops sqlite_ops;
extern const struct store_ops pg_ops;

#endif
