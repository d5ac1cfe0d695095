/* sqlite.c — the SQLite backend: connections (WAL, foreign keys, synchronous=FULL, busy
 * timeout), a per-connection prepared-statement cache, nested transactions, and group
 * commit of this process's writes (below). */
#include "store_int.h"

#include <stdatomic.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/banned.h"

#define CACHE_SLOTS 512 /* power of two */
#define BUSY_TIMEOUT_MS 10000

typedef struct sq_conn sq_conn;
typedef struct sq_stmt sq_stmt;

struct sq_stmt {
    struct stmt base;
    sqlite3_stmt *st;
    sq_conn *conn;
    char *sql;
    uint64_t hash;
    int bind_err;
    bool in_use;  /* handed out by db_prepare, not yet db_done */
    bool evicted; /* dropped from the cache while in use: freed at db_done */
};

struct sq_conn {
    struct sconn base;
    store *store;
    sqlite3 *db;
    int depth;
    bool failed;
    sq_conn *redirect; /* in a write transaction: the group's writer, which runs it */
    uint64_t group;    /* the group commit this connection's write joined */
    sq_stmt *cache[CACHE_SLOTS];
    int ncached;
};

/* Group commit. Write transactions of this process run one at a time on one shared
 * connection, the writer, each inside a savepoint of the writer's transaction. When a
 * write ends and another is already waiting, its savepoint is released but the transaction
 * is left open for the next; the last write of the run (or the GROUP_MAX-th) commits, and
 * every write of the group returns from db_commit only then, with the COMMIT's result —
 * so each still returns only once it is durable, but one fsync serves many. A write that
 * fails rolls back to its savepoint alone. Writers of other processes meet SQLite's lock. */
#define GROUP_MAX 64
#define GROUP_RING 1024

