/* api_stats.c — GET /api/v1/stats/enforcement: the enforcement figures of an organisation's
 * subtree over a period (modules/enforcement/stats.c), for the yearly report and for
 * supervisors. Only for callers who may read that organisation's cases. */
#include <string.h>

#include "core/date.h"
#include "engine/access.h"
#include "engine/people.h"
#include "http/handlers.h"
#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

#define MAX_PERIOD_DAYS (366 * 5)

static void put_money(buf *b, const char *key, int64_t fen)
{
    char m[32];
    money_format(fen, m);
    buf_printf(b, ",\"%s\":", key);
    buf_put_json_str(b, m);
}

void api_stats_enforcement(struct request *req, struct response *r)
{
    struct ctx *c = &req->ctx;
    const char *code = req_query(req, "org");
    const char *from_s = req_query(req, "from"), *to_s = req_query(req, "to");
    int y, m, d;
    date_to_ymd(c->today, &y, &m, &d);
    int from = date_from_ymd(y, 1, 1), to = date_from_ymd(y, 12, 31);
    if (from_s && date_parse(from_s, &from)) {
        resp_error(req, r, FZ_EINVAL, "参数 from 应为日期 YYYY-MM-DD", "from");
        return;
    }
    if (to_s && date_parse(to_s, &to)) {
        resp_error(req, r, FZ_EINVAL, "参数 to 应为日期 YYYY-MM-DD", "to");
        return;
    }
    if (to < from || to - from > MAX_PERIOD_DAYS) {
        resp_error(req, r, FZ_EINVAL, "统计期间应为五年以内，且结束日期不早于开始日期", "to");
        return;
    }
    struct org o;
    fz_err e = code ? org_by_code(c, code, &o) : org_by_id(c, c->actor->tenant_id, &o);
    /* another tenant's organisation reads as missing */
    if (e || !access_covers(c, entity_penalty_cases.read_roles, o.id)) {
        resp_error(req, r, FZ_ENOTFOUND, "未找到该机构，或您无权查看其执法统计", "org");
        return;
    }
    struct enforcement_stats s;
    if ((e = enforcement_stats(c, o.id, from, to, &s))) {
        resp_error(req, r, e, NULL, NULL);
        return;
    }
    char fs[11], ts[11];
    date_format(from, fs);
    date_format(to, ts);
    buf *b = &r->body;
    r->status = 200;
    r->content_type = "application/json; charset=utf-8";
    buf_puts(b, "{\"org\":{\"code\":");
    buf_put_json_str(b, o.code);
    buf_puts(b, ",\"name\":");
    buf_put_json_str(b, o.name);
    buf_puts(b, "},\"from\":");
    buf_put_json_str(b, fs);
    buf_puts(b, ",\"to\":");
    buf_put_json_str(b, ts);
    buf_printf(b,
               ",\"clues\":%lld,\"cases\":%lld,\"summary\":%lld,\"ordinary\":%lld,\"decided\":%lld,"
               "\"penalties\":%lld,\"no_penalty\":%lld,\"revoked\":%lld,\"transferred\":%lld,"
               "\"referrals\":%lld,\"legal_reviews\":%lld,\"hearings\":%lld,\"overdue\":%lld",
               (long long)s.clues, (long long)s.cases, (long long)s.summary, (long long)s.ordinary,
               (long long)s.decided, (long long)s.penalties, (long long)s.no_penalty,
               (long long)s.revoked, (long long)s.transferred, (long long)s.referrals,
               (long long)s.legal_reviews, (long long)s.hearings, (long long)s.overdue);
    put_money(b, "fined", s.fined_fen);
    put_money(b, "collected", s.collected_fen);
    buf_puts(b, ",\"by_matter\":[");
    for (int i = 0; i < s.nmatters; i++) {
        buf_puts(b, i ? ",{\"matter\":" : "{\"matter\":");
        buf_put_json_str(b, s.by_matter[i].matter);
        buf_printf(b, ",\"cases\":%lld", (long long)s.by_matter[i].cases);
        put_money(b, "fined", s.by_matter[i].fined_fen);
        buf_putc(b, '}');
    }
    buf_puts(b, "]}");
}
