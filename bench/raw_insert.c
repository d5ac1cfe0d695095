/* raw_insert.c — the machine's limit for durable writes shaped like a case creation.
 *
 * Each transaction inserts one row into raw_cases (the columns and indexes of fazhi's
 * penalty_cases, filled like a newly created case) and one into raw_audit (fazhi's audit
 * table: after_state is the row's JSON, ~850 bytes; hash is a real SHA-256 over the previous
 * hash and the row) and commits durably. Nothing else: no audit head, no links, no HTTP, no
 * JSON parsing — what the store alone allows.
 *
 *   SQLite (DB is a file name): WAL, synchronous=FULL, foreign_keys=ON (fazhi's pragmas),
 *           BEGIN IMMEDIATE … COMMIT, busy_timeout 10 s, one connection per thread.
 *   PostgreSQL (DB is a postgresql:// URL): synchronous_commit=on, BEGIN … COMMIT, one
 *           connection per thread.
 *
 * The tables are raw_cases and raw_audit, created afresh and dropped at the end, so DB may be
 * a fazhi database (the same store, the same disk) without touching fazhi's own tables.
 *
 * usage: raw_insert [-t THREADS] [-d SECONDS] DB
 * Prints one Markdown table row: store and threads, transactions/s (committed within the
 * run), p50 and p99 per transaction, failed transactions. Build: see bench/raw-insert.sh.
 */
#define _POSIX_C_SOURCE 200809L
#include <libpq-fe.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The columns of penalty_cases after id; value NULL = left NULL at creation. */
struct col {
    const char *name;
    char type; /* 'i' integer, 't' text */
    const char *value;
};

static const struct col cols[] = {
    {"org_id", 'i', "3"},
    {"version", 'i', "1"},
    {"status", 't', "clue"},
    {"created_at", 't', "2026-11-27T09:30:00.000Z"},
    {"created_by", 'i', "8"},
    {"updated_at", 't', "2026-11-27T09:30:00.000Z"},
    {"updated_by", 'i', "8"},
    {"case_number", 't', NULL},
    {"filed_on", 't', NULL},
    {"act_summary", 't', "当事人在滨河路空地倾倒建筑垃圾"},
    {"procedure", 't', "ordinary"},
    {"department", 'i', "5"},
    {"source", 't', "inspection"},
    {"matter", 'i', "5"},
    {"party", 'i', "14"},
    {"occurred_on", 't', "2026-11-26"},
    {"continuing", 'i', "0"},
    {"ended_on", 't', NULL},
    {"harm_serious", 'i', "0"},
    {"location", 't', "东湖街道滨河路与江汉北路交叉口东南侧空地"},
    {"facts", 't',
     "2026年11月26日上午10时许，执法人员在日常巡查中发现当事人驾驶渣土运输车辆在滨河路"
     "与江汉北路交叉口东南侧空地倾倒拆除装修产生的建筑垃圾约4立方米，未取得建筑垃圾处置"
     "核准，现场拍照取证并制作现场检查笔录。经责令改正，当事人已于当日下午将建筑垃圾清运"
     "完毕，现场恢复原状。"},
    {"proposed_penalty", 't', NULL},
    {"proposed_fine", 'i', NULL},
    {"discretion_tier", 't', NULL},
    {"legal_review_reason", 't', NULL},
    {"collective_required", 'i', NULL},
    {"legal_review_passed", 'i', NULL},
    {"legal_reviewer", 'i', NULL},
    {"legal_review_on", 't', NULL},
    {"legal_review_opinion", 't', NULL},
    {"collective_on", 't', NULL},
    {"collective_opinion", 't', NULL},
    {"notice_served_on", 't', NULL},
    {"statement_summary", 't', NULL},
    {"rights_waived", 'i', NULL},
    {"hearing_requested_on", 't', NULL},
    {"hearing_notice_on", 't', NULL},
    {"hearing_on", 't', NULL},
    {"hearing_chair", 'i', NULL},
    {"hearing_held_on", 't', NULL},
    {"decision_kind", 't', NULL},
    {"decided_penalty", 't', NULL},
    {"decided_fine", 'i', NULL},
    {"no_penalty_reason", 't', NULL},
    {"performance", 't', NULL},
    {"remedy", 't', NULL},
    {"decision_number", 't', NULL},
    {"decided_on", 't', NULL},
    {"on_site_form_number", 't', NULL},
    {"served_on", 't', NULL},
    {"service_method", 't', NULL},
    {"service_consent", 't', NULL},
    {"paid_amount", 'i', NULL},
    {"paid_on", 't', NULL},
    {"closed_on", 't', NULL},
    {"archived_on", 't', NULL},
    {"suspected_offence", 't', NULL},
    {"transfer_report", 't', NULL},
};
enum { NCOLS = sizeof cols / sizeof cols[0] };

