/* schema.h — entity tables in the database, derived from the registered entity tables:
 * created when missing, extended by a column when a field is added (additive migrations).
 * A removed or retyped field needs a hand-written migration (store/migrate.c). */
#ifndef FZ_SCHEMA_H
#define FZ_SCHEMA_H

#include "engine/entity.h"

/* Creates or extends every registered entity's table and indexes. */
fz_err schema_sync(sconn *c, arena *a);
/* Checks the registered tables for mistakes (identifiers, unit/parent fields, workflow
 * states, deadlines). Returns the number of problems; each is logged and, when msgs is not
 * NULL, appended to it one per line. */
int schema_check_tables(buf *msgs);

#endif
