/* pages_certificate.c — the staff app's printable verification card of an enforcement
 * certificate (亮证/亮码): the officer's name, certificate number, issuer, scope and validity
 * beside the QR code that opens the portal's verification page. Printed and carried with
 * the certificate, or shown on the phone. */
#include <stdlib.h>

#include "engine/entity.h"
#include "http/handlers.h"
#include "http/layout.h"
#include "modules/enforcement/enforcement.h"
#include "modules/enforcement/public.h"
#include "core/banned.h"

void page_certificate_card(struct request *req, struct response *r)
{
    int64_t id;
    struct record *rec = NULL;
    /* the staff app's own read: scope and roles as for the certificate's page */
    fz_err e = parse_id(req->seg[2], &id) ? entity_get(&req->ctx, &entity_certificates, id, &rec)
                                          : FZ_ENOTFOUND;
    struct public_officer of;
    if (!e)
        e = public_officer(&req->ctx, id, &of);
    if (e) {
        http_error(req, r, e, e == FZ_ENOTFOUND ? "没有这个执法证，或您无权查看" : NULL);
        return;
    }
    const char *url = verify_url(req, id);
    struct html h;
    page_begin(req, r, &h, arena_printf(req->a, "执法证核验卡 %s", of.number), "certificates");
    h_open(&h, "nav", "class", "crumbs", NULL);
    h_elem(&h, "a", arena_printf(req->a, "执法证 %s", of.number), "href",
           arena_printf(req->a, "/app/certificates/%lld", (long long)id), NULL);
    h_close(&h, "nav");
    h_open(&h, "div", "class", "page-head", NULL);
    h_elem(&h, "h1", "执法证核验卡", NULL);
    h_elem(&h, "p", "打印后随执法证携带，或在手机上出示。当事人扫描二维码即可在政务公开网站核验证件。",
           "class", "muted", NULL);
    h_close(&h, "div");
    if (of.standing != CERT_VALID)
        h_notice(&h, "error",
                 arena_printf(req->a, "此证件%s：扫码核验将显示“证件%s”。",
                              cert_standing_label(of.standing), cert_standing_label(of.standing)));
    h_open(&h, "section", "class", "cert-card", NULL);
    h_open(&h, "div", "class", "cert-card-text", NULL);
    h_elem(&h, "p", "行政执法证件核验", "class", "cert-card-kicker", NULL);
    h_elem(&h, "h2", of.name, NULL);
    h_open(&h, "dl", NULL);
    h_elem(&h, "dt", "执法证号", NULL);
    h_elem(&h, "dd", of.number, NULL);
    h_elem(&h, "dt", "发证机关", NULL);
    h_elem(&h, "dd", of.issuer, NULL);
    h_elem(&h, "dt", "所在机构", NULL);
    h_elem(&h, "dd", of.unit, NULL);
    h_elem(&h, "dt", "有效期", NULL);
    h_elem(&h, "dd", arena_printf(req->a, "%s 至 %s", show_date(req, of.valid_from),
                                  show_date(req, of.valid_until)),
           NULL);
    h_close(&h, "dl");
    h_close(&h, "div");
    h_open(&h, "figure", NULL);
    h_void(&h, "img", "src", arena_printf(req->a, "/v/%lld/qr.svg", (long long)id), "alt",
           arena_printf(req->a, "核验二维码：%s", url), "width", "180", "height", "180", NULL);
    h_elem(&h, "figcaption", url, NULL);
    h_close(&h, "figure");
    h_close(&h, "section");
    h_open(&h, "p", NULL);
    h_elem(&h, "button", "打印", "type", "button", "class", "button primary", "data-print", "",
           NULL);
    h_close(&h, "p");
    page_end(req, &h);
}
