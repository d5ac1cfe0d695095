/* stats.c — the enforcement figures the yearly report needs, per organisation subtree and
 * period: cases by procedure and outcome, amounts fined and collected, legality reviews,
 * hearings, referrals, overdue deadlines, and cases and fines by matter. Counted from the
 * records, never kept separately. Access is the caller's: it checks the actor may read
 * org's cases. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "modules/enforcement/enforcement.h"
#include "engine/query.h"
#include "core/banned.h"

/* Cases whose department is in org's subtree. */
#define SCOPE                                                                                      \
    " FROM penalty_cases c WHERE c.department IN (SELECT descendant_id FROM org_closure "          \
    "WHERE ancestor_id = ?)"
/* … registered in the period (created_at, UTC instants), or with a date field in it. */
#define CREATED " AND c.created_at >= ? AND c.created_at < ?"
#define ON(col) " AND c." col " >= ? AND c." col " <= ?"
#define PENALTY " AND c.decision_kind = 'penalty' AND c.status <> 'revoked'"

fz_err enforcement_stats(struct ctx *c, int64_t org, int from_day, int to_day,
                         struct enforcement_stats *out)
{
    memset(out, 0, sizeof *out);
    /* the period as dates, and as UTC instants from Asia/Shanghai midnight of from_day to
     * the one after to_day */
    char from[25], to[25], dfrom[11], dto[11];
    time_format_iso((int64_t)from_day * 86400000 - 8LL * 3600000, from);
    time_format_iso((int64_t)(to_day + 1) * 86400000 - 8LL * 3600000, to);
    date_format(from_day, dfrom);
    date_format(to_day, dto);
    /* Each figure counts what happened in the period: cases registered, decisions made,
     * fines paid, reviews and hearings held, referrals opened. */
    static const struct {
        size_t off;
        bool by_date;
        const char *sql;
    } figures[] = {
        {offsetof(struct enforcement_stats, clues), false, "SELECT COUNT(*)" SCOPE CREATED},
        /* cases: ordinary ones filed, and on-site penalties decided, in the period */
        {offsetof(struct enforcement_stats, ordinary), true,
         "SELECT COUNT(*)" SCOPE ON("filed_on") " AND c.procedure = 'ordinary'"},
        {offsetof(struct enforcement_stats, summary), true,
         "SELECT COUNT(*)" SCOPE ON("decided_on") " AND c.procedure = 'summary'"},
        {offsetof(struct enforcement_stats, decided), true,
         "SELECT COUNT(*)" SCOPE ON("decided_on")},
        {offsetof(struct enforcement_stats, penalties), true,
         "SELECT COUNT(*)" SCOPE ON("decided_on") PENALTY},
        {offsetof(struct enforcement_stats, no_penalty), true,
         "SELECT COUNT(*)" SCOPE ON("decided_on") " AND c.decision_kind = 'no_penalty'"},
        {offsetof(struct enforcement_stats, fined_fen), true,
         "SELECT COALESCE(SUM(c.decided_fine), 0)" SCOPE ON("decided_on") PENALTY
         " AND c.decided_penalty = 'fine'"},
        {offsetof(struct enforcement_stats, revoked), true,
         "SELECT COUNT(*)" SCOPE ON("decided_on") " AND c.status = 'revoked'"},
        {offsetof(struct enforcement_stats, collected_fen), true,
         "SELECT COALESCE(SUM(c.paid_amount), 0)" SCOPE ON("paid_on") " AND c.status <> 'revoked'"},
        {offsetof(struct enforcement_stats, legal_reviews), true,
         "SELECT COUNT(*)" SCOPE ON("legal_review_on")},
        {offsetof(struct enforcement_stats, hearings), true,
         "SELECT COUNT(*)" SCOPE ON("hearing_on")},
        {offsetof(struct enforcement_stats, transferred), true,
         "SELECT COUNT(*) FROM criminal_referrals r JOIN penalty_cases c ON c.id = "
         "r.penalty_case WHERE c.department IN (SELECT descendant_id FROM org_closure WHERE "
         "ancestor_id = ?) AND r.transferred_on >= ? AND r.transferred_on <= ?"},
        {offsetof(struct enforcement_stats, referrals), false,
         "SELECT COUNT(*) FROM criminal_referrals r JOIN penalty_cases c ON c.id = "
         "r.penalty_case WHERE c.department IN (SELECT descendant_id FROM org_closure WHERE "
         "ancestor_id = ?) AND r.created_at >= ? AND r.created_at < ?"},
    };
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
        fz_err e =
            query_count(c, figures[i].sql, org, figures[i].by_date ? dfrom : from,
                  figures[i].by_date ? dto : to, (int64_t *)(void *)((char *)out + figures[i].off));
        if (e)
            return e;
    }
    out->cases = out->ordinary + out->summary;
    /* running deadlines past due today, of cases in scope */
    char today[11];
    date_format(c->today, today);
    stmt *st = db_prepare(
        c->db, "SELECT COUNT(DISTINCT d.record_id) FROM deadlines d JOIN penalty_cases c "
               "ON c.id = d.record_id WHERE d.entity = 'penalty_cases' AND d.status = "
               "'running' AND d.due_date < ? AND c.department IN (SELECT "
               "descendant_id FROM org_closure WHERE ancestor_id = ?)");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, today);
    db_bind_int(st, 2, org);
    out->overdue = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    /* by matter: the cases counted above, and the fines decided in the period */
    st = db_prepare(
        c->db,
        "SELECT m.name, COUNT(CASE WHEN (c.procedure = 'ordinary' AND c.filed_on >= ?1 AND "
        "c.filed_on <= ?2) OR (c.procedure = 'summary' AND c.decided_on >= ?1 AND c.decided_on "
        "<= ?2) THEN 1 END), COALESCE(SUM(CASE WHEN c.decided_on >= ?1 AND c.decided_on <= ?2 "
        "AND c.decision_kind = 'penalty' AND c.status <> 'revoked' AND c.decided_penalty = "
        "'fine' THEN c.decided_fine ELSE 0 END), 0) FROM penalty_cases c JOIN matters m ON m.id "
        "= c.matter WHERE c.department IN (SELECT descendant_id FROM org_closure WHERE "
        "ancestor_id = ?3) GROUP BY m.name HAVING COUNT(CASE WHEN (c.filed_on >= ?1 AND "
        "c.filed_on <= ?2) OR (c.decided_on >= ?1 AND c.decided_on <= ?2) THEN 1 END) > 0 "
        "ORDER BY 2 DESC, m.name");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, dfrom);
    db_bind_text(st, 2, dto);
    db_bind_int(st, 3, org);
    while (out->nmatters < 64 && db_step(st) == DB_ROW) {
        out->by_matter[out->nmatters].matter = arena_strdup(c->a, db_col_text(st, 0));
        out->by_matter[out->nmatters].cases = db_col_int(st, 1);
        out->by_matter[out->nmatters].fined_fen = db_col_int(st, 2);
        out->nmatters++;
    }
    db_done(st);
    return FZ_OK;
}

fz_err enforcement_cases_by_month(struct ctx *c, int64_t org_id, int year, int64_t months[12])
{
    memset(months, 0, 12 * sizeof *months);
    stmt *st = db_prepare(c->db, "SELECT CAST(substr(" ENFORCEMENT_CASE_DAY ", 6, 2) AS INTEGER), COUNT(*)"
                                 SCOPE " AND " ENFORCEMENT_CASE_DAY " BETWEEN ? AND ? GROUP BY 1");
    if (!st)
        return FZ_EDB;
    char from[11], to[11];
    snprintf(from, sizeof from, "%04d-01-01", year);
    snprintf(to, sizeof to, "%04d-12-31", year);
    db_bind_int(st, 1, org_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    enum db_step r;
    while ((r = db_step(st)) == DB_ROW) {
        int m = (int)db_col_int(st, 0);
        if (m >= 1 && m <= 12)
            months[m - 1] = db_col_int(st, 1);
    }
    db_done(st);
    return r == DB_ERROR ? FZ_EDB : FZ_OK;
}
