/* store.h — the one storage interface; SQLite now, PostgreSQL behind the same calls later.
 *
 * A store is a database opened from a URL: "PATH" or "sqlite:PATH" for SQLite,
 * "postgresql://user@host:port/dbname" for PostgreSQL (src/store/pg.c). It hands out
 * connections from a pool; a connection is used by one thread at a time and keeps a cache
 * of prepared statements.
 *
 * SQL rules (so module SQL stays portable): '?' placeholders only, values always bound;
 * no backend-specific functions; "INSERT … RETURNING id" for new ids; DDL goes through
 * store_dialect(), which replaces %ID% (auto-increment primary key), %INT% (64-bit integer)
 * and %BLOB% with the backend's types.
 *
 * Ownership: db_prepare() returns a statement owned by the connection's cache; the caller
 * binds, steps, and must call db_done() when finished (it resets and returns it to the
 * cache). Column text is valid until the next db_step()/db_done() on that statement. */
#ifndef FZ_STORE_H
#define FZ_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

typedef struct store store;
typedef struct sconn sconn;
typedef struct stmt stmt;

enum store_backend { STORE_SQLITE, STORE_POSTGRES };
enum db_step { DB_ROW = 1, DB_DONE = 0, DB_ERROR = -1 };

/* Opens (creating the file for SQLite). err gets a message on failure. */
fz_err store_open(const char *url, store **out, char *err, size_t errlen);
/* Opens an existing database for reading only: nothing, not even the journal mode, is
 * written (verify, listings, read-only backups). */
fz_err store_open_readonly(const char *url, store **out, char *err, size_t errlen);
void store_close(store *s);
enum store_backend store_backend(const store *s);
const char *store_path(const store *s);
/* Whether a --db value names a PostgreSQL database. */
bool store_url_is_pg(const char *url);
/* The URL with any password replaced by *** (for messages and logs); thread-local buffer. */
const char *store_url_redacted(const char *url);

/* A connection from the pool (opened on demand, at most max_conns; waits when all are
 * busy). Never NULL unless the database cannot be opened (then logs why). */
sconn *store_acquire(store *s);
void store_release(store *s, sconn *c);
void store_set_max_conns(store *s, int n);
/* Lets concurrent write transactions of this process share one commit (SQLite: they run one
 * after another on one connection and the last of a run commits them all; each db_commit
 * still returns only when its writes are durable, with the shared COMMIT's result; a
 * failed one rolls back alone). Call before other threads use the store; for servers —
 * a lone writer gains nothing. PostgreSQL groups commits itself: no effect. */
fz_err store_group_commit(store *s);

/* Transactions nest by depth: only the outermost begin/commit reach the database; a
 * rollback at any depth makes the outermost commit roll back and return FZ_EDB. A write
 * transaction takes the write lock at once (SQLite BEGIN IMMEDIATE). */
fz_err db_begin(sconn *c, bool write);
fz_err db_commit(sconn *c);
void db_rollback(sconn *c);
bool db_in_tx(const sconn *c);

/* Static SQL with no parameters (DDL, pragmas); several statements allowed. */
fz_err db_exec(sconn *c, const char *sql);
/* DDL with the dialect tokens replaced (see above); result lives in a. */
const char *store_dialect(enum store_backend b, const char *sql, arena *a);

stmt *db_prepare(sconn *c, const char *sql);
void db_bind_int(stmt *st, int idx, int64_t v);      /* idx from 1 */
void db_bind_text(stmt *st, int idx, const char *s); /* NULL binds SQL NULL */
void db_bind_blob(stmt *st, int idx, const void *p, size_t n);
void db_bind_null(stmt *st, int idx);
enum db_step db_step(stmt *st);
/* Step a statement expected to produce no rows; finishes it (db_done). */
fz_err db_run(stmt *st);
bool db_col_null(stmt *st, int col);
int64_t db_col_int(stmt *st, int col);
const char *db_col_text(stmt *st, int col); /* NULL for SQL NULL */
const void *db_col_blob(stmt *st, int col, size_t *n);
int db_col_count(stmt *st);
const char *db_col_name(stmt *st, int col);
void db_done(stmt *st);

enum store_backend db_backend(const sconn *c);
int64_t db_changes(sconn *c);
const char *db_errmsg(sconn *c);
/* Whether the last error was a uniqueness violation. */
bool db_err_unique(sconn *c);

/* Column names of a table (for additive migrations); NULL-terminated, from the arena. */
const char **db_table_columns(sconn *c, const char *table, arena *a);
bool db_table_exists(sconn *c, const char *table);

#endif
