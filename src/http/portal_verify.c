/* portal_verify.c — officer verification (亮证/亮码): the page a certificate's QR code opens,
 * saying plainly whether the certificate is in force today, whose it is, who issued it and
 * what it covers. */
#include <stdlib.h>
#include <string.h>

#include "core/qr.h"
#include "engine/people.h"
#include "http/handlers.h"
#include "http/layout.h"
#include "http/portal.h"
#include "modules/enforcement/public.h"
#include "core/banned.h"

/* The certificate a /v/<id> address names: false with the 404 page written. */
static bool verify_target(struct request *req, struct response *r, struct public_officer *of)
{
    int64_t id;
    fz_err e = parse_id(req->seg[1], &id) ? public_officer(&req->ctx, id, of) : FZ_ENOTFOUND;
    if (e == FZ_OK)
        return true;
    if (e == FZ_ENOTFOUND)
        portal_error(req, r, NULL, 404,
                     "没有这个执法证。请核对二维码或证号；如有疑问，可拒绝接受检查并向街道办事处核实。");
    else
        http_error(req, r, e, NULL);
    return false;
}

void portal_verify(struct request *req, struct response *r)
{
    struct public_officer of;
    if (!verify_target(req, r, &of))
        return;
    struct org t;
    bool has_org = org_by_id(&req->ctx, of.tenant, &t) == FZ_OK;
    struct html h;
    portal_begin(req, r, &h, has_org ? &t : NULL, "执法证核验", NULL);
    resp_header_set(r, "Cache-Control", "no-store");
    bool valid = of.standing == CERT_VALID;
    h_open(&h, "section", "class", valid ? "p-card p-verify ok" : "p-card p-verify bad", NULL);
    h_elem(&h, "p", "执法证核验", "class", "p-kicker", NULL);
    h_elem(&h, "h1", of.name, NULL);
    h_elem(&h, "p", valid ? "证件有效" : arena_printf(req->a, "证件%s", cert_standing_label(of.standing)),
           "class", "p-standing", "role", "status", NULL);
    if (!valid)
        h_elem(&h, "p",
               "持此证件的人员今天不能从事行政执法。您可以拒绝接受检查，并向街道办事处或区司法行政部门反映。",
               "class", "p-warn", NULL);
    h_open(&h, "dl", "class", "p-facts", NULL);
    h_elem(&h, "dt", "执法证号", NULL);
    h_elem(&h, "dd", of.number, NULL);
    h_elem(&h, "dt", "发证机关", NULL);
    h_elem(&h, "dd", of.issuer, NULL);
    if (has_org) {
        h_elem(&h, "dt", "执法主体", NULL);
        h_elem(&h, "dd", arena_printf(req->a, "%s办事处", t.name), NULL);
    }
    h_elem(&h, "dt", "所在机构", NULL);
    h_elem(&h, "dd", of.unit, NULL);
    h_elem(&h, "dt", "执法范围", NULL);
    h_elem(&h, "dd", of.scope, NULL);
    h_elem(&h, "dt", "有效期", NULL);
    h_elem(&h, "dd", arena_printf(req->a, "%s 至 %s", show_date(req, of.valid_from),
                                  show_date(req, of.valid_until)),
           NULL);
    if (of.revoked_on) {
        h_elem(&h, "dt", "注销日期", NULL);
        h_elem(&h, "dd", show_date(req, of.revoked_on), NULL);
    }
    h_close(&h, "dl");
    h_elem(&h, "p", "请核对执法证上的姓名、证号与本页一致。执法人员执行公务时应不少于两人。",
           "class", "muted", NULL);
    h_close(&h, "section");
    portal_end(req, &h);
}

/* The absolute address of a certificate's verification page: under --public-url, else as
 * this request reached us (behind TLS when the server sets Secure cookies). */
const char *verify_url(struct request *req, int64_t cert_id)
{
    if (req->cfg->public_url)
        return arena_printf(req->a, "%s/v/%lld", req->cfg->public_url, (long long)cert_id);
    return arena_printf(req->a, "%s://%s/v/%lld", req->cfg->secure_cookies ? "https" : "http",
                        req->host && *req->host ? req->host : "localhost", (long long)cert_id);
}

/* GET /v/<id>/qr.svg: the QR code of the verification page, for the officer's card and
 * phone. */
void portal_verify_qr(struct request *req, struct response *r)
{
    struct public_officer of;
    if (!verify_target(req, r, &of))
        return;
    fz_err e = qr_svg(&r->body, verify_url(req, of.id));
    if (e) {
        buf_reset(&r->body);
        http_error(req, r, e, NULL);
        return;
    }
    r->status = 200;
    r->content_type = "image/svg+xml";
    resp_header(r, "Cache-Control", "public, max-age=3600");
}
