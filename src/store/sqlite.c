/* sqlite.c — the SQLite backend: connections (WAL, foreign keys, synchronous=FULL, busy
 * timeout), a per-connection prepared-statement cache, nested transactions. */
#include "store_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/banned.h"

#define CACHE_SLOTS 512 /* power of two */
#define BUSY_TIMEOUT_MS 10000

struct stmt {
    sqlite3_stmt *st;
    sconn *conn;
    char *sql;
    uint64_t hash;
    int bind_err;
    bool in_use;  /* handed out by db_prepare, not yet db_done */
    bool evicted; /* dropped from the cache while in use: freed at db_done */
};

struct sconn {
    sqlite3 *db;
    int depth;
    bool failed;
    stmt *cache[CACHE_SLOTS];
    int ncached;
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

sconn *sqlite_conn_open(store *s)
{
    sqlite3 *db = NULL;
    int flags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(s->path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        log_error("sqlite: cannot open \"%s\": %s", s->path,
                  db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    char *msg = NULL;
    rc = sqlite3_exec(db,
                      s->readonly ? "PRAGMA query_only=ON;"
                                    "PRAGMA trusted_schema=OFF;"
                                    "PRAGMA cache_size=-16000;"
                                  : "PRAGMA journal_mode=WAL;"
                                    "PRAGMA synchronous=FULL;"
                                    "PRAGMA foreign_keys=ON;"
                                    "PRAGMA trusted_schema=OFF;"
                                    "PRAGMA cache_size=-16000;",
                      NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        log_error("sqlite: cannot configure \"%s\": %s", s->path, msg ? msg : "?");
        sqlite3_free(msg);
        sqlite3_close(db);
        return NULL;
    }
    sconn *c = calloc(1, sizeof *c);
    if (!c) {
        sqlite3_close(db);
        return NULL;
    }
    c->db = db;
    return c;
}

static void stmt_free(stmt *st)
{
    sqlite3_finalize(st->st);
    free(st->sql);
    free(st);
}

void sqlite_conn_close(sconn *c)
{
    if (!c)
        return;
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (c->cache[i])
            stmt_free(c->cache[i]);
    sqlite3_close(c->db);
    free(c);
}

/* ---- transactions ------------------------------------------------------------------------ */

fz_err db_begin(sconn *c, bool write)
{
    if (c->depth++ > 0)
        return FZ_OK;
    c->failed = false;
    if (sqlite3_exec(c->db, write ? "BEGIN IMMEDIATE" : "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        log_error("sqlite: begin: %s", sqlite3_errmsg(c->db));
        c->depth = 0;
        return sqlite3_errcode(c->db) == SQLITE_BUSY ? FZ_EBUSY : FZ_EDB;
    }
    return FZ_OK;
}

fz_err db_commit(sconn *c)
{
    if (c->depth <= 0) {
        log_error("sqlite: commit outside a transaction");
        return FZ_EINTERNAL;
    }
    if (--c->depth > 0)
        return FZ_OK;
    if (c->failed) {
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
        return FZ_EDB;
    }
    if (sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        log_error("sqlite: commit: %s", sqlite3_errmsg(c->db));
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
        return FZ_EDB;
    }
    return FZ_OK;
}

void db_rollback(sconn *c)
{
    if (c->depth <= 0)
        return;
    c->failed = true;
    if (--c->depth == 0)
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

bool db_in_tx(const sconn *c)
{
    return c->depth > 0;
}

fz_err db_exec(sconn *c, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        log_error("sqlite: exec: %s", msg ? msg : sqlite3_errmsg(c->db));
        sqlite3_free(msg);
        return FZ_EDB;
    }
    return FZ_OK;
}

/* ---- statements -------------------------------------------------------------------------- */

stmt *db_prepare(sconn *c, const char *sql)
{
    uint64_t h = fnv1a(sql);
    size_t slot = h & (CACHE_SLOTS - 1);
    for (size_t probe = 0; probe < CACHE_SLOTS; probe++) {
        stmt *st = c->cache[(slot + probe) & (CACHE_SLOTS - 1)];
        if (!st)
            break;
        if (st->hash == h && !st->in_use && strcmp(st->sql, sql) == 0) {
            st->bind_err = 0;
            st->in_use = true;
            return st;
        }
    }
    stmt *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->sql = strdup(sql);
    st->hash = h;
    st->conn = c;
    if (!st->sql ||
        sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->st, NULL) != SQLITE_OK) {
        log_error("sqlite: prepare: %s: %.200s", sqlite3_errmsg(c->db), sql);
        free(st->sql);
        free(st);
        return NULL;
    }
    if (c->ncached >= CACHE_SLOTS * 3 / 4) {
        /* Full: drop the whole cache rather than track recency; generated SQL is finite,
         * so this only happens under unusual filter combinations. */
        for (int i = 0; i < CACHE_SLOTS; i++) {
            if (c->cache[i]) {
                if (c->cache[i]->in_use)
                    c->cache[i]->evicted = true;
                else
                    stmt_free(c->cache[i]);
                c->cache[i] = NULL;
            }
        }
        c->ncached = 0;
    }
    st->in_use = true;
    for (size_t probe = 0;; probe++) {
        size_t i = (slot + probe) & (CACHE_SLOTS - 1);
        if (!c->cache[i]) {
            c->cache[i] = st;
            c->ncached++;
            break;
        }
    }
    return st;
}

void db_bind_int(stmt *st, int idx, int64_t v)
{
    if (sqlite3_bind_int64(st->st, idx, v) != SQLITE_OK)
        st->bind_err = 1;
}

void db_bind_text(stmt *st, int idx, const char *s)
{
    int rc = s ? sqlite3_bind_text(st->st, idx, s, -1, SQLITE_TRANSIENT)
               : sqlite3_bind_null(st->st, idx);
    if (rc != SQLITE_OK)
        st->bind_err = 1;
}

void db_bind_blob(stmt *st, int idx, const void *p, size_t n)
{
    if (sqlite3_bind_blob64(st->st, idx, p, n, SQLITE_TRANSIENT) != SQLITE_OK)
        st->bind_err = 1;
}

void db_bind_null(stmt *st, int idx)
{
    if (sqlite3_bind_null(st->st, idx) != SQLITE_OK)
        st->bind_err = 1;
}

enum db_step db_step(stmt *st)
{
    if (st->bind_err) {
        log_error("sqlite: bind failed: %.200s", st->sql);
        return DB_ERROR;
    }
    int rc = sqlite3_step(st->st);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE)
        return DB_DONE;
    if ((rc & 0xff) != SQLITE_CONSTRAINT)
        log_error("sqlite: step: %s: %.200s", sqlite3_errmsg(st->conn->db), st->sql);
    return DB_ERROR;
}

fz_err db_run(stmt *st)
{
    enum db_step r = db_step(st);
    fz_err e = r == DB_ERROR ? (db_err_unique(st->conn) ? FZ_EEXISTS : FZ_EDB) : FZ_OK;
    db_done(st);
    return e;
}

bool db_col_null(stmt *st, int col)
{
    return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

int64_t db_col_int(stmt *st, int col)
{
    return sqlite3_column_int64(st->st, col);
}

const char *db_col_text(stmt *st, int col)
{
    if (sqlite3_column_type(st->st, col) == SQLITE_NULL)
        return NULL;
    return (const char *)sqlite3_column_text(st->st, col);
}

const void *db_col_blob(stmt *st, int col, size_t *n)
{
    const void *p = sqlite3_column_blob(st->st, col);
    *n = (size_t)sqlite3_column_bytes(st->st, col);
    return p;
}

int db_col_count(stmt *st)
{
    return sqlite3_column_count(st->st);
}

const char *db_col_name(stmt *st, int col)
{
    return sqlite3_column_name(st->st, col);
}

void db_done(stmt *st)
{
    if (!st)
        return;
    sqlite3_reset(st->st);
    sqlite3_clear_bindings(st->st);
    st->bind_err = 0;
    st->in_use = false;
    if (st->evicted)
        stmt_free(st);
}

enum store_backend db_backend(const sconn *c)
{
    (void)c;
    return STORE_SQLITE;
}

int64_t db_changes(sconn *c)
{
    return sqlite3_changes64(c->db);
}

const char *db_errmsg(sconn *c)
{
    return sqlite3_errmsg(c->db);
}

bool db_err_unique(sconn *c)
{
    int e = sqlite3_extended_errcode(c->db);
    return e == SQLITE_CONSTRAINT_UNIQUE || e == SQLITE_CONSTRAINT_PRIMARYKEY;
}

bool db_table_exists(sconn *c, const char *table)
{
    stmt *st = db_prepare(c, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    if (!st)
        return false;
    db_bind_text(st, 1, table);
    bool found = db_step(st) == DB_ROW;
    db_done(st);
    return found;
}

const char **db_table_columns(sconn *c, const char *table, arena *a)
{
    stmt *st = db_prepare(c, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
    if (!st)
        return NULL;
    db_bind_text(st, 1, table);
    size_t n = 0, cap = 16;
    const char **cols = arena_calloc(a, cap + 1, sizeof *cols);
    while (db_step(st) == DB_ROW) {
        if (n == cap) {
            const char **bigger = arena_calloc(a, cap * 2 + 1, sizeof *cols);
            memcpy(bigger, cols, n * sizeof *cols);
            cols = bigger;
            cap *= 2;
        }
        cols[n++] = arena_strdup(a, db_col_text(st, 0));
    }
    db_done(st);
    return cols;
}
