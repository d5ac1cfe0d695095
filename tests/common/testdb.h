/* testdb.h — where the tests keep their databases: SQLite files by default, or databases in
 * the PostgreSQL cluster named by FAZHI_TEST_PG (a base URL such as
 * "postgresql://fazhi@127.0.0.1:54329/"; `make check-pg` starts one and sets it). */
#ifndef FZ_TESTDB_H
#define FZ_TESTDB_H

#include <stdbool.h>
#include <stddef.h>

/* The base URL, or NULL when the tests run on SQLite. */
const char *testdb_pg(void);
/* Creates PostgreSQL database `name` (a copy of `template_name` if not NULL) and writes its
 * URL into url. 0 on success; prints why and returns -1 otherwise. */
int testdb_create(const char *name, const char *template_name, char *url, size_t urllen);
/* Drops it (closing other sessions on it first); 0 on success. */
int testdb_drop(const char *name);
/* Runs SQL (several statements allowed) on the database at url, outside the program under
 * test and without foreign-key checks (a hand edit); 0 on success, else prints why and
 * returns -1. */
int testdb_exec(const char *url, const char *sql);

#endif
