/* demo.h — what a module's demo loader gets: the store, and a way to act as a demo user at
 * a chosen moment, so demo records carry a believable history (made through the engine,
 * audited like real work). The demo district is fictional. */
#ifndef FZ_DEMO_H
#define FZ_DEMO_H

#include "engine/ctx.h"

#define DEMO_PASSWORD "fazhi-demo-2026"
#define DEMO_DAY_MS (86400LL * 1000)

struct demo {
    sconn *db;
    arena *a;
    const calendar *cal;
    enum hash_alg alg;
    int today;                   /* the real date the demo is loaded on */
    const char *data_dir;        /* for the demo's pictures (data/demo/) */
    const char *subdistricts[2]; /* username prefixes, e.g. "dh" */
    const char *codes[2];        /* organisation code prefixes, e.g. "DH" */
    struct actor actors[64];
    const char *actor_names[64];
    int nactors;
    /* The day the catalogue and the certificates take effect from (0: two years before
     * today); the scale generator moves it back to cover all its years. */
    int catalogue_from;
};

/* A ctx acting as username at the instant: day (a date) and minute of that day (Asia/
 * Shanghai). Pins the clock until demo_done(). */
fz_err demo_ctx(struct demo *d, const char *username, int day, int minute, struct ctx *out);
void demo_done(void);

/* Modules' loaders. */
fz_err tasks_demo(struct demo *d);
fz_err enforcement_demo(struct demo *d);
fz_err disclosure_demo(struct demo *d);
fz_err report_demo(struct demo *d);

#endif
