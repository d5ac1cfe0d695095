/* report.h — the yearly rule-of-law government report: the entity (annual_report.c) and the
 * document built from it (report_doc.c), which every output — the staff app's page, the
 * command line's HTML, DOCX and PDF — renders the same way.
 *
 * The document: a title, an opening sentence, then the parts of the required outline (RULES.md
 * §8), each with the narrative staff wrote (paragraphs). Under 一、主要工作及成效 each module
 * contributes a part of its own through a table (report_doc.c): its title, the figures it
 * counts for the subdistrict and year, and the narrative slot staff write in. The figures
 * carry the address of their records in the staff app, and are counted from the records while the report is a draft,
 * and kept with it as they were when it was sent to the district — a sent or published
 * report does not change when records do.
 *
 * Ownership: everything in a report_doc comes from the ctx's arena. */
#ifndef FZ_REPORT_H
#define FZ_REPORT_H

#include "engine/entity.h"

extern const struct entity entity_annual_reports;

#define REPORT_MAX_FIGURES 24

struct report_figure {
    const char *area;  /* the module's area: "行政执法" */
    const char *label; /* "行政处罚案件" */
    const char *value; /* "26 件（普通程序立案 21 件，简易程序 5 件）" */
    const char *href;  /* the records in the staff app, or NULL */
};

struct report_part {
    const char *heading;
    const char **paragraphs; /* every line of the narrative that is not blank */
    int nparagraphs;         /* 0: not written yet */
    const char *area; /* a module's area: its figures go under this part (NULL: none) */
    int level;        /* 1: 一、…; 2: （一）… */
};

struct report_doc {
    int64_t id;
    const char *title, *org_name, *org_code, *status_label, *submit_due, *publish_due, *opening;
    int year;
    struct report_part parts[12];
    int nparts;
    struct report_figure figures[REPORT_MAX_FIGURES];
    int nfigures;
    /* the figures as sent to the district (kept with the report from that step on), or
     * counted now (a draft) */
    const char *figures_of; /* the date they were sent, or NULL when counted now */
};

/* The figures of org's year, counted now, into d (d->figures, d->nfigures). */
fz_err report_figures(struct ctx *c, int64_t org_id, int year, struct report_doc *d);
/* The figures as one text to keep, a line each: "【行政执法】行政处罚案件：26 件…" (from a). */
const char *report_figures_text(arena *a, const struct report_doc *d);

/* The document of report id, read through the actor's access (FZ_ENOTFOUND otherwise). */
fz_err report_doc_build(struct ctx *c, int64_t id, struct report_doc *out);
/* The id of org's report for year, or 0. */
int64_t report_find(struct ctx *c, int64_t org_id, int year);
/* The years of org's published reports, newest first (at most max); their count. */
int report_published_years(struct ctx *c, int64_t org_id, int *years, int max);
/* The document of org's report for year, for the public: FZ_ENOTFOUND unless published. */
fz_err report_doc_public(struct ctx *c, int64_t org_id, int year, struct report_doc *out);

#endif
