/* testdb.c — creating, dropping and poking test databases on either backend. */
#include "testdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

const char *testdb_pg(void)
{
    const char *u = getenv("FAZHI_TEST_PG");
    return u && *u ? u : NULL;
}

static int admin_exec(const char *sql)
{
    char url[512];
    snprintf(url, sizeof url, "%spostgres", testdb_pg());
    return testdb_exec(url, sql);
}

int testdb_create(const char *name, const char *template_name, char *url, size_t urllen)
{
    char sql[256];
    if (template_name)
        snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s", name, template_name);
    else
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    if (admin_exec(sql))
        return -1;
    snprintf(url, urllen, "%s%s", testdb_pg(), name);
    return 0;
}

int testdb_drop(const char *name)
{
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    return admin_exec(sql);
}

int testdb_exec(const char *url, const char *sql)
{
    store *s;
    char err[512];
    if (store_open(url, &s, err, sizeof err)) {
        fprintf(stderr, "  (cannot open %s: %s)\n", url, err);
        return -1;
    }
    sconn *c = store_acquire(s);
    /* behind the program's back: foreign keys are not checked, as a hand edit would not */
    int rc = c &&
                     db_exec(c, db_backend(c) == STORE_POSTGRES
                                    ? "SET session_replication_role = replica"
                                    : "PRAGMA foreign_keys = OFF") == FZ_OK &&
                     db_exec(c, sql) == FZ_OK
                 ? 0
                 : -1;
    if (rc)
        fprintf(stderr, "  (sql \"%s\" failed: %s)\n", sql, c ? db_errmsg(c) : "no connection");
    store_release(s, c);
    store_close(s);
    return rc;
}
