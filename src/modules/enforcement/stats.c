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
     * fines paid, reviews and hearings held, referrals opened. The figures of the cases are
     * counted in one pass over the cases in scope (a COUNT of CASE per figure): a count
     * each read them all eleven times, which made a leader's home page at a city's volume
     * cost tens of milliseconds (bench/RESULTS.md, issue 6). ?1 ?2 are the period's dates,
     * ?3 ?4 its instants, ?5 the organisation. */
#define IN_PERIOD(col) "c." col " >= ?1 AND c." col " <= ?2"
#define DECIDED IN_PERIOD("decided_on")
#define IS_PENALTY "c.decision_kind = 'penalty' AND c.status <> 'revoked'"
    /* clang-format off */
    static const char sql[] =
        "SELECT COUNT(CASE WHEN c.created_at >= ?3 AND c.created_at < ?4 THEN 1 END), "
        /* cases: ordinary ones filed, and on-site penalties decided, in the period */
        "COUNT(CASE WHEN " IN_PERIOD("filed_on") " AND c.procedure = 'ordinary' THEN 1 END), "
        "COUNT(CASE WHEN " DECIDED " AND c.procedure = 'summary' THEN 1 END), "
        "COUNT(CASE WHEN " DECIDED " THEN 1 END), "
        "COUNT(CASE WHEN " DECIDED " AND " IS_PENALTY " THEN 1 END), "
        "COUNT(CASE WHEN " DECIDED " AND c.decision_kind = 'no_penalty' THEN 1 END), "
        "COALESCE(SUM(CASE WHEN " DECIDED " AND " IS_PENALTY " AND c.decided_penalty = 'fine' "
        "THEN c.decided_fine END), 0), "
        "COUNT(CASE WHEN " DECIDED " AND c.status = 'revoked' THEN 1 END), "
        "COALESCE(SUM(CASE WHEN " IN_PERIOD("paid_on") " AND c.status <> 'revoked' THEN "
        "c.paid_amount END), 0), "
        "COUNT(CASE WHEN " IN_PERIOD("legal_review_on") " THEN 1 END), "
        "COUNT(CASE WHEN " IN_PERIOD("hearing_on") " THEN 1 END) "
        "FROM penalty_cases c WHERE c.department IN (SELECT descendant_id FROM org_closure "
        "WHERE ancestor_id = ?5)";
    /* clang-format on */
#undef IN_PERIOD
#undef DECIDED
#undef IS_PENALTY
    /* where each column of that row goes, in order */
    static const size_t figures[] = {
        offsetof(struct enforcement_stats, clues),
        offsetof(struct enforcement_stats, ordinary),
        offsetof(struct enforcement_stats, summary),
        offsetof(struct enforcement_stats, decided),
        offsetof(struct enforcement_stats, penalties),
        offsetof(struct enforcement_stats, no_penalty),
        offsetof(struct enforcement_stats, fined_fen),
        offsetof(struct enforcement_stats, revoked),
        offsetof(struct enforcement_stats, collected_fen),
        offsetof(struct enforcement_stats, legal_reviews),
        offsetof(struct enforcement_stats, hearings),
    };
    enum { NFIGURES = sizeof figures / sizeof figures[0] };
    stmt *st = db_prepare(c->db, sql);
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, dfrom);
    db_bind_text(st, 2, dto);
    db_bind_text(st, 3, from);
    db_bind_text(st, 4, to);
    db_bind_int(st, 5, org);
    enum db_step r = db_step(st);
    for (size_t i = 0; r == DB_ROW && i < NFIGURES; i++)
        *(int64_t *)(void *)((char *)out + figures[i]) = db_col_int(st, (int)i);
    db_done(st);
    if (r != DB_ROW)
        return FZ_EDB;
    /* referrals: transferred to the police, and opened, in the period — found from the
     * referrals (few), each checked for its case's place, not from every case in scope */
    static const struct {
        size_t off;
        bool by_date;
        const char *sql;
    } referrals[] = {
        {offsetof(struct enforcement_stats, transferred), true,
         "SELECT COUNT(*) FROM criminal_referrals r WHERE EXISTS (SELECT 1 FROM penalty_cases "
         "c WHERE c.id = r.penalty_case AND c.department IN (SELECT descendant_id FROM "
         "org_closure WHERE ancestor_id = ?)) AND r.transferred_on >= ? AND r.transferred_on "
         "<= ?"},
        {offsetof(struct enforcement_stats, referrals), false,
         "SELECT COUNT(*) FROM criminal_referrals r WHERE EXISTS (SELECT 1 FROM penalty_cases "
         "c WHERE c.id = r.penalty_case AND c.department IN (SELECT descendant_id FROM "
         "org_closure WHERE ancestor_id = ?)) AND r.created_at >= ? AND r.created_at < ?"},
    };
    for (size_t i = 0; i < sizeof referrals / sizeof referrals[0]; i++) {
        fz_err e = query_count(c, referrals[i].sql, org, referrals[i].by_date ? dfrom : from,
                               referrals[i].by_date ? dto : to,
                               (int64_t *)(void *)((char *)out + referrals[i].off));
        if (e)
            return e;
    }
    out->cases = out->ordinary + out->summary;
    /* running deadlines past due today, of cases in scope */
    char today[11];
    date_format(c->today, today);
    st = db_prepare(c->db,
                    "SELECT COUNT(DISTINCT d.record_id) FROM deadlines d JOIN penalty_cases c "
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
