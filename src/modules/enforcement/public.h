/* public.h — what the enforcement module discloses to the public (行政执法公示): its
 * officers and their certificates, its matters with their legal basis and discretion
 * benchmarks (事前公开), and its published penalty decisions (事后公开). Every struct here
 * holds public fields only, already masked (engine/mask.h): the portal's pages and its API
 * read nothing else of the module, so nothing sensitive can reach them.
 *
 * Ownership: results and their strings come from the ctx's arena. The caller needs no
 * actor: these are the public's reads, scoped by the tenant (a subdistrict's org id). */
#ifndef FZ_ENFORCEMENT_PUBLIC_H
#define FZ_ENFORCEMENT_PUBLIC_H

#include <stdint.h>

#include "core/err.h"
#include "engine/ctx.h"

enum cert_standing { CERT_VALID, CERT_NOT_YET, CERT_EXPIRED, CERT_REVOKED };

struct public_officer {
    int64_t id; /* the certificate's */
    int64_t tenant;
    const char *name, *number, *issuer, *unit, *valid_from, *valid_until, *revoked_on;
    const char *scope; /* "本街道全部执法事项" or the matters' names, "、"-joined */
    enum cert_standing standing;
};

struct public_benchmark {
    const char *tier, *party_kind, *fine_min, *fine_max, *circumstances; /* labels, yuan */
};

struct public_matter {
    int64_t id;
    const char *code, *name, *category, *legal_basis, *penalty_basis, *competent_body;
    const char *delegation_basis; /* NULL when not delegated */
    const char *effective_from;
    struct public_benchmark *benchmarks;
    int nbenchmarks;
};

struct public_decision {
    int64_t id; /* the disclosure item's */
    const char *state; /* "published", "withdrawal_pending" or "withdrawn" */
    const char *decision_number, *decided_on, *published_on, *withdrawn_on;
    const char *body;       /* 执法机关: the subdistrict */
    const char *unit;       /* 承办机构 */
    const char *party;      /* masked for citizens */
    const char *party_kind; /* label */
    const char *uscc;       /* organisations only, else NULL */
    const char *matter, *act_summary, *legal_basis, *penalty, *fine; /* act_summary masked */
    const char *revoked_note; /* why it was withdrawn, when it was */
};

/* Searched by words, the newest this many decisions (of the other filters) are looked at. */
#define PUBLIC_SEARCH_SPAN 5000

struct decision_filter {
    const char *from, *to;  /* decided_on range, YYYY-MM-DD or NULL */
    int64_t matter;         /* 0: any */
    const char *party_kind; /* "citizen", "organisation" or NULL */
    const char *q;          /* in the number, matter or masked act summary, or NULL */
    int offset, limit;
};

/* The tenant's officers whose certificates are in force on ctx->today. */
fz_err public_officers(struct ctx *c, int64_t tenant, struct public_officer **out, int *n);
/* One certificate by id in any standing (the officer verification page): FZ_ENOTFOUND. */
fz_err public_officer(struct ctx *c, int64_t cert_id, struct public_officer *out);
const char *cert_standing_label(enum cert_standing s);

/* The tenant's matters in effect on ctx->today, with their benchmarks. */
fz_err public_matters(struct ctx *c, int64_t tenant, struct public_matter **out, int *n);

/* Published decisions (and withdrawn ones, as such), newest first; *total counts all that
 * match the filter. */
fz_err public_decisions(struct ctx *c, int64_t tenant, const struct decision_filter *f,
                        struct public_decision **out, int *n, int *total);
/* One disclosed decision by disclosure-item id: FZ_ENOTFOUND unless published or withdrawn
 * and of this tenant. */
fz_err public_decision(struct ctx *c, int64_t tenant, int64_t id, struct public_decision *out);

#endif
