/* store_int.h — what store.c (URL, pool, dialect) needs from a backend. Private to src/store. */
#ifndef FZ_STORE_INT_H
#define FZ_STORE_INT_H

#include <pthread.h>

#include "store.h"

#define STORE_MAX_CONNS 64

struct store {
    enum store_backend backend;
    bool readonly;
    char *path; /* SQLite file, or the PostgreSQL URL */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    sconn *idle[STORE_MAX_CONNS];
    int nidle, nopen, max_conns;
};

/* Backend: open one connection (NULL and a logged reason on failure), close it. */
sconn *sqlite_conn_open(store *s);
void sqlite_conn_close(sconn *c);

#endif