static const char *const indexed[] = {"org_id", "org_id, status", "filed_on", "procedure",
                                      "department", "source", "matter", "party",
                                      "occurred_on", "decision_kind", "decided_on"};

/* audit columns after id, bound in this order */
static const char *const audit_cols[] = {"chain_id", "seq", "at", "actor_id", "actor",
                                         "org_id", "action", "entity", "record_id",
                                         "before_state", "after_state", "detail",
                                         "prev_hash", "hash"};
enum { NAUDIT = sizeof audit_cols / sizeof audit_cols[0] };

static int pg;           /* the store is PostgreSQL */
static const char *dsn;  /* file name or URL */
static double seconds = 10;
static atomic_long next_seq;
static pthread_barrier_t ready;
static double end_ms; /* set before the second barrier */

struct worker {
    pthread_t th;
    double *lat; /* per-transaction latencies, ms */
    size_t n, cap;
    long errors;
    char error[256];
};

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "raw_insert: %s: %s\n", what, msg);
    exit(1);
}

#define DROP_SQL "DROP TABLE IF EXISTS raw_cases; DROP TABLE IF EXISTS raw_audit;"

/* SQL text into buf; ID/INT are the dialect's types; placeholders ? or $n. */
static void sql_ddl(char *buf, size_t size)
{
    const char *id = pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                        : "INTEGER PRIMARY KEY";
    const char *in = pg ? "BIGINT" : "INTEGER";
    size_t n = (size_t)snprintf(buf, size,
                                DROP_SQL "CREATE TABLE raw_cases (id %s", id);
    for (int i = 0; i < NCOLS; i++)
        n += (size_t)snprintf(buf + n, size - n, ", %s %s%s", cols[i].name,
                              cols[i].type == 'i' ? in : "TEXT",
                              strstr(" org_id version status created_at updated_at ",
                                     cols[i].name) ? " NOT NULL" : "");
    n += (size_t)snprintf(buf + n, size - n, ");");
    for (size_t i = 0; i < sizeof indexed / sizeof indexed[0]; i++)
        n += (size_t)snprintf(buf + n, size - n, "CREATE INDEX raw_cases_%zu ON raw_cases(%s);", i,
                              indexed[i]);
    snprintf(buf + n, size - n,
             "CREATE TABLE raw_audit (id %s, chain_id %s NOT NULL, seq %s NOT NULL,"
             " at TEXT NOT NULL, actor_id %s, actor TEXT NOT NULL, org_id %s NOT NULL,"
             " action TEXT NOT NULL, entity TEXT NOT NULL, record_id %s,"
             " before_state TEXT, after_state TEXT, detail TEXT,"
             " prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (chain_id, seq));"
             "CREATE INDEX raw_audit_record ON raw_audit(entity, record_id, chain_id, seq);",
             id, in, in, in, in, in);
}

