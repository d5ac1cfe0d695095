/* api_public.c — the portal's JSON API under /api/v1/public/: the same public reads as the
 * portal's pages (modules/enforcement/public.h), for integrators and apps. No sign-in. */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "engine/people.h"
#include "http/handlers.h"
#include "modules/enforcement/public.h"
#include "core/banned.h"

#define PUBLIC_PAGE_MAX 100

static void put_kv(buf *b, const char *key, const char *value, bool first)
{
    buf_printf(b, "%s\"%s\":", first ? "" : ",", key);
    if (value)
        buf_put_json_str(b, value);
    else
        buf_puts(b, "null");
}

/* The subdistrict in segment 3 (/api/v1/public/<code>/…): false with a 404 written. */
static bool public_org(struct request *req, struct response *r, struct org *o)
{
    if (req->nseg > 3 && org_by_code(&req->ctx, req->seg[3], o) == FZ_OK &&
        o->kind == ORG_SUBDISTRICT)
        return true;
    resp_error(req, r, FZ_ENOTFOUND, "没有这个街道", NULL);
    return false;
}

static void begin_json(struct response *r)
{
    r->status = 200;
    r->content_type = "application/json; charset=utf-8";
    resp_header(r, "Cache-Control", "public, max-age=60");
}

static void officer_json(buf *b, const struct public_officer *o)
{
    buf_printf(b, "{\"id\":%lld", (long long)o->id);
    put_kv(b, "name", o->name, false);
    put_kv(b, "number", o->number, false);
    put_kv(b, "issuer", o->issuer, false);
    put_kv(b, "unit", o->unit, false);
    put_kv(b, "scope", o->scope, false);
    put_kv(b, "valid_from", o->valid_from, false);
    put_kv(b, "valid_until", o->valid_until, false);
    put_kv(b, "revoked_on", o->revoked_on, false);
    static const char *const standing[] = {"valid", "not_yet_valid", "expired", "revoked"};
    put_kv(b, "standing", standing[o->standing], false);
    put_kv(b, "standing_label", cert_standing_label(o->standing), false);
    buf_putc(b, '}');
}

void api_public_officers(struct request *req, struct response *r)
{
    struct org o;
    if (!public_org(req, r, &o))
        return;
    struct public_officer *of;
    int n;
    fz_err e = public_officers(&req->ctx, o.id, &of, &n);
    if (e) {
        resp_error(req, r, e, NULL, NULL);
        return;
    }
    begin_json(r);
    buf_puts(&r->body, "{\"officers\":[");
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(&r->body, ',');
        officer_json(&r->body, &of[i]);
    }
    buf_puts(&r->body, "]}");
}

void api_public_certificate(struct request *req, struct response *r)
{
    int64_t id;
    struct public_officer of;
    fz_err e = req->nseg > 4 && parse_id(req->seg[4], &id) ? public_officer(&req->ctx, id, &of)
                                                           : FZ_ENOTFOUND;
    if (e) {
        resp_error(req, r, e, e == FZ_ENOTFOUND ? "没有这个执法证" : NULL, NULL);
        return;
    }
    begin_json(r);
    resp_header_set(r, "Cache-Control", "no-store");
    officer_json(&r->body, &of);
}

void api_public_matters(struct request *req, struct response *r)
{
    struct org o;
    if (!public_org(req, r, &o))
        return;
    struct public_matter *m;
    int n;
    fz_err e = public_matters(&req->ctx, o.id, &m, &n);
    if (e) {
        resp_error(req, r, e, NULL, NULL);
        return;
    }
    begin_json(r);
    buf *b = &r->body;
    buf_puts(b, "{\"matters\":[");
    for (int i = 0; i < n; i++) {
        buf_puts(b, i ? ",{" : "{");
        put_kv(b, "code", m[i].code, true);
        put_kv(b, "name", m[i].name, false);
        put_kv(b, "category", m[i].category, false);
        put_kv(b, "legal_basis", m[i].legal_basis, false);
        put_kv(b, "penalty_basis", m[i].penalty_basis, false);
        put_kv(b, "competent_body", m[i].competent_body, false);
        put_kv(b, "delegation_basis", m[i].delegation_basis, false);
        put_kv(b, "effective_from", m[i].effective_from, false);
        buf_puts(b, ",\"benchmarks\":[");
        for (int k = 0; k < m[i].nbenchmarks; k++) {
            const struct public_benchmark *x = &m[i].benchmarks[k];
            buf_puts(b, k ? ",{" : "{");
            put_kv(b, "tier", x->tier, true);
            put_kv(b, "party_kind", x->party_kind, false);
            put_kv(b, "fine_min", x->fine_min, false);
            put_kv(b, "fine_max", x->fine_max, false);
            put_kv(b, "circumstances", x->circumstances, false);
            buf_putc(b, '}');
        }
        buf_puts(b, "]}");
    }
    buf_puts(b, "]}");
}

