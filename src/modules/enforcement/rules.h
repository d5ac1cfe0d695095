/* rules.h — the Administrative Penalty Law's rules that decide what a case may do next, as
 * plain functions of dates, amounts and kinds (no I/O, no store): each cites its row in
 * ../shared/domain/RULES.md §1 and is tested with real dates in tests/unit/test_penalty.c.
 * Amounts are in fen. */
#ifndef FZ_PENALTY_RULES_H
#define FZ_PENALTY_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/calendar.h"

/* Kinds of penalty (行政处罚法 art.9), lightest first: the order is what "no heavier penalty
 * after the party's statement" (art.45) compares. */
#define PENALTY_KIND_LIST(X)                                                                       \
    X(PK_NONE, "none", "不予处罚")                                                                 \
    X(PK_WARNING, "warning", "警告")                                                               \
    X(PK_CRITICISM, "criticism", "通报批评")                                                       \
    X(PK_FINE, "fine", "罚款")                                                                     \
    X(PK_CONFISCATION, "confiscation", "没收违法所得、没收非法财物")                               \
    X(PK_SUSPEND_LICENCE, "suspend_licence", "暂扣许可证件、降低资质等级")                         \
    X(PK_RESTRICT, "restrict", "限制开展生产经营活动、责令停产停业、责令关闭、限制从业")           \
    X(PK_REVOKE_LICENCE, "revoke_licence", "吊销许可证件")

#define PK_ENUM(e, id, label) e,
enum penalty_kind { PENALTY_KIND_LIST(PK_ENUM) PK__MAX };
#undef PK_ENUM

/* -1 for an unknown identifier. */
int penalty_kind_parse(const char *s);
const char *penalty_kind_name(enum penalty_kind k);
const char *penalty_kind_label(enum penalty_kind k); /* 警告, 罚款, … */

/* Summary (当场) procedure, art.51: a warning, or a fine of at most 200 yuan for a citizen and
 * 3,000 yuan for an organisation. */
#define SUMMARY_FINE_CITIZEN_FEN 20000
#define SUMMARY_FINE_ORG_FEN 300000
/* NULL if allowed, else why not (Chinese). */
const char *summary_allowed(enum penalty_kind k, int64_t fine_fen, bool organisation);

/* Limitation, art.36: 2 years from the act (5 where citizens' life, health and safety or
 * financial security were endangered with harmful results), counted from the end of a
 * continuing act. The last day on which a case may be filed. */
int limitation_last_day(int act_or_end, bool serious);

/* Hearing, art.63: whether the proposed penalty entitles the party to a hearing. The "较大数额"
 * thresholds are set by provinces and passed in (fen). */
bool hearing_eligible(enum penalty_kind k, int64_t amount_fen, bool organisation,
                      int64_t threshold_citizen_fen, int64_t threshold_org_fen);

/* Art.64: the party asks for a hearing within 5 working days of the prior notice. */
#define HEARING_REQUEST_WORKING_DAYS 5
/* Art.64: the hearing is notified at least 7 days (working days, art.85) before it is held. */
#define HEARING_NOTICE_WORKING_DAYS 7
/* Art.44, 45, 64: the statement period after the prior notice (the hearing request period). */
#define STATEMENT_WORKING_DAYS 5
/* Art.60: decided within 90 days of filing. */
#define DECISION_DAYS 90
/* Art.61: served within 7 working days when the party was absent. */
#define SERVICE_WORKING_DAYS 7
/* Art.67: paid within 15 days of receipt. */
#define PAYMENT_DAYS 15

/* NULL if the hearing date keeps the notice period, else why not. */
const char *hearing_notice_ok(const calendar *cal, int notice_on, int hearing_on);
/* NULL if a hearing request on requested_on is in time after notice_on, else why not. */
const char *hearing_request_in_time(const calendar *cal, int notice_on, int requested_on);

/* Art.45: the decided penalty may not be heavier than the one proposed in the notice. NULL if
 * it is not, else why. */
const char *not_heavier(enum penalty_kind proposed, int64_t proposed_fine,
                        enum penalty_kind decided, int64_t decided_fine);

/* Art.72: 3% of the fine per day of late payment, at most the fine itself. days_late is the
 * number of days after the payment deadline (0 or less: none). */
int64_t late_payment_charge(int64_t fine_fen, int days_late);

/* Art.59: the elements a decision document must hold. Each missing element is named in the
 * reason. */
struct decision_elements {
    const char *party_name, *party_address; /* (1) */
    const char *facts;                      /* (2) facts and evidence */
    int evidence_count;
    const char *penalty_basis; /* (3) kind and legal basis */
    const char *performance;   /* (4) manner and deadline of performance */
    const char *remedy;        /* (5) channels and deadline of review and suit */
    const char *agency;        /* (6) the agency's name, and the date */
    int decided_on;
};
const char *decision_complete(const struct decision_elements *d);

/* Resident identity number (GB 11643, 18 characters with the ISO 7064 check character) and
 * unified social credit code (GB 32100, 18 characters): whether well-formed. */
bool id_number_valid(const char *s);
bool uscc_valid(const char *s);
/* The check character for the first 17 characters of s (0 if they are not well-formed). */
char id_number_check(const char *s);
char uscc_check(const char *s);

#endif
