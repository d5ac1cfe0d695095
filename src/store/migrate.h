/* migrate.h — versioned migrations of the core schema (people, sessions, audit, files,
 * deadlines). Entity tables are created and extended by the engine from its tables
 * (engine/schema.c). Each migration runs once, in its own transaction, recorded in
 * schema_migrations; running migrate again is a no-op. */
#ifndef FZ_MIGRATE_H
#define FZ_MIGRATE_H

#include "store.h"

/* Applies every pending core migration. *applied gets how many ran (may be NULL). */
fz_err store_migrate(sconn *c, arena *a, int *applied);
/* Highest core migration version this binary knows. */
int store_schema_version(void);
/* The database's applied core version (0 for an empty or foreign file), read only. */
int store_applied_version(sconn *c);

/* meta key/value (e.g. hash_alg). meta_get returns an arena copy or NULL. */
const char *meta_get(sconn *c, const char *key, arena *a);
fz_err meta_set(sconn *c, const char *key, const char *value);

#endif
