/* portal_digest.c — the audit digest on the portal: each day's last entry of a
 * subdistrict's audit chain (its sequence number and hash), and the hash at any sequence
 * number, so that whoever kept an earlier digest can check that the record behind it was
 * not rewritten since (a rewrite changes every later hash). */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "http/handlers.h"
#include "http/layout.h"
#include "http/portal.h"
#include "core/banned.h"

#define DIGEST_DAYS 30

struct digest_day {
    int day;
    int64_t seq;
    const char *hash;
};

/* The chain's head (last sequence number and hash) at the end of local day d; seq 0 when
 * the chain had no entry yet. */
static fz_err head_at(struct request *req, int64_t chain, int d, struct digest_day *out)
{
    char end[25];
    time_format_iso((int64_t)(d + 1) * 86400000 - 8LL * 3600000, end);
    stmt *st = db_prepare(req->db, "SELECT seq, hash FROM audit WHERE chain_id = ? AND at < ? "
                                   "ORDER BY seq DESC LIMIT 1");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, chain);
    db_bind_text(st, 2, end);
    enum db_step s = db_step(st);
    *out = (struct digest_day){d, 0, NULL};
    if (s == DB_ROW) {
        out->seq = db_col_int(st, 0);
        out->hash = arena_strdup(req->a, db_col_text(st, 1));
    }
    db_done(st);
    return s == DB_ERROR ? FZ_EDB : FZ_OK;
}

/* The heads at the end of each of the last DIGEST_DAYS days on which the chain grew,
 * newest first; -1 on a database error. */
static int digest_days(struct request *req, int64_t chain, struct digest_day *out)
{
    struct digest_day prev;
    if (head_at(req, chain, req->ctx.today - DIGEST_DAYS, &prev))
        return -1;
    int n = 0;
    for (int d = req->ctx.today - DIGEST_DAYS + 1; d <= req->ctx.today; d++) {
        struct digest_day h;
        if (head_at(req, chain, d, &h))
            return -1;
        if (h.seq != prev.seq)
            out[n++] = h;
        prev = h;
    }
    for (int i = 0; i < n / 2; i++) {
        struct digest_day t = out[i];
        out[i] = out[n - 1 - i];
        out[n - 1 - i] = t;
    }
    return n;
}

/* The entry at seq in the chain: its instant and hash, or FZ_ENOTFOUND. */
static fz_err entry_at(struct request *req, int64_t chain, int64_t seq, const char **at,
                       const char **hash)
{
    stmt *st = db_prepare(req->db, "SELECT at, hash FROM audit WHERE chain_id = ? AND seq = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, chain);
    db_bind_int(st, 2, seq);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        *at = arena_strdup(req->a, db_col_text(st, 0));
        *hash = arena_strdup(req->a, db_col_text(st, 1));
    }
    db_done(st);
    return s == DB_ROW ? FZ_OK : s == DB_DONE ? FZ_ENOTFOUND : FZ_EDB;
}

/* The local (Asia/Shanghai) date of an instant: the digest tells the day of an entry, not
 * its time, so that it does not become a timeline of who read what when. */
static const char *local_day(struct request *req, const char *iso)
{
    int64_t ms;
    if (!iso || time_parse_iso(iso, &ms))
        return "";
    char ymd[11];
    date_format((int)((ms + 8LL * 3600000) / 86400000), ymd);
    return arena_strdup(req->a, ymd);
}

