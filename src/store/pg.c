/* pg.c — the PostgreSQL backend through libpq: connections from a postgresql:// URL, a
 * per-connection cache of server-side prepared statements ('?' placeholders become $1…),
 * nested transactions, and results read in text format.
 *
 * Write transactions take one transaction-scoped advisory lock, so writers are serialised
 * exactly as SQLite's single writer serialises them: the audit chains, numbering sequences
 * and every read-then-write in the engine keep the guarantees they were written against,
 * also across several `fazhi serve` processes on one database. Readers never wait.
 *
 * A statement's whole result is fetched when it is first stepped (PQexecPrepared), so a
 * connection may step several statements at once, as the engine does with SQLite. */
#include "store_int.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/banned.h"

#define CACHE_SLOTS 512 /* power of two */
#define MAX_PARAMS 512
/* the key of the advisory lock every write transaction holds ("fazhi") */
#define WRITE_LOCK_SQL "SELECT pg_advisory_xact_lock(439788759145)"

/* type oids from pg_type.h (catalog constants, stable across versions) */
#define BOOLOID 16
#define BYTEAOID 17

typedef struct pg_conn pg_conn;
typedef struct pg_stmt pg_stmt;

struct pg_stmt {
    struct stmt base;
    pg_conn *conn;
    char *sql;  /* as the caller wrote it (the cache key) */
    char *text; /* as sent: '?' made $n */
    uint64_t hash;
    char name[24];
    int nparams;
    char **vals; /* bound values (malloc'd), NULL for SQL NULL */
    int *lens, *fmts;
    int bind_err;
    unsigned gen;   /* the connection's session it was prepared in */
    PGresult *res;  /* the result, once stepped */
    PGresult *desc; /* the statement's description, for column names before a step */
    int row, nrows;
    unsigned char **blobs; /* unescaped bytea values of the current row, per column */
    size_t *bloblens;
    bool in_use, evicted;
};

struct pg_conn {
    struct sconn base;
    PGconn *pg;
    bool readonly;
    unsigned gen; /* counts the sessions: a reconnect forgets the prepared statements */
    int depth;
    bool failed, locked;
    unsigned next_name;
    int64_t changes;
    char sqlstate[6];
    char errmsg[512];
    pg_stmt *cache[CACHE_SLOTS];
    int ncached;
};

static const struct store_ops *ops_self(void);

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void quiet_notice(void *arg, const char *message)
{
    (void)arg;
    log_debug("postgresql: %s", message);
}

/* Keeps the last error's SQLSTATE and message on the connection. */
static void note_error(pg_conn *c, const PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    snprintf(c->sqlstate, sizeof c->sqlstate, "%s", state ? state : "");
    const char *msg = r ? PQresultErrorMessage(r) : NULL;
    if (!msg || !*msg)
        msg = PQerrorMessage(c->pg);
    snprintf(c->errmsg, sizeof c->errmsg, "%s", msg);
    size_t n = strlen(c->errmsg);
    while (n && (c->errmsg[n - 1] == '\n' || c->errmsg[n - 1] == ' '))
        c->errmsg[--n] = '\0';
}

/* Runs parameterless SQL (one or several statements); false (and the error noted) if it
 * failed. */
static bool run_simple(pg_conn *c, const char *sql)
{
    PGresult *r = PQexec(c->pg, sql);
    ExecStatusType s = PQresultStatus(r);
    bool ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
    if (!ok)
        note_error(c, r);
    PQclear(r);
    return ok;
}

/* Each statement is prepared once per connection and run thousands of times: one generic
 * plan each, rather than planning the larger ones (a list's dozen joins: 5-7 ms) again on
 * every run while PostgreSQL weighs a custom plan. The SQL is written so that the generic
 * plan is the good one (the list's page ids as a derived table). */
static bool configure(pg_conn *c)
{
    return run_simple(c, c->readonly ? "SET client_min_messages = warning;"
                                       "SET plan_cache_mode = force_generic_plan;"
                                       "SET default_transaction_read_only = on"
                                     : "SET client_min_messages = warning;"
                                       "SET plan_cache_mode = force_generic_plan");
}

/* A connection the server dropped (a restart, a failover, an idle timeout) is opened again
 * between transactions; its prepared statements are made again as they are next used.
 * Inside a transaction nothing can be saved: the error goes to the caller. */
