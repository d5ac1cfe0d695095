/* fixture.c — building the engine-test database. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "engine/audit.h"
#include "engine/people.h"
#include "engine/schema.h"
#include "engine/verify.h"
#include "modules/modules.h"
#include "store/migrate.h"
#include "t.h"
#include "../common/testdb.h"

static void must(fz_err e, struct ctx *c, const char *what)
{
    if (e) {
        fprintf(stderr, "fixture: %s failed: %s\n", what, c->err.message ? c->err.message : "?");
        abort();
    }
}

static void pin(const char *ymd)
{
    int d;
    if (date_parse(ymd, &d)) {
        fprintf(stderr, "fixture: bad date %s\n", ymd);
        abort();
    }
    time_pin((int64_t)d * 86400000 + 2LL * 3600 * 1000); /* 10:00 Asia/Shanghai */
}

/* Building the organisations and users (argon2 hashes) takes a while, so the first fixture
 * of each hash algorithm is kept as a template (a file, or a PostgreSQL template database)
 * and later fixtures start from a copy. */
static char templates[2][256];
static int next_db;

/* A new fixture's database: a directory and file for SQLite, a database for PostgreSQL
 * (copied from template_name if not NULL). */
static void new_db(struct fixture *f, const char *template_name)
{
    if (testdb_pg()) {
        snprintf(f->dir, sizeof f->dir, "fz_u%d_%d", (int)getpid(), next_db++);
        if (testdb_create(f->dir, template_name, f->path, sizeof f->path))
            abort();
        return;
    }
    snprintf(f->dir, sizeof f->dir, "/tmp/fazhi-unit-XXXXXX");
    if (!mkdtemp(f->dir))
        abort();
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    int rc = in && out ? 0 : -1;
    char b[65536];
    size_t n;
    while (!rc && (n = fread(b, 1, sizeof b, in)) > 0)
        if (fwrite(b, 1, n, out) != n)
            rc = -1;
    if (in)
        fclose(in);
    if (out && fclose(out))
        rc = -1;
    return rc;
}

static void build(struct fixture *f, const char *alg, const char *today);

void fx_open(struct fixture *f, const char *alg, const char *today)
{
    int t = strcmp(alg, "sm3") == 0;
    if (!templates[t][0]) {
        struct fixture tmp;
        build(&tmp, alg, "2026-01-05");
        store_release(tmp.st, tmp.db);
        store_close(tmp.st); /* checkpoints the WAL into the file */
        calendar_free(tmp.cal);
        arena_free(tmp.a);
        snprintf(templates[t], sizeof templates[t], "%s", testdb_pg() ? tmp.dir : tmp.path);
    }
    memset(f, 0, sizeof *f);
    if (testdb_pg()) {
        new_db(f, templates[t]);
    } else {
        new_db(f, NULL);
        if (copy_file(templates[t], f->path))
            abort();
    }
    pin(today);
    modules_register();
    char err[256];
    if (store_open(f->path, &f->st, err, sizeof err))
        abort();
    f->db = store_acquire(f->st);
    f->a = arena_new();
    f->cal = calendar_new();
    const char *data = getenv("FAZHI_DATA") ? getenv("FAZHI_DATA") : "data";
    char dir[512];
    snprintf(dir, sizeof dir, "%s/calendar", data);
    if (calendar_load_dir(f->cal, dir, err, sizeof err) < 3)
        abort();
    enum hash_alg h = HASH_SHA256;
    hash_alg_parse(alg, &h);
    ctx_init(&f->sys, f->db, f->a, f->cal, &actor_system, h);
}