void portal_digest(struct request *req, struct response *r)
{
    struct org o;
    if (!portal_org(req, r, 1, &o))
        return;
    const char *seq_s = req_query(req, "seq");
    long long seq = 0;
    if (seq_s && *seq_s) {
        char *end;
        seq = strtoll(seq_s, &end, 10);
        if (*end || seq <= 0) {
            portal_error(req, r, &o, 400, "序号应为正整数");
            return;
        }
    }
    struct digest_day days[DIGEST_DAYS];
    int n = digest_days(req, o.tenant_id ? o.tenant_id : o.id, days);
    const char *at = NULL, *hash = NULL;
    fz_err e = n < 0 ? FZ_EDB : FZ_OK;
    if (!e && seq)
        e = entry_at(req, o.tenant_id ? o.tenant_id : o.id, seq, &at, &hash);
    if (e && e != FZ_ENOTFOUND) {
        http_error(req, r, e, NULL);
        return;
    }
    struct html h;
    portal_begin(req, r, &h, &o, "记录校验", "digest");
    h_open(&h, "section", "class", "p-card p-prose", NULL);
    h_elem(&h, "h1", "执法记录校验摘要", NULL);
    h_elem(&h, "p",
           "本街道在本平台上的每一项操作都按顺序记入审计记录，每条记录的哈希值包含前一条记录的哈希值。"
           "下表是每天最后一条记录的序号和哈希值。您可以保存某天的摘要，日后在此按序号查询："
           "如果查到的哈希值与您保存的不同，说明该日及之前的记录被改动过。",
           NULL);
    h_open(&h, "form", "method", "get", "action", portal_href(req, &o, "/digest"), "class",
           "p-search", NULL);
    h_open(&h, "label", NULL);
    h_text(&h, "按序号查询");
    h_void(&h, "input", "type", "number", "name", "seq", "min", "1", "value", seq_s, "inputmode",
           "numeric", NULL);
    h_close(&h, "label");
    h_elem(&h, "button", "查询", "type", "submit", NULL);
    h_close(&h, "form");
    if (seq) {
        if (hash) {
            h_open(&h, "dl", "class", "p-facts", NULL);
            h_elem(&h, "dt", "序号", NULL);
            h_elem(&h, "dd", arena_printf(req->a, "%lld", seq), NULL);
            h_elem(&h, "dt", "记录日期", NULL);
            h_elem(&h, "dd", show_date(req, local_day(req, at)), NULL);
            h_elem(&h, "dt", "哈希值", NULL);
            h_elem(&h, "dd", hash, "class", "p-hash", NULL);
            h_close(&h, "dl");
        } else {
            h_notice(&h, "error", "没有这个序号的记录。");
        }
    }
    h_close(&h, "section");
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "h2", "最近三十天的每日摘要", NULL);
    if (n == 0) {
        h_elem(&h, "p", "最近三十天没有新的记录。", "class", "muted", NULL);
    } else {
        h_open(&h, "table", "class", "p-table p-digest", NULL);
        h_open(&h, "thead", NULL);
        h_open(&h, "tr", NULL);
        h_elem(&h, "th", "日期", "scope", "col", NULL);
        h_elem(&h, "th", "当日最后序号", "scope", "col", NULL);
        h_elem(&h, "th", "哈希值", "scope", "col", NULL);
        h_close(&h, "tr");
        h_close(&h, "thead");
        h_open(&h, "tbody", NULL);
        for (int i = 0; i < n; i++) {
            char ymd[11];
            date_format(days[i].day, ymd);
            h_open(&h, "tr", NULL);
            h_elem(&h, "td", show_date(req, ymd), "data-label", "日期", NULL);
            h_elem(&h, "td", arena_printf(req->a, "%lld", (long long)days[i].seq), "data-label",
                   "当日最后序号", NULL);
            h_elem(&h, "td", days[i].hash, "data-label", "哈希值", "class", "p-hash", NULL);
            h_close(&h, "tr");
        }
        h_close(&h, "tbody");
        h_close(&h, "table");
    }
    h_close(&h, "section");
    portal_end(req, &h);
}

/* GET /api/v1/public/<code>/digest[?seq=N]: the same days as JSON, and the entry at seq. */
void api_public_digest(struct request *req, struct response *r)
{
    struct org o;
    if (req->nseg < 5 || org_by_code(&req->ctx, req->seg[3], &o) != FZ_OK ||
        o.kind != ORG_SUBDISTRICT) {
        resp_error(req, r, FZ_ENOTFOUND, "没有这个街道", NULL);
        return;
    }
    int64_t chain = o.tenant_id ? o.tenant_id : o.id;
    const char *seq_s = req_query(req, "seq");
    long long seq = 0;
    if (seq_s) {
        char *end;
        seq = strtoll(seq_s, &end, 10);
        if (!*seq_s || *end || seq <= 0) {
            resp_error(req, r, FZ_EINVAL, "参数 seq 应为正整数", "seq");
            return;
        }
    }
    struct digest_day days[DIGEST_DAYS];
    int n = digest_days(req, chain, days);
    const char *at = NULL, *hash = NULL;
    fz_err e = n < 0 ? FZ_EDB : seq ? entry_at(req, chain, seq, &at, &hash) : FZ_OK;
    if (e) {
        resp_error(req, r, e, e == FZ_ENOTFOUND ? "没有这个序号的记录" : NULL, "seq");
        return;
    }
    r->status = 200;
    r->content_type = "application/json; charset=utf-8";
    buf *b = &r->body;
    buf_puts(b, "{\"org\":");
    buf_put_json_str(b, o.code);
    if (seq) {
        buf_printf(b, ",\"entry\":{\"seq\":%lld,\"date\":", seq);
        buf_put_json_str(b, local_day(req, at));
        buf_puts(b, ",\"hash\":");
        buf_put_json_str(b, hash);
        buf_putc(b, '}');
    }
    buf_puts(b, ",\"days\":[");
    for (int i = 0; i < n; i++) {
        char ymd[11];
        date_format(days[i].day, ymd);
        buf_printf(b, "%s{\"date\":\"%s\",\"seq\":%lld,\"hash\":", i ? "," : "", ymd,
                   (long long)days[i].seq);
        buf_put_json_str(b, days[i].hash);
        buf_putc(b, '}');
    }
    buf_puts(b, "]}");
}