static bool ensure_session(pg_conn *c)
{
    if (PQstatus(c->pg) == CONNECTION_OK)
        return true;
    if (c->depth > 0)
        return false;
    PQreset(c->pg);
    c->gen++;
    if (PQstatus(c->pg) != CONNECTION_OK || !configure(c)) {
        log_error("postgresql: cannot reconnect: %s", PQerrorMessage(c->pg));
        return false;
    }
    log_warn("postgresql: the connection was lost; reconnected");
    return true;
}

static sconn *pg_open(store *s)
{
    PGconn *pg = PQconnectdb(s->path);
    if (!pg || PQstatus(pg) != CONNECTION_OK) {
        log_error("postgresql: cannot connect to \"%s\": %s", store_url_redacted(s->path),
                  pg ? PQerrorMessage(pg) : "out of memory");
        PQfinish(pg);
        return NULL;
    }
    pg_conn *c = calloc(1, sizeof *c);
    if (!c) {
        PQfinish(pg);
        return NULL;
    }
    c->base.ops = ops_self();
    c->pg = pg;
    c->readonly = s->readonly;
    PQsetNoticeProcessor(pg, quiet_notice, NULL);
    if (!configure(c)) {
        log_error("postgresql: cannot configure the connection: %s", c->errmsg);
        PQfinish(pg);
        free(c);
        return NULL;
    }
    return &c->base;
}

static void stmt_clear_result(pg_stmt *st)
{
    if (st->blobs) {
        for (int i = 0; st->res && i < PQnfields(st->res); i++)
            if (st->blobs[i])
                PQfreemem(st->blobs[i]);
        free(st->blobs);
        free(st->bloblens);
        st->blobs = NULL;
        st->bloblens = NULL;
    }
    PQclear(st->res);
    st->res = NULL;
    st->row = -1;
    st->nrows = 0;
}

static void stmt_clear_binds(pg_stmt *st)
{
    for (int i = 0; i < st->nparams; i++) {
        free(st->vals[i]);
        st->vals[i] = NULL;
        st->lens[i] = 0;
        st->fmts[i] = 0;
    }
    st->bind_err = 0;
}

static void stmt_free(pg_stmt *st)
{
    stmt_clear_result(st);
    stmt_clear_binds(st);
    PQclear(st->desc);
    free(st->vals);
    free(st->lens);
    free(st->fmts);
    free(st->sql);
    free(st->text);
    free(st);
}

static void pg_close(sconn *cc)
{
    pg_conn *c = (pg_conn *)cc;
    if (!c)
        return;
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (c->cache[i])
            stmt_free(c->cache[i]);
    PQfinish(c->pg);
    free(c);
}

/* ---- transactions ------------------------------------------------------------------------ */

static fz_err take_write_lock(pg_conn *c)
{
    if (c->locked)
        return FZ_OK;
    if (!run_simple(c, WRITE_LOCK_SQL)) {
        log_error("postgresql: write lock: %s", c->errmsg);
        return FZ_EDB;
    }
    c->locked = true;
    return FZ_OK;
}

static fz_err pg_begin(sconn *cc, bool write)
{
    pg_conn *c = (pg_conn *)cc;
    if (c->depth > 0) {
        c->depth++;
        return write ? take_write_lock(c) : FZ_OK;
    }
    bool live = ensure_session(c); /* between transactions: may reconnect */
    c->depth = 1;
    c->failed = false;
    c->locked = false;
    if (!live || !run_simple(c, "BEGIN")) {
        log_error("postgresql: begin: %s", c->errmsg);
        c->depth = 0;
        return FZ_EDB;
    }
    if (write && take_write_lock(c)) {
        run_simple(c, "ROLLBACK");
        c->depth = 0;
        return FZ_EDB;
    }
    return FZ_OK;
}

static fz_err pg_commit(sconn *cc)
{
    pg_conn *c = (pg_conn *)cc;
    if (c->depth <= 0) {
        log_error("postgresql: commit outside a transaction");
        return FZ_EINTERNAL;
    }
    if (--c->depth > 0)
        return FZ_OK;
    c->locked = false;
    if (c->failed) {
        run_simple(c, "ROLLBACK");
        return FZ_EDB;
    }
    /* COMMIT of a transaction that had an error answers ROLLBACK, not an error */
    PGresult *r = PQexec(c->pg, "COMMIT");
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK && strcmp(PQcmdStatus(r), "COMMIT") == 0;
    if (!ok)
        note_error(c, r);
    PQclear(r);
    if (!ok) {
        log_error("postgresql: commit: %s", *c->errmsg ? c->errmsg : "rolled back");
        run_simple(c, "ROLLBACK");
        return FZ_EDB;
    }
    return FZ_OK;
}

