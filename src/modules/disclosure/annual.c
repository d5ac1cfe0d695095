/* annual.c — the tables of the yearly disclosure report (政府信息公开工作年度报告, template
 * 国办公开办函〔2021〕30号, RULES.md §5), counted from an organisation's records of the year,
 * never kept separately:
 *   二  art.20 items: regulations and normative documents (a subdistrict makes none: 0),
 *       penalty decisions made in the year (penalty_cases), licensing, coercion and fees
 *       (0: fazhi holds no such records yet);
 *   三  requests by applicant kind: new this year, carried over from last year, results by
 *       reply type, carried to next year, with the check 一 + 二 = 三(七) + 四 per column;
 *   四  reconsiderations and lawsuits: each one open at some time in the year, with its
 *       outcome as of 31 December (decided later, or not yet: 尚未审结). */
#include <string.h>

#include "core/date.h"
#include "modules/disclosure/disclosure.h"
#include "engine/query.h"
#include "core/banned.h"

const char *const gip_t3_column_labels[GIP_T3_COLS] = {
#define AK_LABEL(e, v, l) l,
    APPLICANT_KIND_LIST(AK_LABEL)
#undef AK_LABEL
        "总计"};
const char *const gip_t4_outcome_labels[CO__MAX] = {"结果维持", "结果纠正", "其他结果", "尚未审结",
                                                    "总计"};
const char *const gip_t4_kind_labels[CH__MAX] = {"行政复议", "未经复议直接起诉", "复议后起诉"};

static int day_or(const char *s, int fallback)
{
    int d;
    return s && date_parse(s, &d) == 0 ? d : fallback;
}

/* Table 三 from every request received up to the year's end. */
static fz_err table3(struct ctx *c, int64_t org, int from, int to, const char *to_s,
                     struct gip_table3 *t)
{
    stmt *st = db_prepare(c->db, "SELECT applicant_kind, reply_type, received_on, replied_on, "
                                 "status FROM disclosure_requests WHERE org_id = ? AND "
                                 "received_on <= ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, org);
    db_bind_text(st, 2, to_s);
    enum db_step s;
    const int total = GIP_T3_COLS - 1;
    while ((s = db_step(st)) == DB_ROW) {
        int kind = applicant_kind_parse(db_col_text(st, 0));
        int type = reply_type_parse(db_col_text(st, 1));
        int received = day_or(db_col_text(st, 2), -1);
        /* a request counts as finished on its reply date, once in a final state */
        const char *status = db_col_text(st, 4);
        bool final = status && (strcmp(status, "replied") == 0 || strcmp(status, "closed") == 0);
        int replied = final ? day_or(db_col_text(st, 3), -1) : -1;
        if (kind < 0 || received < 0)
            continue;
        if (received >= from)
            t->new_this_year[kind]++, t->new_this_year[total]++;
        else if (replied < 0 || replied >= from)
            t->carried_in[kind]++, t->carried_in[total]++;
        else
            continue; /* finished before the year */
        if (replied >= 0 && replied <= to) {
            /* a final request without a type is still a result: counted as 其他 */
            int row = type >= 0 ? type : RT_OTHER;
            t->results[row][kind]++, t->results[row][total]++;
            t->results_total[kind]++, t->results_total[total]++;
        } else {
            t->carried_out[kind]++, t->carried_out[total]++;
        }
    }
    db_done(st);
    if (s == DB_ERROR)
        return FZ_EDB;
    for (int k = 0; k < GIP_T3_COLS; k++)
        t->check_ok[k] =
            t->new_this_year[k] + t->carried_in[k] == t->results_total[k] + t->carried_out[k];
    return FZ_OK;
}

static const char *const kind_values[CH__MAX] = {"reconsideration", "litigation",
                                                 "litigation_after_reconsideration"};
static const char *const outcome_values[CO_TOTAL] = {"upheld", "corrected", "other", "pending"};

/* Table 四 from the challenges of the organisation's requests. */
static fz_err table4(struct ctx *c, int64_t org, int from, int to, const char *to_s,
                     struct gip_table4 *t)
{
    stmt *st = db_prepare(c->db, "SELECT ch.kind, ch.outcome, ch.decided_on FROM "
                                 "disclosure_challenges ch JOIN disclosure_requests r ON r.id = "
                                 "ch.request WHERE r.org_id = ? AND ch.filed_on <= ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, org);
    db_bind_text(st, 2, to_s);
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        const char *kv = db_col_text(st, 0), *ov = db_col_text(st, 1);
        int decided = day_or(db_col_text(st, 2), -1);
        if (decided >= 0 && decided < from)
            continue; /* over before the year began */
        int kind = -1, outcome = CO_PENDING;
        for (int k = 0; k < CH__MAX; k++)
            if (kv && strcmp(kv, kind_values[k]) == 0)
                kind = k;
        for (int o = 0; o < CO_TOTAL; o++)
            if (ov && strcmp(ov, outcome_values[o]) == 0)
                outcome = o;
        if (kind < 0)
            continue;
        if (decided < 0 || decided > to)
            outcome = CO_PENDING;
        t->cells[kind][outcome]++;
        t->cells[kind][CO_TOTAL]++;
    }
    db_done(st);
    return s == DB_ERROR ? FZ_EDB : FZ_OK;
}

fz_err gip_annual_compute(struct ctx *c, int64_t org_id, int year, struct gip_annual *out)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    out->org_id = org_id;
    int from = date_from_ymd(year, 1, 1), to = date_from_ymd(year, 12, 31);
    char from_s[11], to_s[11];
    date_format(from, from_s);
    date_format(to, to_s);
    fz_err e = query_count(c,
                     "SELECT COUNT(*) FROM proactive_disclosures WHERE org_id = ? AND "
                     "published_on >= ? AND published_on <= ?",
                     org_id, from_s, to_s, &out->proactive_published);
    /* 第二十条第（六）项: penalty decisions made in the year (a later revocation does not
     * unmake the decision) */
    if (!e && entity_find("penalty_cases"))
        e = query_count(c,
                  "SELECT COUNT(*) FROM penalty_cases WHERE org_id = ? AND decided_on >= ? AND "
                  "decided_on <= ? AND decision_kind = 'penalty'",
                  org_id, from_s, to_s, &out->t2.penalties);
    if (!e)
        e = table3(c, org_id, from, to, to_s, &out->t3);
    if (!e)
        e = table4(c, org_id, from, to, to_s, &out->t4);
    if (e)
        return ctx_fail(c, e, NULL, NULL);
    out->check_ok = true;
    for (int k = 0; k < GIP_T3_COLS; k++)
        out->check_ok = out->check_ok && out->t3.check_ok[k];
    return FZ_OK;
}