static void sql_insert(char *buf, size_t size, const char *table, const char *const *names,
                       int count, const char *tail)
{
    size_t n = (size_t)snprintf(buf, size, "INSERT INTO %s (", table);
    for (int i = 0; i < count; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", names[i]);
    n += (size_t)snprintf(buf + n, size - n, ") VALUES (");
    for (int i = 0; i < count; i++) {
        if (pg)
            n += (size_t)snprintf(buf + n, size - n, "%s$%d", i ? ", " : "", i + 1);
        else
            n += (size_t)snprintf(buf + n, size - n, "%s?", i ? ", " : "");
    }
    snprintf(buf + n, size - n, ")%s", tail);
}

/* The case row as JSON, as the audit's after_state. */
static void row_json(char *buf, size_t size, long id)
{
    size_t n = (size_t)snprintf(buf, size, "{\"id\":%ld", id);
    for (int i = 0; i < NCOLS; i++)
        if (cols[i].value)
            n += (size_t)snprintf(buf + n, size - n,
                                  cols[i].type == 'i' ? ",\"%s\":%s" : ",\"%s\":\"%s\"",
                                  cols[i].name, cols[i].value);
    snprintf(buf + n, size - n, ",\"officers\":[1,2]}");
}

static void sha256_hex(char out[65], const char *a, const char *b)
{
    unsigned char md[32];
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) ||
        !EVP_DigestUpdate(ctx, a, strlen(a)) || !EVP_DigestUpdate(ctx, b, strlen(b)) ||
        !EVP_DigestFinal_ex(ctx, md, NULL))
        die("sha256", "failed");
    EVP_MD_CTX_free(ctx);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* A transaction counts if it committed within the run, as wrk counts requests. */
static void record(struct worker *w, double t0)
{
    double t1 = now_ms();
    if (t1 > end_ms)
        return;
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 4096;
        w->lat = realloc(w->lat, w->cap * sizeof *w->lat);
        if (!w->lat)
            die("memory", "out of memory");
    }
    w->lat[w->n++] = t1 - t0;
}

/* The audit row's values as text (NULL = SQL NULL); json and hashes are the caller's. */
static void audit_values(const char *v[NAUDIT], char num[3][24], long seq, long id,
                         const char *json, const char *prev, const char *hash)
{
    snprintf(num[0], 24, "%ld", seq);
    snprintf(num[1], 24, "%ld", id);
    const char *vals[NAUDIT] = {"1", num[0], "2026-11-27T09:30:00.000Z", "8",
                                "dh.zf.officer1", "5", "penalty_cases.create",
                                "penalty_cases", num[1], NULL, json, NULL, prev, hash};
    memcpy(v, vals, sizeof vals);
}