static void pg_rollback(sconn *cc)
{
    pg_conn *c = (pg_conn *)cc;
    if (c->depth <= 0)
        return;
    c->failed = true;
    if (--c->depth == 0) {
        c->locked = false;
        run_simple(c, "ROLLBACK");
    }
}

static bool pg_in_tx(const sconn *cc)
{
    return ((const pg_conn *)cc)->depth > 0;
}

static fz_err pg_exec(sconn *cc, const char *sql)
{
    pg_conn *c = (pg_conn *)cc;
    if (!run_simple(c, sql)) {
        log_error("postgresql: exec: %s: %.200s", c->errmsg, sql);
        return FZ_EDB;
    }
    return FZ_OK;
}

/* ---- statements -------------------------------------------------------------------------- */

/* '?' and '?NNN' → $1, $2, … outside quoted strings and identifiers; NULL if too many parameters.
 */
static char *translate(const char *sql, int *nparams)
{
    size_t n = strlen(sql);
    char *out = malloc(n * 4 + 1);
    if (!out)
        return NULL;
    char *o = out;
    int k = 0;
    char quote = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
            *o++ = *p;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            *o++ = *p;
        } else if (*p == '?') {
            /* "?NNN" keeps its number; a bare '?' is one more than the largest so far
             * (SQLite's rule) */
            int num = 0;
            while (p[1] >= '0' && p[1] <= '9' && num <= MAX_PARAMS)
                num = num * 10 + (*++p - '0');
            if (!num)
                num = k + 1;
            if (num > MAX_PARAMS) {
                free(out);
                return NULL;
            }
            if (num > k)
                k = num;
            o += snprintf(o, 12, "$%d", num);
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    *nparams = k;
    return out;
}

static void cache_put(pg_conn *c, pg_stmt *st)
{
    if (c->ncached >= CACHE_SLOTS * 3 / 4) {
        /* Full: drop the statements not in use (rare: generated SQL is finite). */
        for (int i = 0; i < CACHE_SLOTS; i++) {
            pg_stmt *old = c->cache[i];
            if (!old)
                continue;
            if (old->in_use) {
                old->evicted = true;
            } else {
                char sql[48];
                snprintf(sql, sizeof sql, "DEALLOCATE %s", old->name);
                run_simple(c, sql);
                stmt_free(old);
            }
            c->cache[i] = NULL;
        }
        c->ncached = 0;
    }
    for (size_t probe = 0;; probe++) {
        size_t i = (st->hash + probe) & (CACHE_SLOTS - 1);
        if (!c->cache[i]) {
            c->cache[i] = st;
            c->ncached++;
            return;
        }
    }
}

/* Prepares st in the connection's current session. */
static bool prepare_on_server(pg_stmt *st)
{
    pg_conn *c = st->conn;
    PGresult *r = PQprepare(c->pg, st->name, st->text, st->nparams, NULL);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) {
        note_error(c, r);
        log_error("postgresql: prepare: %s: %.300s", c->errmsg, st->sql);
    }
    PQclear(r);
    PQclear(st->desc);
    st->desc = NULL;
    st->gen = c->gen;
    return ok;
}

static stmt *pg_prepare(sconn *cc, const char *sql)
{
    pg_conn *c = (pg_conn *)cc;
    uint64_t h = fnv1a(sql);
    for (size_t probe = 0; probe < CACHE_SLOTS; probe++) {
        pg_stmt *st = c->cache[(h + probe) & (CACHE_SLOTS - 1)];
        if (!st)
            break;
        if (st->hash == h && !st->in_use && strcmp(st->sql, sql) == 0) {
            st->in_use = true;
            return &st->base;
        }
    }
    int nparams = 0;
    char *text = translate(sql, &nparams);
    pg_stmt *st = calloc(1, sizeof *st);
    if (!text || !st) {
        log_error("postgresql: prepare: %s: %.200s", text ? "out of memory" : "too many parameters",
                  sql);
        free(text);
        free(st);
        return NULL;
    }
    st->base.ops = ops_self();
    st->conn = c;
    st->hash = h;
    st->row = -1;
    st->nparams = nparams;
    st->text = text;
    st->sql = strdup(sql);
    int np = nparams ? nparams : 1;
    st->vals = calloc((size_t)np, sizeof *st->vals);
    st->lens = calloc((size_t)np, sizeof *st->lens);
    st->fmts = calloc((size_t)np, sizeof *st->fmts);
    snprintf(st->name, sizeof st->name, "f%u", c->next_name++);
    if (!st->sql || !st->vals || !st->lens || !st->fmts || !ensure_session(c) ||
        !prepare_on_server(st)) {
        stmt_free(st);
        return NULL;
    }
    st->in_use = true;
    cache_put(c, st);
    return &st->base;
}

