/* enforcement.h — the administrative enforcement module (行政执法, source section 五):
 * catalogues (matters, discretion benchmarks, exemption lists, provincial thresholds),
 * officers' certificates and training, parties, penalty cases with the ordinary and summary
 * procedures, evidence, criminal referrals and the disclosure queue. Tables and guards;
 * the law's rules themselves are in rules.h. */
#ifndef FZ_ENFORCEMENT_H
#define FZ_ENFORCEMENT_H

#include "engine/entity.h"
#include "engine/workflow.h"
#include "modules/enforcement/rules.h"

extern const struct entity entity_matters;
extern const struct entity entity_discretion_benchmarks;
extern const struct entity entity_exemptions;
extern const struct entity entity_thresholds;
extern const struct entity entity_certificates;
extern const struct entity entity_trainings;
extern const struct entity entity_parties;
extern const struct entity entity_penalty_cases;
extern const struct entity entity_evidence;
extern const struct entity entity_criminal_referrals;
extern const struct entity entity_disclosure_items;
extern const struct entity entity_case_documents;

/* The penalty kinds as enum choices (shared by the case fields and parameters). */
extern const struct choice penalty_kind_choices[];
extern const struct choice party_kind_choices[];

/* Enforcement documents (documents.c): X(enum, identifier, Chinese name). */
#define CASE_DOCUMENT_LIST(X)                                                                      \
    X(DOC_FILING, "filing", "立案审批表")                                                          \
    X(DOC_NOTICE, "notice", "行政处罚事先告知书")                                                  \
    X(DOC_DECISION, "decision", "行政处罚决定书")                                                  \
    X(DOC_NO_PENALTY, "no_penalty", "不予行政处罚决定书")                                          \
    X(DOC_SERVICE, "service", "送达回证")
extern const struct choice case_document_kinds[];
/* Why document kind cannot be made for the case rec now (its state, or the first required
 * element it lacks), in Chinese; NULL if it can. */
const char *case_document_refusal(struct ctx *c, const struct record *rec, const char *kind);
/* The PDF of document kind for rec into *pdf (initialised here; the caller releases it) and
 * its title; FZ_EGUARD with the reason when it cannot be made. Same case, same day: the
 * same bytes. */
fz_err case_document_build(struct ctx *c, const struct record *rec, const char *kind, buf *pdf,
                           const char **title);
/* Makes document kind for case case_id as the actor (an officer on the case, a leader over
 * it), stores it as a file and records it as a new case_documents row (out may be NULL).
 * FZ_ENOTFOUND if the actor cannot see the case, FZ_EFORBIDDEN if they may not make it. */
fz_err case_document_generate(struct ctx *c, int64_t case_id, const char *kind,
                              struct record **out);

/* Threshold keys (thresholds.key) and their defaults when no row is set (fen or days). */
#define THRESHOLD_HEARING_CITIZEN "hearing_fine_citizen"
#define THRESHOLD_HEARING_ORG "hearing_fine_org"
/* UNCONFIRMED defaults (RULES.md §14): provinces set "较大数额"; common values. */
#define DEFAULT_HEARING_CITIZEN_FEN 500000 /* 5,000 yuan */
#define DEFAULT_HEARING_ORG_FEN 5000000    /* 50,000 yuan */
int64_t threshold_amount(const struct guard_ctx *g, const char *key, int64_t fallback);

/* Whether a certificate record is in force on day for matter_id; NULL if so, else why not. */
const char *certificate_problem(const struct record *cert, int64_t matter_id, int day);
/* The officers rule (art.42): at least two certificates of different holders in force for the
 * case's matter today. NULL if kept, else why not. */
const char *officers_rule(const struct guard_ctx *g);

/* Statistics per organisation subtree and period (the yearly report's figures). Each counts
 * what happened in the period: clues registered; cases — ordinary ones filed and on-site
 * penalties decided; decisions made (penalties, no-penalty decisions, later revoked); fines
 * decided (revoked ones left out) and amounts paid; legality reviews and hearings held;
 * referrals opened and cases handed to the police. overdue is today's count of cases with
 * an office deadline past due, whatever the period. */
struct enforcement_stats {
    int64_t clues, cases, summary, ordinary, decided, penalties, no_penalty, transferred;
    int64_t fined_fen, collected_fen, legal_reviews, hearings, referrals, overdue;
    int64_t revoked;
    struct {
        const char *matter;
        int64_t cases, fined_fen;
    } by_matter[64];
    int nmatters;
};
fz_err enforcement_stats(struct ctx *c, int64_t org_id, int from_day, int to_day,
                         struct enforcement_stats *out);
/* The day a case counts on in the figures, over a penalty_cases row aliased c: the filing
 * of an ordinary case, the decision of an on-site one. */
#define ENFORCEMENT_CASE_DAY "CASE WHEN c.procedure = 'summary' THEN c.decided_on ELSE c.filed_on END"
/* The year's cases of org's subtree by month (ordinary ones when filed, on-site ones when
 * decided: the `cases` figure of enforcement_stats), months[0] January. */
fz_err enforcement_cases_by_month(struct ctx *c, int64_t org_id, int year, int64_t months[12]);

#endif