struct group {
    pthread_mutex_t mu; /* held for the whole of one write */
    sq_conn *writer;    /* opened on first use */
    bool open;          /* the writer's transaction is open */
    int members;        /* writes in the open transaction */
    uint64_t id;        /* the open (or last) group */
    _Atomic int waiting;
    pthread_mutex_t done_mu; /* the groups committed, and how */
    pthread_cond_t done_cv;
    uint64_t committed;
    fz_err result[GROUP_RING];
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* SQLite keeps allocation statistics under one process-wide lock taken on every malloc
 * (5.6 % of a server's time under load, bench/RESULTS.md); nothing here reads them. Must
 * precede SQLite's initialisation; if something initialised it already, it stays on. */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static sconn *sq_open(store *s)
{
    pthread_once(&sqlite_once, sqlite_setup);
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
    /* 4 MiB of page cache per connection (a server holds threads + 1 of them): the kernel
     * keeps the file's pages anyway, and the server's memory stays bounded. */
    char *msg = NULL;
    rc = sqlite3_exec(db,
                      s->readonly ? "PRAGMA query_only=ON;"
                                    "PRAGMA trusted_schema=OFF;"
                                    "PRAGMA cache_size=-4000;"
                                  : "PRAGMA journal_mode=WAL;"
                                    "PRAGMA synchronous=FULL;"
                                    "PRAGMA foreign_keys=ON;"
                                    "PRAGMA trusted_schema=OFF;"
                                    "PRAGMA cache_size=-4000;",
                      NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        log_error("sqlite: cannot configure \"%s\": %s", s->path, msg ? msg : "?");
        sqlite3_free(msg);
        sqlite3_close(db);
        return NULL;
    }
    sq_conn *c = calloc(1, sizeof *c);
    if (!c) {
        sqlite3_close(db);
        return NULL;
    }
    c->base.ops = &sqlite_ops;
    c->store = s;
    c->db = db;
    return &c->base;
}

static void stmt_free(sq_stmt *st)
{
    sqlite3_finalize(st->st);
    free(st->sql);
    free(st);
}

static void sq_close(sconn *cc)
{
    sq_conn *c = (sq_conn *)cc;
    if (!c)
        return;
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (c->cache[i])
            stmt_free(c->cache[i]);
    sqlite3_close(c->db);
    free(c);
}

/* ---- transactions ------------------------------------------------------------------------ */

static struct group *group_of(sq_conn *c)
{
    return c->store->backend_state;
}

/* Commits the writer's open transaction and tells the group's members. Holds g->mu. */
static fz_err group_commit(struct group *g)
{
    fz_err e = FZ_OK;
    sqlite3 *w = g->writer->db;
    if (sqlite3_get_autocommit(w)) {
        /* SQLite rolled the whole transaction back (an I/O error, say) */
        log_error("sqlite: group commit: the transaction was rolled back");
        e = FZ_EDB;
    } else if (sqlite3_exec(w, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        log_error("sqlite: commit: %s", sqlite3_errmsg(w));
        sqlite3_exec(w, "ROLLBACK", NULL, NULL, NULL);
        e = FZ_EDB;
    }
    g->open = false;
    g->members = 0;
    pthread_mutex_lock(&g->done_mu);
    g->committed = g->id;
    g->result[g->id % GROUP_RING] = e;
    pthread_cond_broadcast(&g->done_cv);
    pthread_mutex_unlock(&g->done_mu);
    return e;
}

/* The end of one write (its savepoint already released or rolled back): commit now when no
 * other write waits (or the group is full), else leave the commit to a later member and
 * wait for it. Releases g->mu. */
static fz_err group_leave(struct group *g, sq_conn *c, bool joined)
{
    if (!g->open) {
        pthread_mutex_unlock(&g->mu);
        return FZ_OK;
    }
    if (!joined || atomic_load(&g->waiting) == 0 || g->members >= GROUP_MAX) {
        fz_err e = group_commit(g);
        pthread_mutex_unlock(&g->mu);
        return joined ? e : FZ_OK;
    }
    uint64_t id = c->group;
    pthread_mutex_unlock(&g->mu);
    pthread_mutex_lock(&g->done_mu);
    while (g->committed < id)
        pthread_cond_wait(&g->done_cv, &g->done_mu);
    fz_err e = g->result[id % GROUP_RING];
    pthread_mutex_unlock(&g->done_mu);
    return e;
}

static fz_err group_join(sq_conn *c)
{
    struct group *g = group_of(c);
    atomic_fetch_add(&g->waiting, 1);
    pthread_mutex_lock(&g->mu);
    atomic_fetch_sub(&g->waiting, 1);
    if (!g->writer) {
        g->writer = (sq_conn *)sq_open(c->store);
        if (!g->writer) {
            pthread_mutex_unlock(&g->mu);
            return FZ_EDB;
        }
    }
    sqlite3 *w = g->writer->db;
    if (!g->open) {
        if (sqlite3_exec(w, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
            log_error("sqlite: begin: %s", sqlite3_errmsg(w));
            fz_err e = sqlite3_errcode(w) == SQLITE_BUSY ? FZ_EBUSY : FZ_EDB;
            pthread_mutex_unlock(&g->mu);
            return e;
        }
        g->open = true;
        g->id++;
    }
    if (sqlite3_exec(w, "SAVEPOINT member", NULL, NULL, NULL) != SQLITE_OK) {
        log_error("sqlite: savepoint: %s", sqlite3_errmsg(w));
        group_leave(g, c, false);
        return FZ_EDB;
    }
    g->members++;
    c->group = g->id;
    c->redirect = g->writer;
    return FZ_OK;
}

/* Ends this connection's part of the group: its savepoint kept (ok) or undone. */
static fz_err group_end(sq_conn *c, bool ok)
{
    struct group *g = group_of(c);
    sqlite3 *w = g->writer->db;
    c->redirect = NULL;
    bool joined = ok;
    if (ok && sqlite3_exec(w, "RELEASE member", NULL, NULL, NULL) != SQLITE_OK) {
        log_error("sqlite: release: %s", sqlite3_errmsg(w));
        ok = joined = false;
    }
    if (!ok && !sqlite3_get_autocommit(w)) {
        sqlite3_exec(w, "ROLLBACK TO member", NULL, NULL, NULL);
        sqlite3_exec(w, "RELEASE member", NULL, NULL, NULL);
    }
    fz_err e = group_leave(g, c, joined);
    return ok ? e : FZ_EDB;
}

static fz_err sq_begin(sconn *cc, bool write)
{
    sq_conn *c = (sq_conn *)cc;
    if (c->depth++ > 0)
        return FZ_OK;
    c->failed = false;
    if (write && group_of(c)) {
        fz_err e = group_join(c);
        if (e)
            c->depth = 0;
        return e;
    }
    if (sqlite3_exec(c->db, write ? "BEGIN IMMEDIATE" : "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        log_error("sqlite: begin: %s", sqlite3_errmsg(c->db));
        c->depth = 0;
        return sqlite3_errcode(c->db) == SQLITE_BUSY ? FZ_EBUSY : FZ_EDB;
    }
    return FZ_OK;
}

static fz_err sq_commit(sconn *cc)
{
    sq_conn *c = (sq_conn *)cc;
    if (c->depth <= 0) {
        log_error("sqlite: commit outside a transaction");
        return FZ_EINTERNAL;
    }
    if (--c->depth > 0)
        return FZ_OK;
    if (c->redirect)
        return group_end(c, !c->failed);
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

static void sq_rollback(sconn *cc)
{
    sq_conn *c = (sq_conn *)cc;
    if (c->depth <= 0)
        return;
    c->failed = true;
    if (--c->depth == 0) {
        if (c->redirect)
            group_end(c, false);
        else
            sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    }
}

static fz_err sq_group_commit(store *s)
{
    if (s->backend_state || s->readonly)
        return FZ_OK;
    struct group *g = calloc(1, sizeof *g);
    if (!g)
        return FZ_EINTERNAL;
    pthread_mutex_init(&g->mu, NULL);
    pthread_mutex_init(&g->done_mu, NULL);
    pthread_cond_init(&g->done_cv, NULL);
    s->backend_state = g;
    return FZ_OK;
}

static void sq_store_free(store *s)
{
    struct group *g = s->backend_state;
    if (!g)
        return;
    sq_close(g->writer ? &g->writer->base : NULL);
    pthread_mutex_destroy(&g->mu);
    pthread_mutex_destroy(&g->done_mu);
    pthread_cond_destroy(&g->done_cv);
    free(g);
    s->backend_state = NULL;
}

static bool sq_in_tx(const sconn *cc)
{
    const sq_conn *c = (const sq_conn *)cc;
    return c->depth > 0;
}

/* The connection that runs this one's statements: the group's writer during a write. */
static sq_conn *target(sconn *cc)
{
    sq_conn *c = (sq_conn *)cc;
    return c->redirect ? c->redirect : c;
}

static fz_err sq_exec(sconn *cc, const char *sql)
{
    sq_conn *c = target(cc);
    char *msg = NULL;
    if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        log_error("sqlite: exec: %s", msg ? msg : sqlite3_errmsg(c->db));
        sqlite3_free(msg);
        return FZ_EDB;
    }
    return FZ_OK;
}

/* ---- statements -------------------------------------------------------------------------- */

static stmt *sq_prepare(sconn *cc, const char *sql)
{
    sq_conn *c = target(cc);
    uint64_t h = fnv1a(sql);
    size_t slot = h & (CACHE_SLOTS - 1);
    for (size_t probe = 0; probe < CACHE_SLOTS; probe++) {
        sq_stmt *st = c->cache[(slot + probe) & (CACHE_SLOTS - 1)];
        if (!st)
            break;
        if (st->hash == h && !st->in_use && strcmp(st->sql, sql) == 0) {
            st->bind_err = 0;
            st->in_use = true;
            return &st->base;
        }
    }
    sq_stmt *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->base.ops = &sqlite_ops;
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
    return &st->base;
}

static void sq_bind_int(stmt *sst, int idx, int64_t v)
{
    sq_stmt *st = (sq_stmt *)sst;
    if (sqlite3_bind_int64(st->st, idx, v) != SQLITE_OK)
        st->bind_err = 1;
}

static void sq_bind_text(stmt *sst, int idx, const char *s)
{
    sq_stmt *st = (sq_stmt *)sst;
    int rc = s ? sqlite3_bind_text(st->st, idx, s, -1, SQLITE_TRANSIENT)
               : sqlite3_bind_null(st->st, idx);
    if (rc != SQLITE_OK)
        st->bind_err = 1;
}

static void sq_bind_blob(stmt *sst, int idx, const void *p, size_t n)
{
    sq_stmt *st = (sq_stmt *)sst;
    if (sqlite3_bind_blob64(st->st, idx, p, n, SQLITE_TRANSIENT) != SQLITE_OK)
        st->bind_err = 1;
}

static void sq_bind_null(stmt *sst, int idx)
{
    sq_stmt *st = (sq_stmt *)sst;
    if (sqlite3_bind_null(st->st, idx) != SQLITE_OK)
        st->bind_err = 1;
}

static enum db_step sq_step(stmt *sst)
{
    sq_stmt *st = (sq_stmt *)sst;
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

static bool sq_col_null(stmt *sst, int col)
{
    sq_stmt *st = (sq_stmt *)sst;
    return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

static int64_t sq_col_int(stmt *sst, int col)
{
    sq_stmt *st = (sq_stmt *)sst;
    return sqlite3_column_int64(st->st, col);
}

static const char *sq_col_text(stmt *sst, int col)
{
    sq_stmt *st = (sq_stmt *)sst;
    if (sqlite3_column_type(st->st, col) == SQLITE_NULL)
        return NULL;
    return (const char *)sqlite3_column_text(st->st, col);
}

static const void *sq_col_blob(stmt *sst, int col, size_t *n)
{
    sq_stmt *st = (sq_stmt *)sst;
    const void *p = sqlite3_column_blob(st->st, col);
    *n = (size_t)sqlite3_column_bytes(st->st, col);
    return p;
}

static int sq_col_count(stmt *sst)
{
    sq_stmt *st = (sq_stmt *)sst;
    return sqlite3_column_count(st->st);
}

static const char *sq_col_name(stmt *sst, int col)
{
    sq_stmt *st = (sq_stmt *)sst;
    return sqlite3_column_name(st->st, col);
}

static void sq_done(stmt *sst)
{
    sq_stmt *st = (sq_stmt *)sst;
    if (!st)
        return;
    sqlite3_reset(st->st);
    sqlite3_clear_bindings(st->st);
    st->bind_err = 0;
    st->in_use = false;
    if (st->evicted)
        stmt_free(st);
}

static int64_t sq_changes(sconn *cc)
{
    sq_conn *c = target(cc);
    return sqlite3_changes64(c->db);
}

static const char *sq_errmsg(sconn *cc)
{
    sq_conn *c = target(cc);
    return sqlite3_errmsg(c->db);
}

static bool sq_err_unique(sconn *cc)
{
    sq_conn *c = target(cc);
    int e = sqlite3_extended_errcode(c->db);
    return e == SQLITE_CONSTRAINT_UNIQUE || e == SQLITE_CONSTRAINT_PRIMARYKEY;
}

static sconn *sq_conn_of(stmt *sst)
{
    return &((sq_stmt *)sst)->conn->base;
}

const struct store_ops sqlite_ops = {
    .backend = STORE_SQLITE,
    .open = sq_open,
    .close = sq_close,
    .store_free = sq_store_free,
    .group_commit = sq_group_commit,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .in_tx = sq_in_tx,
    .exec = sq_exec,
    .changes = sq_changes,
    .errmsg = sq_errmsg,
    .err_unique = sq_err_unique,
    .table_exists_sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
    .table_columns_sql = "SELECT name FROM pragma_table_info(?) ORDER BY cid",
    .prepare = sq_prepare,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .conn_of = sq_conn_of,
    .col_null = sq_col_null,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .col_count = sq_col_count,
    .col_name = sq_col_name,
    .done = sq_done,
};