static void set_param(pg_stmt *st, int idx, char *val, int len, int fmt)
{
    if (idx < 1 || idx > st->nparams) {
        free(val);
        st->bind_err = 1;
        return;
    }
    free(st->vals[idx - 1]);
    st->vals[idx - 1] = val;
    st->lens[idx - 1] = len;
    st->fmts[idx - 1] = fmt;
}

static void pg_bind_int(stmt *sst, int idx, int64_t v)
{
    pg_stmt *st = (pg_stmt *)sst;
    char *s = malloc(24);
    if (!s) {
        st->bind_err = 1;
        return;
    }
    snprintf(s, 24, "%lld", (long long)v);
    set_param(st, idx, s, 0, 0);
}

static void pg_bind_text(stmt *sst, int idx, const char *s)
{
    pg_stmt *st = (pg_stmt *)sst;
    char *v = NULL;
    if (s && !(v = strdup(s))) {
        st->bind_err = 1;
        return;
    }
    set_param(st, idx, v, 0, 0);
}

static void pg_bind_blob(stmt *sst, int idx, const void *p, size_t n)
{
    pg_stmt *st = (pg_stmt *)sst;
    char *v = malloc(n ? n : 1);
    if (!v || n > 0x7fffffff) {
        free(v);
        st->bind_err = 1;
        return;
    }
    if (n)
        memcpy(v, p, n);
    set_param(st, idx, v, (int)n, 1);
}

static void pg_bind_null(stmt *sst, int idx)
{
    set_param((pg_stmt *)sst, idx, NULL, 0, 0);
}

static enum db_step pg_step(stmt *sst)
{
    pg_stmt *st = (pg_stmt *)sst;
    pg_conn *c = st->conn;
    if (st->bind_err) {
        log_error("postgresql: bind failed: %.200s", st->sql);
        return DB_ERROR;
    }
    if (!st->res) {
        c->sqlstate[0] = '\0';
        PGresult *r = NULL;
        ExecStatusType s = PGRES_FATAL_ERROR;
        /* A second try only for a read, when the connection was lost outside a transaction:
         * a write might have been done before the connection went, and must not be done
         * twice (its error goes to the caller; the next statement reconnects). */
        int tries = strncmp(st->text, "SELECT", 6) == 0 ? 2 : 1;
        for (int attempt = 0; attempt < tries; attempt++) {
            if (!ensure_session(c) || (st->gen != c->gen && !prepare_on_server(st)))
                break;
            PQclear(r);
            r = PQexecPrepared(c->pg, st->name, st->nparams, (const char *const *)st->vals,
                               st->lens, st->fmts, 0);
            s = PQresultStatus(r);
            if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK || c->depth > 0 ||
                PQstatus(c->pg) == CONNECTION_OK)
                break;
        }
        if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
            note_error(c, r);
            PQclear(r);
            if (strcmp(c->sqlstate, "23505") != 0)
                log_error("postgresql: step: %s: %.300s", c->errmsg, st->sql);
            return DB_ERROR;
        }
        st->res = r;
        st->nrows = s == PGRES_TUPLES_OK ? PQntuples(r) : 0;
        st->row = -1;
        const char *n = PQcmdTuples(r);
        c->changes = n && *n ? strtoll(n, NULL, 10) : 0;
    }
    if (st->blobs)
        for (int i = 0; i < PQnfields(st->res); i++)
            if (st->blobs[i]) {
                PQfreemem(st->blobs[i]);
                st->blobs[i] = NULL;
            }
    if (st->row + 1 >= st->nrows) {
        st->row = st->nrows;
        return DB_DONE;
    }
    st->row++;
    return DB_ROW;
}

