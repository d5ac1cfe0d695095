/* test_store.c — the store's group commit: concurrent writers through one store, some of
 * them failing on purpose, each learn their own outcome; what succeeded is there, durable
 * and readable from another connection when db_commit returns, and what failed left
 * nothing. Runs on the backend under test (SQLite, or PostgreSQL with FAZHI_TEST_PG, where
 * group commit is the database's own). On PostgreSQL, connections the server ends are
 * reopened. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "t.h"
#include "../common/testdb.h"
#include "core/banned.h"

#define WRITERS 8
#define EACH 60

struct writer {
    store *st;
    int n;
    int ok, refused, wrong;
};

/* Writer n inserts EACH rows, one transaction each; every 5th transaction also inserts a
 * duplicate key and rolls back. After each commit it reads its row through a second
 * connection. */
static void *write_rows(void *arg)
{
    struct writer *w = arg;
    for (int i = 0; i < EACH; i++) {
        sconn *c = store_acquire(w->st);
        if (!c) {
            w->wrong++;
            continue;
        }
        int64_t key = (int64_t)w->n * 1000 + i;
        bool fail = i % 5 == 4;
        fz_err e = db_begin(c, true);
        if (!e) {
            stmt *s = db_prepare(c, "INSERT INTO gc_rows (k, v) VALUES (?, ?)");
            db_bind_int(s, 1, key);
            db_bind_text(s, 2, "一行");
            e = db_run(s);
            if (!e && fail) {
                s = db_prepare(c, "INSERT INTO gc_rows (k, v) VALUES (?, ?)");
                db_bind_int(s, 1, key);
                db_bind_text(s, 2, "重复");
                e = db_run(s);
                if (e != FZ_EEXISTS)
                    w->wrong++;
            }
            if (e)
                db_rollback(c);
            else
                e = db_commit(c);
        }
        if (fail && e)
            w->refused++;
        else if (!fail && !e)
            w->ok++;
        else
            w->wrong++;
        store_release(w->st, c);
        /* committed means visible to everyone at once */
        sconn *r = store_acquire(w->st);
        stmt *q = db_prepare(r, "SELECT COUNT(*) FROM gc_rows WHERE k = ?");
        db_bind_int(q, 1, key);
        int64_t seen = db_step(q) == DB_ROW ? db_col_int(q, 0) : -1;
        db_done(q);
        store_release(w->st, r);
        if (seen != (fail ? 0 : 1))
            w->wrong++;
    }
    return NULL;
}

static void group_commit_keeps_each_outcome(void)
{
    char dir[64] = "", path[256];
    if (testdb_pg()) {
        snprintf(dir, sizeof dir, "fz_store_%d", (int)getpid());
        testdb_drop(dir);
        CHECK_INT(testdb_create(dir, NULL, path, sizeof path), 0);
    } else {
        snprintf(dir, sizeof dir, "/tmp/fazhi-store-XXXXXX");
        CHECK(mkdtemp(dir) != NULL);
        snprintf(path, sizeof path, "%s/g.db", dir);
    }
    store *st;
    char err[256];
    CHECK_INT(store_open(path, &st, err, sizeof err), FZ_OK);
    store_set_max_conns(st, 2 * WRITERS + 2);
    sconn *c = store_acquire(st);
    CHECK_INT(db_exec(c, "CREATE TABLE gc_rows (k BIGINT PRIMARY KEY, v TEXT NOT NULL)"), FZ_OK);
    store_release(st, c);
    CHECK_INT(store_group_commit(st), FZ_OK);
    struct writer w[WRITERS];
    pthread_t th[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        w[i] = (struct writer){.st = st, .n = i + 1};
        CHECK_INT(pthread_create(&th[i], NULL, write_rows, &w[i]), 0);
    }
    int ok = 0, refused = 0, wrong = 0;
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(th[i], NULL);
        ok += w[i].ok;
        refused += w[i].refused;
        wrong += w[i].wrong;
    }
    CHECK_INT(wrong, 0);
    CHECK_INT(ok, WRITERS * EACH * 4 / 5);
    CHECK_INT(refused, WRITERS * EACH / 5);
    c = store_acquire(st);
    stmt *q = db_prepare(c, "SELECT COUNT(*), COUNT(DISTINCT k) FROM gc_rows WHERE v = '一行'");
    CHECK(db_step(q) == DB_ROW);
    CHECK_INT(db_col_int(q, 0), WRITERS * EACH * 4 / 5);
    CHECK_INT(db_col_int(q, 1), WRITERS * EACH * 4 / 5);
    db_done(q);
    store_release(st, c);
    store_close(st);
    /* and it is all there for the next process */
    CHECK_INT(store_open_readonly(path, &st, err, sizeof err), FZ_OK);
    c = store_acquire(st);
    q = db_prepare(c, "SELECT COUNT(*) FROM gc_rows");
    CHECK(db_step(q) == DB_ROW);
    CHECK_INT(db_col_int(q, 0), WRITERS * EACH * 4 / 5);
    db_done(q);
    store_release(st, c);
    store_close(st);
    if (testdb_pg()) {
        testdb_drop(dir);
    } else {
        const char *sfx[] = {"", "-wal", "-shm"};
        for (int i = 0; i < 3; i++) {
            char p[300];
            snprintf(p, sizeof p, "%s%s", path, sfx[i]);
            unlink(p);
        }
        rmdir(dir);
    }
}