static void build(struct fixture *f, const char *alg, const char *today)
{
    memset(f, 0, sizeof *f);
    new_db(f, NULL);
    pin(today);
    modules_register();
    char err[256];
    if (store_open(f->path, &f->st, err, sizeof err)) {
        fprintf(stderr, "fixture: %s\n", err);
        abort();
    }
    f->db = store_acquire(f->st);
    f->a = arena_new();
    f->cal = calendar_new();
    const char *data = getenv("FAZHI_DATA") ? getenv("FAZHI_DATA") : "data";
    char dir[512];
    snprintf(dir, sizeof dir, "%s/calendar", data);
    if (calendar_load_dir(f->cal, dir, err, sizeof err) < 3) {
        fprintf(stderr, "fixture: calendar: %s\n", err);
        abort();
    }
    if (store_migrate(f->db, f->a, NULL) || schema_sync(f->db, f->a) ||
        meta_set(f->db, "hash_alg", alg))
        abort();
    enum hash_alg h = HASH_SHA256;
    hash_alg_parse(alg, &h);
    ctx_init(&f->sys, f->db, f->a, f->cal, &actor_system, h);
    struct ctx *c = &f->sys;
    static const char *const orgs[][4] = {
        {"D", "测试区", "district", NULL},       {"A", "甲街道", "subdistrict", "D"},
        {"A-D1", "甲执法办", "department", "A"}, {"A-C1", "甲一社区", "community", "A"},
        {"A-C2", "甲二社区", "community", "A"},  {"B", "乙街道", "subdistrict", "D"},
        {"B-D1", "乙执法办", "department", "B"},
    };
    for (size_t i = 0; i < sizeof orgs / sizeof orgs[0]; i++)
        must(org_add(c, orgs[i][0], orgs[i][1], orgs[i][2], orgs[i][3], NULL), c, orgs[i][0]);
    static const char *const users[][4] = {
        {"a.staff", "甲员", "A", "staff"},
        {"a.leader", "甲领导", "A", "leader"},
        {"a.d1", "甲执法员工", "A-D1", "staff"},
        {"a.officer", "甲执法员", "A-D1", "officer"},
        {"a.grid", "甲网格员", "A-C1", "grid_worker"},
        {"b.staff", "乙员", "B", "staff"},
        {"d.sup", "区监督", "D", "supervisor"},
    };
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
        must(user_add(c, users[i][0], users[i][1], users[i][2], users[i][3], "password-123", NULL),
             c, users[i][0]);
}

void fx_close(struct fixture *f)
{
    store_release(f->st, f->db);
    store_close(f->st);
    calendar_free(f->cal);
    arena_free(f->a);
    time_pin(0);
    if (testdb_pg()) {
        testdb_drop(f->dir);
        return;
    }
    char p[300];
    const char *sfx[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", f->path, sfx[i]);
        unlink(p);
    }
    rmdir(f->dir);
}

struct ctx *fx_as(struct fixture *f, const char *username)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->actors[i].username, username) == 0) {
            f->ctxs[i].err = (fz_error){0};
            return &f->ctxs[i];
        }
    int64_t id;
    const char *hash;
    bool active;
    if (user_lookup(&f->sys, username, &id, &hash, &active) ||
        actor_load(&f->sys, id, &f->actors[f->n]))
        abort();
    ctx_init(&f->ctxs[f->n], f->db, f->a, f->cal, &f->actors[f->n], f->sys.alg);
    return &f->ctxs[f->n++];
}

void fx_today(struct fixture *f, const char *ymd)
{
    pin(ymd);
    int64_t now = time_now_ms();
    f->sys.now_ms = now;
    f->sys.today = date_of_instant(now);
    for (int i = 0; i < f->n; i++) {
        f->ctxs[i].now_ms = now;
        f->ctxs[i].today = f->sys.today;
    }
}

json_t *fx_json(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (!j) {
        fprintf(stderr, "fixture: bad JSON %s: %s\n", text, e.text);
        abort();
    }
    return j;
}

int64_t fx_task(struct fixture *f, const char *username, const char *text)
{
    struct ctx *c = fx_as(f, username);
    json_t *j = fx_json(text);
    struct record *r;
    fz_err e = entity_create(c, entity_find("tasks"), j, &r);
    json_decref(j);
    if (e) {
        fprintf(stderr, "  fx_task: %s\n", c->err.message ? c->err.message : "?");
        return 0;
    }
    return r->id;
}

void fx_sql(struct fixture *f, const char *sql)
{
    if (testdb_exec(f->path, sql))
        abort();
}

int fx_verify(struct fixture *f, char **text)
{
    buf b;
    buf_init(&b, 0);
    struct verify_result res;
    fz_err e = verify_all(&f->sys, &b, &res);
    if (text)
        *text = arena_strdup(f->a, b.p);
    buf_release(&b);
    return e ? -1 : res.problems;
}

void fx_cleanup_templates(void)
{
    for (int t = 0; t < 2; t++) {
        if (!templates[t][0])
            continue;
        if (testdb_pg()) {
            testdb_drop(templates[t]);
            templates[t][0] = '\0';
            continue;
        }
        unlink(templates[t]);
        char dir[sizeof templates[t]];
        memcpy(dir, templates[t], sizeof dir);
        char *slash = strrchr(dir, '/');
        if (slash) {
            *slash = '\0';
            rmdir(dir);
        }
        templates[t][0] = '\0';
    }
}