static bool has_value(pg_stmt *st, int col)
{
    return st->res && st->row >= 0 && st->row < st->nrows && col >= 0 && col < PQnfields(st->res) &&
           !PQgetisnull(st->res, st->row, col);
}

static bool pg_col_null(stmt *sst, int col)
{
    return !has_value((pg_stmt *)sst, col);
}

static int64_t pg_col_int(stmt *sst, int col)
{
    pg_stmt *st = (pg_stmt *)sst;
    if (!has_value(st, col))
        return 0;
    const char *v = PQgetvalue(st->res, st->row, col);
    if (PQftype(st->res, col) == BOOLOID)
        return v[0] == 't';
    return strtoll(v, NULL, 10);
}

static const char *pg_col_text(stmt *sst, int col)
{
    pg_stmt *st = (pg_stmt *)sst;
    if (!has_value(st, col))
        return NULL;
    const char *v = PQgetvalue(st->res, st->row, col);
    if (PQftype(st->res, col) == BOOLOID)
        return v[0] == 't' ? "1" : "0";
    return v;
}

static const void *pg_col_blob(stmt *sst, int col, size_t *n)
{
    pg_stmt *st = (pg_stmt *)sst;
    *n = 0;
    if (!has_value(st, col))
        return NULL;
    const char *v = PQgetvalue(st->res, st->row, col);
    if (PQftype(st->res, col) != BYTEAOID) {
        *n = (size_t)PQgetlength(st->res, st->row, col);
        return v;
    }
    int nf = PQnfields(st->res);
    if (!st->blobs) {
        st->blobs = calloc((size_t)nf, sizeof *st->blobs);
        st->bloblens = calloc((size_t)nf, sizeof *st->bloblens);
        if (!st->blobs || !st->bloblens) {
            free(st->blobs);
            free(st->bloblens);
            st->blobs = NULL;
            st->bloblens = NULL;
            return NULL;
        }
    }
    if (!st->blobs[col])
        st->blobs[col] = PQunescapeBytea((const unsigned char *)v, &st->bloblens[col]);
    *n = st->blobs[col] ? st->bloblens[col] : 0;
    return st->blobs[col];
}

static const PGresult *shape(pg_stmt *st)
{
    if (st->res)
        return st->res;
    if (!st->desc)
        st->desc = PQdescribePrepared(st->conn->pg, st->name);
    return st->desc;
}

static int pg_col_count(stmt *sst)
{
    const PGresult *r = shape((pg_stmt *)sst);
    return r ? PQnfields(r) : 0;
}

static const char *pg_col_name(stmt *sst, int col)
{
    const PGresult *r = shape((pg_stmt *)sst);
    return r && col >= 0 && col < PQnfields(r) ? PQfname(r, col) : NULL;
}

static void pg_done(stmt *sst)
{
    pg_stmt *st = (pg_stmt *)sst;
    stmt_clear_result(st);
    stmt_clear_binds(st);
    st->in_use = false;
    if (st->evicted) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        run_simple(st->conn, sql);
        stmt_free(st);
    }
}

static sconn *pg_conn_of(stmt *sst)
{
    return &((pg_stmt *)sst)->conn->base;
}

static int64_t pg_changes(sconn *cc)
{
    return ((pg_conn *)cc)->changes;
}

static const char *pg_errmsg(sconn *cc)
{
    return ((pg_conn *)cc)->errmsg;
}

static bool pg_err_unique(sconn *cc)
{
    return strcmp(((pg_conn *)cc)->sqlstate, "23505") == 0;
}

const struct store_ops pg_ops = {
    .backend = STORE_POSTGRES,
    .open = pg_open,
    .close = pg_close,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .in_tx = pg_in_tx,
    .exec = pg_exec,
    .changes = pg_changes,
    .errmsg = pg_errmsg,
    .err_unique = pg_err_unique,
    .table_exists_sql = "SELECT 1 FROM information_schema.tables "
                        "WHERE table_schema = current_schema() AND table_name = ?",
    .table_columns_sql = "SELECT column_name FROM information_schema.columns "
                         "WHERE table_schema = current_schema() AND table_name = ? "
                         "ORDER BY ordinal_position",
    .prepare = pg_prepare,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .conn_of = pg_conn_of,
    .col_null = pg_col_null,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .col_count = pg_col_count,
    .col_name = pg_col_name,
    .done = pg_done,
};

static const struct store_ops *ops_self(void)
{
    return &pg_ops;
}