/* PostgreSQL: a connection the server ends (a restart, an administrator) is opened again
 * before the next statement outside a transaction; one ended inside a transaction fails
 * that transaction, and the connection serves the next one. */
static void lost_connection_is_reopened(void)
{
    if (!testdb_pg())
        return;
    char name[64], url[256], admin[300];
    snprintf(name, sizeof name, "fz_lost_%d", (int)getpid());
    testdb_drop(name);
    CHECK_INT(testdb_create(name, NULL, url, sizeof url), 0);
    snprintf(admin, sizeof admin, "%s", url);
    store *st;
    char err[256];
    CHECK_INT(store_open(url, &st, err, sizeof err), FZ_OK);
    sconn *c = store_acquire(st);
    CHECK_INT(db_exec(c, "CREATE TABLE lost (k BIGINT PRIMARY KEY)"), FZ_OK);
    for (int round = 0; round < 2; round++) {
        stmt *q = db_prepare(c, "SELECT pg_backend_pid()");
        CHECK(q && db_step(q) == DB_ROW);
        int64_t pid = q ? db_col_int(q, 0) : 0;
        db_done(q);
        if (round == 1) /* inside a transaction this time */
            CHECK_INT(db_begin(c, true), FZ_OK);
        /* ended from another connection (waiting until it is gone) */
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%lld, 5000)", (long long)pid);
        CHECK_INT(testdb_exec(admin, sql), 0);
        if (round == 0) {
            /* between transactions: the next read just works, on a new session */
            q = db_prepare(c, "SELECT pg_backend_pid()");
            CHECK(q && db_step(q) == DB_ROW);
            CHECK(q && db_col_int(q, 0) != pid);
            db_done(q);
        } else {
            /* inside one: that transaction fails, the next succeeds */
            stmt *ins = db_prepare(c, "INSERT INTO lost (k) VALUES (1)");
            CHECK(ins == NULL || db_run(ins) != FZ_OK);
            db_rollback(c);
            CHECK_INT(db_begin(c, true), FZ_OK);
            ins = db_prepare(c, "INSERT INTO lost (k) VALUES (2)");
            CHECK(ins && db_run(ins) == FZ_OK);
            CHECK_INT(db_commit(c), FZ_OK);
        }
    }
    stmt *q = db_prepare(c, "SELECT COUNT(*), MIN(k) FROM lost");
    CHECK(q && db_step(q) == DB_ROW);
    CHECK_INT(q ? db_col_int(q, 0) : -1, 1);
    CHECK_INT(q ? db_col_int(q, 1) : -1, 2);
    db_done(q);
    store_release(st, c);
    store_close(st);
    testdb_drop(name);
}

void suite_store(void);
void suite_store(void)
{
    RUN(group_commit_keeps_each_outcome);
    RUN(lost_connection_is_reopened);
}