void api_public_decisions(struct request *req, struct response *r)
{
    struct org o;
    if (!public_org(req, r, &o))
        return;
    struct decision_filter f = {.limit = 20};
    int d;
    const char *v;
    if ((v = req_query(req, "from")) && date_parse(v, &d) == 0)
        f.from = v;
    else if (v) {
        resp_error(req, r, FZ_EINVAL, "参数 from 应为日期 YYYY-MM-DD", "from");
        return;
    }
    if ((v = req_query(req, "to")) && date_parse(v, &d) == 0)
        f.to = v;
    else if (v) {
        resp_error(req, r, FZ_EINVAL, "参数 to 应为日期 YYYY-MM-DD", "to");
        return;
    }
    if ((v = req_query(req, "party_kind"))) {
        if (strcmp(v, "citizen") && strcmp(v, "organisation")) {
            resp_error(req, r, FZ_EINVAL, "参数 party_kind 应为 citizen 或 organisation",
                       "party_kind");
            return;
        }
        f.party_kind = v;
    }
    static const struct {
        const char *name;
        long max;
    } ints[] = {{"matter", 1L << 40}, {"limit", PUBLIC_PAGE_MAX}, {"offset", 1000000}};
    long vals[3] = {0, f.limit, 0};
    for (int i = 0; i < 3; i++) {
        if (!(v = req_query(req, ints[i].name)))
            continue;
        char *end;
        long x = strtol(v, &end, 10);
        if (*end || !*v || x < (i == 1 ? 1 : 0) || x > ints[i].max) {
            resp_error(req, r, FZ_EINVAL,
                       arena_printf(req->a, "参数 %s 应为 %d 至 %ld 的整数", ints[i].name,
                                    i == 1 ? 1 : 0, ints[i].max),
                       ints[i].name);
            return;
        }
        vals[i] = x;
    }
    f.matter = vals[0];
    f.limit = (int)vals[1];
    f.offset = (int)vals[2];
    if ((v = req_query(req, "q"))) {
        if (strlen(v) > 100) {
            resp_error(req, r, FZ_EINVAL, "参数 q 过长（最多 100 字节）", "q");
            return;
        }
        if (*v)
            f.q = v;
    }
    struct public_decision *dd;
    int n, total;
    fz_err e = public_decisions(&req->ctx, o.id, &f, &dd, &n, &total);
    if (e) {
        resp_error(req, r, e, NULL, NULL);
        return;
    }
    begin_json(r);
    buf *b = &r->body;
    buf_printf(b, "{\"total\":%d,\"decisions\":[", total);
    for (int i = 0; i < n; i++) {
        buf_printf(b, "%s{\"id\":%lld", i ? "," : "", (long long)dd[i].id);
        put_kv(b, "state", dd[i].state, false);
        put_kv(b, "decision_number", dd[i].decision_number, false);
        put_kv(b, "decided_on", dd[i].decided_on, false);
        put_kv(b, "published_on", dd[i].published_on, false);
        put_kv(b, "withdrawn_on", dd[i].withdrawn_on, false);
        put_kv(b, "body", dd[i].body, false);
        put_kv(b, "unit", dd[i].unit, false);
        put_kv(b, "party", dd[i].party, false);
        put_kv(b, "party_kind", dd[i].party_kind, false);
        put_kv(b, "uscc", dd[i].uscc, false);
        put_kv(b, "matter", dd[i].matter, false);
        put_kv(b, "act_summary", dd[i].act_summary, false);
        put_kv(b, "legal_basis", dd[i].legal_basis, false);
        put_kv(b, "penalty", dd[i].penalty, false);
        put_kv(b, "fine", dd[i].fine, false);
        put_kv(b, "note", dd[i].revoked_note, false);
        buf_putc(b, '}');
    }
    buf_puts(b, "]}");
}
