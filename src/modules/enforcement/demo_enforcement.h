/* demo_enforcement.h — shared between the enforcement demo's two halves: the catalogue,
 * officers and parties a subdistrict starts with (demo_catalogue.c), and the year of cases
 * made on top of them (demo_cases.c). */
#ifndef FZ_DEMO_ENFORCEMENT_H
#define FZ_DEMO_ENFORCEMENT_H

#include "modules/demo.h"

/* Indexes into the demo matters (demo_catalogue.c's table). */
enum demo_matter {
    DM_STALL,
    DM_POSTER,
    DM_GARBAGE,
    DM_SPILL,
    DM_WASTE,
    DM_ADS,
    DM_FIRELANE,
    DM_GRAFFITI,
    DM__COUNT
};
#define DEMO_CITIZENS 8
#define DEMO_ORGS 6

/* One subdistrict's enforcement starting point: record ids. */
struct demo_enf {
    int64_t matters[DM__COUNT];
    int64_t cert_officer1, cert_officer2, cert_head;
    int64_t citizens[DEMO_CITIZENS], orgs[DEMO_ORGS];
    const char *dept; /* the enforcement office's code, e.g. "DH-ZF" */
};

/* Creates the catalogue, certificates, trainings and parties of subdistrict sub, as they
 * would have been entered about two years before the load day. */
fz_err demo_enforcement_catalogue(struct demo *d, int sub, struct demo_enf *out);

/* A demo file: data/demo/<name>.jpg stored as uploaded by the ctx's actor. */
fz_err demo_file(struct demo *d, struct ctx *c, const char *name, const char *display, int64_t *id);

/* The first day of the year of day, as YYYY-MM-DD (arena string). */
const char *demo_year_start(struct demo *d, int day);
const char *demo_date(struct demo *d, int day);

#endif
