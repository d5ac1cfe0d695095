/* test_store.c — the store's group commit: concurrent writers through one store, some of
 * them failing on purpose, each learn their own outcome; what succeeded is there, durable
 * and readable from another connection when db_commit returns, and what failed left
 * nothing. Runs on the backend under test (SQLite, or PostgreSQL with FAZHI_TEST_PG, where
 * group commit is the database's own). */
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

void suite_store(void);
void suite_store(void)
{
    RUN(group_commit_keeps_each_outcome);
}