static int sqlite_bind_run(sqlite3_stmt *st, const char *const *v, const char *types, int n)
{
    sqlite3_reset(st);
    for (int i = 0; i < n; i++) {
        if (!v[i])
            sqlite3_bind_null(st, i + 1);
        else if (types[i] == 'i')
            sqlite3_bind_int64(st, i + 1, atoll(v[i]));
        else
            sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
    }
    return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

static void *run_sqlite(void *arg)
{
    struct worker *w = arg;
    sqlite3 *db;
    char sql[4096];
    if (sqlite3_open_v2(dsn, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL))
        die(dsn, sqlite3_errmsg(db));
    sqlite3_busy_timeout(db, 10000);
    if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                         "PRAGMA foreign_keys=ON;", NULL, NULL, NULL))
        die(dsn, sqlite3_errmsg(db));
    const char *names[NCOLS], *vals[NCOLS];
    char types[NCOLS];
    for (int i = 0; i < NCOLS; i++)
        names[i] = cols[i].name, vals[i] = cols[i].value, types[i] = cols[i].type;
    sqlite3_stmt *ins_case, *ins_audit, *begin, *commit, *rollback;
    sql_insert(sql, sizeof sql, "raw_cases", names, NCOLS, "");
    if (sqlite3_prepare_v2(db, sql, -1, &ins_case, NULL))
        die("prepare", sqlite3_errmsg(db));
    sql_insert(sql, sizeof sql, "raw_audit", audit_cols, NAUDIT, "");
    if (sqlite3_prepare_v2(db, sql, -1, &ins_audit, NULL) ||
        sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) ||
        sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL) ||
        sqlite3_prepare_v2(db, "ROLLBACK", -1, &rollback, NULL))
        die("prepare", sqlite3_errmsg(db));
    const char *atypes = "iitititti";
    char atype[NAUDIT];
    for (int i = 0; i < NAUDIT; i++)
        atype[i] = i < 9 ? atypes[i] : 't';
    char prev[65], hash[65], json[4096], num[3][24];
    memset(prev, '0', 64), prev[64] = 0;
    pthread_barrier_wait(&ready);
    pthread_barrier_wait(&ready);
    while (now_ms() < end_ms) {
        double t0 = now_ms();
        const char *av[NAUDIT];
        sqlite3_reset(begin), sqlite3_reset(commit), sqlite3_reset(rollback);
        if (sqlite3_step(begin) != SQLITE_DONE)
            goto fail;
        if (sqlite_bind_run(ins_case, vals, types, NCOLS))
            goto fail;
        long id = (long)sqlite3_last_insert_rowid(db);
        long seq = atomic_fetch_add(&next_seq, 1) + 1;
        row_json(json, sizeof json, id);
        sha256_hex(hash, prev, json);
        audit_values(av, num, seq, id, json, prev, hash);
        if (sqlite_bind_run(ins_audit, av, atype, NAUDIT) || sqlite3_step(commit) != SQLITE_DONE)
            goto fail;
        memcpy(prev, hash, sizeof prev);
        record(w, t0);
        continue;
    fail:
        snprintf(w->error, sizeof w->error, "%s", sqlite3_errmsg(db));
        w->errors++;
        if (!sqlite3_get_autocommit(db))
            sqlite3_step(rollback);
    }
    sqlite3_finalize(ins_case), sqlite3_finalize(ins_audit), sqlite3_finalize(begin);
    sqlite3_finalize(commit), sqlite3_finalize(rollback);
    sqlite3_close(db);
    return NULL;
}

static int pg_ok(PGresult *r, struct worker *w, PGconn *c)
{
    ExecStatusType s = PQresultStatus(r);
    int ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
    if (!ok && w)
        snprintf(w->error, sizeof w->error, "%s", PQerrorMessage(c));
    return ok;
}

static void pg_exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (!pg_ok(r, NULL, c))
        die(sql, PQerrorMessage(c));
    PQclear(r);
}

static PGconn *pg_connect(void)
{
    PGconn *c = PQconnectdb(dsn);
    if (PQstatus(c) != CONNECTION_OK)
        die(dsn, PQerrorMessage(c));
    pg_exec(c, "SET synchronous_commit = on; SET client_min_messages = warning");
    return c;
}

static void *run_pg(void *arg)
{
    struct worker *w = arg;
    PGconn *c = pg_connect();
    char sql[4096];
    const char *names[NCOLS], *vals[NCOLS];
    for (int i = 0; i < NCOLS; i++)
        names[i] = cols[i].name, vals[i] = cols[i].value;
    sql_insert(sql, sizeof sql, "raw_cases", names, NCOLS, " RETURNING id");
    PGresult *r = PQprepare(c, "ins_case", sql, 0, NULL);
    if (!pg_ok(r, NULL, c))
        die("prepare", PQerrorMessage(c));
    PQclear(r);
    sql_insert(sql, sizeof sql, "raw_audit", audit_cols, NAUDIT, "");
    r = PQprepare(c, "ins_audit", sql, 0, NULL);
    if (!pg_ok(r, NULL, c))
        die("prepare", PQerrorMessage(c));
    PQclear(r);
    char prev[65], hash[65], json[4096], num[3][24];
    memset(prev, '0', 64), prev[64] = 0;
    pthread_barrier_wait(&ready);
    pthread_barrier_wait(&ready);
    while (now_ms() < end_ms) {
        double t0 = now_ms();
        const char *av[NAUDIT];
        int ok = 0;
        long id = 0;
        r = PQexec(c, "BEGIN");
        if (pg_ok(r, w, c)) {
            PQclear(r);
            r = PQexecPrepared(c, "ins_case", NCOLS, vals, NULL, NULL, 0);
            if (pg_ok(r, w, c)) {
                id = atol(PQgetvalue(r, 0, 0));
                long seq = atomic_fetch_add(&next_seq, 1) + 1;
                row_json(json, sizeof json, id);
                sha256_hex(hash, prev, json);
                audit_values(av, num, seq, id, json, prev, hash);
                PQclear(r);
                r = PQexecPrepared(c, "ins_audit", NAUDIT, av, NULL, NULL, 0);
                if (pg_ok(r, w, c)) {
                    PQclear(r);
                    r = PQexec(c, "COMMIT");
                    ok = pg_ok(r, w, c);
                }
            }
        }
        PQclear(r);
        if (ok) {
            memcpy(prev, hash, sizeof prev);
            record(w, t0);
        } else {
            w->errors++;
            PQclear(PQexec(c, "ROLLBACK"));
        }
    }
    PQfinish(c);
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Runs sql (the tables' creation, or their removal) on the store. */
static void exec_sql(const char *sql)
{
    if (pg) {
        PGconn *c = pg_connect();
        pg_exec(c, sql);
        PQfinish(c);
        return;
    }
    sqlite3 *db;
    char *msg = NULL;
    if (sqlite3_open(dsn, &db) ||
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL, &msg) ||
        sqlite3_exec(db, sql, NULL, NULL, &msg))
        die(dsn, msg ? msg : sqlite3_errmsg(db));
    sqlite3_close(db);
}

int main(int argc, char **argv)
{
    int threads = 32, opt;
    while ((opt = getopt(argc, argv, "t:d:")) != -1) {
        if (opt == 't')
            threads = atoi(optarg);
        else if (opt == 'd')
            seconds = atof(optarg);
        else
            goto usage;
    }
    if (optind != argc - 1 || threads < 1 || seconds <= 0)
        goto usage;
    dsn = argv[optind];
    pg = !strncmp(dsn, "postgresql://", 13) || !strncmp(dsn, "postgres://", 11);
    static char ddl[16384];
    sql_ddl(ddl, sizeof ddl);
    exec_sql(ddl);

    struct worker *w = calloc((size_t)threads, sizeof *w);
    if (!w)
        die("memory", "out of memory");
    pthread_barrier_init(&ready, NULL, (unsigned)threads + 1);
    for (int i = 0; i < threads; i++)
        if (pthread_create(&w[i].th, NULL, pg ? run_pg : run_sqlite, &w[i]))
            die("pthread_create", "failed");
    pthread_barrier_wait(&ready); /* every thread connected and prepared */
    end_ms = now_ms() + seconds * 1e3;
    pthread_barrier_wait(&ready); /* go */
    size_t total = 0;
    long errors = 0;
    const char *error = "";
    for (int i = 0; i < threads; i++) {
        pthread_join(w[i].th, NULL);
        total += w[i].n;
        errors += w[i].errors;
        if (w[i].errors)
            error = w[i].error;
    }
    double *all = malloc((total ? total : 1) * sizeof *all);
    if (!all)
        die("memory", "out of memory");
    size_t k = 0;
    for (int i = 0; i < threads; i++) {
        memcpy(all + k, w[i].lat, w[i].n * sizeof *all);
        k += w[i].n;
        free(w[i].lat);
    }
    qsort(all, total, sizeof *all, cmp);
    double p50 = total ? all[total / 2] : 0, p99 = total ? all[total * 99 / 100] : 0;
    exec_sql(DROP_SQL); /* leave the database as it was */
    printf("| %s, %d thread%s | %.0f | %.2f ms | %.2f ms | %ld |\n", pg ? "PostgreSQL" : "SQLite",
           threads, threads > 1 ? "s" : "", (double)total / seconds, p50, p99, errors);
    if (errors)
        fprintf(stderr, "raw_insert: %ld failed transactions, last: %s\n", errors, error);
    free(all);
    free(w);
    pthread_barrier_destroy(&ready);
    return 0;
usage:
    fprintf(stderr, "usage: raw_insert [-t THREADS] [-d SECONDS] DB|postgresql://…\n");
    return 2;
}
