/* portal_requests.c — the public portal's pages for disclosure requests (依申请公开):
 *   GET/POST /p/<org code>/apply   the application form, and the tracking code on success
 *   GET      /track?code=…         what the applicant may see of a request
 * A public POST carries no session: it must come from our own form (Origin, when sent,
 * matches Host; a hidden token we issued, http/form_token.h), stay under 64 KiB, and hold
 * no markup. A refused application stores nothing. */
#include <string.h>

#include "core/date.h"
#include "core/plaintext.h"
#include "core/utf8.h"
#include "engine/people.h"
#include "http/form_token.h"
#include "http/handlers.h"
#include "http/layout.h"
#include "http/portal.h"
#include "modules/disclosure/disclosure.h"
#include "core/banned.h"

/* 5,000 characters of content at up to 9 bytes each once form-encoded, and the rest */
#define APPLY_MAX_BODY ((size_t)64 << 10)
#define MAX_ERRORS 12

/* The form's fields in the order shown; their names are the request's fields. */
static const char *const form_fields[] = {"applicant_kind", "applicant_name", "id_number",
                                          "phone",          "email",          "address",
                                          "content",        "desired_form"};
#define NFIELDS (sizeof form_fields / sizeof form_fields[0])

struct form_errors {
    const char *field[MAX_ERRORS], *msg[MAX_ERRORS];
    int n;
    const char *general; /* shown above the form */
};

static void add_error(struct form_errors *fe, const char *field, const char *msg)
{
    if (fe->n < MAX_ERRORS) {
        fe->field[fe->n] = field;
        fe->msg[fe->n++] = msg;
    }
}

static const char *error_of(const struct form_errors *fe, const char *field)
{
    for (int i = 0; fe && i < fe->n; i++)
        if (fe->field[i] && strcmp(fe->field[i], field) == 0)
            return fe->msg[i];
    return NULL;
}

/* The unit a form is for: a subdistrict or one of its departments. */
static bool unit_of(struct request *req, const char *code, struct org *o)
{
    if (!code || org_by_code(&req->ctx, code, o) != FZ_OK)
        return false;
    if (o->kind == ORG_SUBDISTRICT)
        return true;
    struct org t;
    return o->kind == ORG_DEPARTMENT && org_by_id(&req->ctx, o->tenant_id, &t) == FZ_OK &&
           t.kind == ORG_SUBDISTRICT;
}

/* The portal a unit's page sits in: its subdistrict's (arena copy). */
static const struct org *portal_of(struct request *req, const struct org *o)
{
    if (o->kind == ORG_SUBDISTRICT)
        return o;
    struct org *t = arena_alloc(req->a, sizeof *t);
    return org_by_id(&req->ctx, o->tenant_id, t) == FZ_OK ? t : NULL;
}

static void not_found(struct request *req, struct response *r)
{
    struct html h;
    portal_begin(req, r, &h, NULL, "没有找到", NULL);
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "h1", "没有找到", NULL);
    h_notice(&h, "error", "没有这个受理机关，请从门户网站的链接进入申请页面。");
    portal_end(req, &h);
    r->status = 404;
}

static const struct field *request_field(const char *name)
{
    return entity_field(&entity_disclosure_requests, name);
}

static void apply_page(struct request *req, struct response *r, const struct org *o,
                       const struct form_errors *fe, int status)
{
    struct html h;
    resp_header(r, "Cache-Control", "no-store");
    portal_begin(req, r, &h, portal_of(req, o), "政府信息公开申请", "apply");
    h_open(&h, "section", "class", "p-card p-form", NULL);
    h_elem(&h, "h1", "政府信息公开申请", NULL);
    h_elem(&h, "p", arena_printf(req->a, "受理机关：%s", o->name), "class", "p-unit", NULL);
    h_elem(&h, "p",
           "依据《中华人民共和国政府信息公开条例》，您可以向本机关申请获取政府信息。"
           "带 * 的为必填项。我们将自收到申请之日起20个工作日内答复；需要延长的，"
           "将告知您延长的期限和理由。",
           "class", "muted", NULL);
    if (fe && (fe->general || fe->n))
        h_notice(&h, "error", fe->general ? fe->general : "申请未提交，请按提示修改后重新提交。");
    const char *token = form_token_issue(req->db, req->a, arena_printf(req->a, "apply:%s", o->code),
                                         req->ctx.now_ms);
    h_open(&h, "form", "method", "post", "action", arena_printf(req->a, "/p/%s/apply", o->code),
           "accept-charset", "UTF-8", NULL);
    h_void(&h, "input", "type", "hidden", "name", "_token", "value", token ? token : "", NULL);
    for (size_t i = 0; i < NFIELDS; i++) {
        const struct field *f = request_field(form_fields[i]);
        const char *err = error_of(fe, f->name);
        const char *val = fe ? form_value(req, f->name) : NULL;
        const char *id = arena_printf(req->a, "f-%s", f->name);
        const char *eid = err ? arena_printf(req->a, "e-%s", f->name) : NULL;
        const char *req_attr = (f->flags & F_REQUIRED) ? "" : NULL;
        h_open(&h, "div", "class", err ? "field invalid" : "field", NULL);
        h_open(&h, "label", "for", id, NULL);
        h_text(&h, f->label);
        if (f->flags & F_REQUIRED)
            h_elem(&h, "span", "*", "class", "req", "aria-hidden", "true", NULL);
        h_close(&h, "label");
        if (f->type == FT_ENUM) {
            h_open(&h, "select", "id", id, "name", f->name, "required", req_attr, "aria-invalid",
                   err ? "true" : NULL, "aria-describedby", eid, NULL);
            h_elem(&h, "option", "请选择", "value", "", NULL);
            for (const struct choice *ch = f->choices; ch->value; ch++)
                h_elem(&h, "option", ch->label, "value", ch->value, "selected",
                       val && strcmp(val, ch->value) == 0 ? "" : NULL, NULL);
            h_close(&h, "select");
        } else if (f->type == FT_LONGTEXT) {
            h_open(&h, "textarea", "id", id, "name", f->name, "rows", "6", "required", req_attr,
                   "maxlength", arena_printf(req->a, "%lld", (long long)f->max), "aria-invalid",
                   err ? "true" : NULL, "aria-describedby", eid, NULL);
            h_text(&h, val ? val : "");
            h_close(&h, "textarea");
        } else {
            h_void(&h, "input", "id", id, "name", f->name, "value", val, "required", req_attr,
                   "maxlength", arena_printf(req->a, "%lld", (long long)f->max), "type",
                   strcmp(f->name, "email") == 0   ? "email"
                   : strcmp(f->name, "phone") == 0 ? "tel"
                                                   : "text",
                   "aria-invalid", err ? "true" : NULL, "aria-describedby", eid, NULL);
        }
        if (err)
            h_elem(&h, "p", err, "class", "error-text", "id", eid, NULL);
        else if (f->help)
            h_elem(&h, "p", f->help, "class", "muted small", NULL);
        h_close(&h, "div");
    }
    h_elem(&h, "p", "联系电话、电子邮箱、通信地址至少填写一项，以便我们与您联系和送达答复。",
           "class", "muted small", NULL);
    h_elem(&h, "button", "提交申请", "type", "submit", "class", "p-button", NULL);
    h_close(&h, "form");
    h_open(&h, "p", "class", "muted small", NULL);
    h_text(&h, "已提交过申请？");
    h_elem(&h, "a", "凭查询码查询办理进度", "href", "/track", NULL);
    h_close(&h, "p");
    portal_end(req, &h);
    r->status = status;
}

void portal_apply_form(struct request *req, struct response *r)
{
    struct org o;
    if (!unit_of(req, req->seg[1], &o)) {
        not_found(req, r);
        return;
    }
    apply_page(req, r, &o, NULL, 200);
}

/* Origin (when sent) is this host. */
static bool same_origin(const struct request *req)
{
    if (!req->origin)
        return true;
    const char *o = strstr(req->origin, "://");
    return o && req->host && strcmp(o + 3, req->host) == 0;
}

/* Field checks the form can tell at once, every field, before the engine sees any. */
static void check_fields(struct request *req, struct form_errors *fe)
{
    bool contact = false;
    for (size_t i = 0; i < NFIELDS; i++) {
        const struct field *f = request_field(form_fields[i]);
        const char *v = form_value(req, f->name);
        const char *why = NULL;
        /* plain text only: no markup, script links or control characters (core/plaintext.h);
         * the length is told below, with the field's own numbers */
        if (v && !plaintext_ok(v, strlen(v), (size_t)-1, &why)) {
            add_error(fe, f->name, why);
            continue;
        }
        size_t chars = v ? utf8_chars(v) : 0;
        if (!v || !v[0]) {
            if (f->flags & F_REQUIRED)
                add_error(fe, f->name, arena_printf(req->a, "请填写“%s”", f->label));
            continue;
        }
        if (strcmp(f->name, "phone") == 0 || strcmp(f->name, "email") == 0 ||
            strcmp(f->name, "address") == 0)
            contact = true;
        if (f->type == FT_ENUM) {
            bool known = false;
            for (const struct choice *ch = f->choices; ch->value; ch++)
                known = known || strcmp(ch->value, v) == 0;
            if (!known)
                add_error(fe, f->name, arena_printf(req->a, "请选择“%s”", f->label));
            continue;
        }
        if (f->min && chars < (size_t)f->min)
            add_error(fe, f->name,
                      arena_printf(req->a, "“%s”至少需要 %lld 个字", f->label, (long long)f->min));
        else if (f->max && chars > (size_t)f->max)
            add_error(fe, f->name,
                      arena_printf(req->a, "“%s”最多 %lld 个字", f->label, (long long)f->max));
    }
    if (!contact && !error_of(fe, "phone"))
        add_error(fe, "phone", "请至少填写一种联系方式：联系电话、电子邮箱或通信地址");
}

static void success_page(struct request *req, struct response *r, const struct org *o,
                         const char *code)
{
    struct html h;
    resp_header(r, "Cache-Control", "no-store");
    portal_begin(req, r, &h, portal_of(req, o), "申请已提交", "apply");
    h_open(&h, "section", "class", "p-card p-form", NULL);
    h_elem(&h, "h1", "申请已提交", NULL);
    h_notice(&h, "ok", arena_printf(req->a, "%s已收到您的政府信息公开申请。", o->name));
    h_elem(&h, "p", "您的查询码是：", NULL);
    h_elem(&h, "p", code, "class", "tracking-code", "id", "tracking-code", NULL);
    h_elem(&h, "p",
           "请妥善保存此查询码（可截图或抄写）。凭查询码可以查询办理进度和答复内容；"
           "查询码遗失后无法找回，如需查询请联系受理机关。",
           NULL);
    h_open(&h, "p", NULL);
    h_elem(&h, "a", "查询办理进度", "href", arena_printf(req->a, "/track?code=%s", code), "class",
           "button primary", NULL);
    h_close(&h, "p");
    portal_end(req, &h);
    r->status = 201;
}

void portal_apply_submit(struct request *req, struct response *r)
{
    struct org o;
    if (!unit_of(req, req->seg[1], &o)) {
        not_found(req, r);
        return;
    }
    struct form_errors fe = {0};
    if (req->body_too_big || req->body_len > APPLY_MAX_BODY) {
        fe.general = "提交的内容过长（不能超过 64 KB），请精简申请内容后重新提交。";
        apply_page(req, r, &o, &fe, 413);
        return;
    }
    if (!same_origin(req)) {
        fe.general = "请从本网站的申请页面提交申请。";
        apply_page(req, r, &o, &fe, 403);
        return;
    }
    if (!req_form(req)) {
        fe.general = "提交的内容无法识别，请从本网站的申请页面重新提交。";
        apply_page(req, r, &o, &fe, 400);
        return;
    }
    if (!form_token_valid(req->db, req->a, arena_printf(req->a, "apply:%s", o.code),
                          form_value(req, "_token"), req->ctx.now_ms, FORM_TOKEN_MAX_AGE_S)) {
        fe.general = "申请页面已过期（超过2小时）或不是从本网站打开的，请核对内容后重新提交。";
        apply_page(req, r, &o, &fe, 403);
        return;
    }
    check_fields(req, &fe);
    if (fe.n) {
        apply_page(req, r, &o, &fe, 422);
        return;
    }
    json_t *app = json_object();
    for (size_t i = 0; app && i < NFIELDS; i++) {
        const char *v = form_value(req, form_fields[i]);
        if (v && v[0] && json_object_set_new(app, form_fields[i], json_string(v))) {
            json_decref(app);
            app = NULL;
        }
    }
    if (!app) {
        page_error(req, r, 500, "系统暂时无法受理申请，请稍后重试。");
        return;
    }
    char code[TRACKING_CODE_LEN + 1];
    fz_err e = disclosure_submit(&req->ctx, o.code, app, code);
    json_decref(app);
    if (e == FZ_EVALID || e == FZ_EGUARD) {
        const char *msg = req->ctx.err.message ? req->ctx.err.message : err_text(e);
        if (req->ctx.err.field && error_of(&fe, req->ctx.err.field) == NULL)
            add_error(&fe, req->ctx.err.field, msg);
        else
            fe.general = msg;
        apply_page(req, r, &o, &fe, 422);
        return;
    }
    if (e) {
        page_error(req, r, err_status(e), "系统暂时无法受理申请，请稍后重试。");
        return;
    }
    success_page(req, r, &o, code);
}

/* ---- tracking ---------------------------------------------------------------------------- */

static void track_form(struct html *h, const char *code)
{
    h_open(h, "form", "method", "get", "action", "/track", NULL);
    h_open(h, "div", "class", "field", NULL);
    h_elem(h, "label", "查询码", "for", "f-code", NULL);
    h_void(h, "input", "id", "f-code", "name", "code", "value", code, "required", "", "maxlength",
           "40", "autocomplete", "off", NULL);
    h_close(h, "div");
    h_elem(h, "button", "查询", "type", "submit", "class", "p-button", NULL);
    h_close(h, "form");
}

static void row(struct html *h, const char *label, const char *value, bool long_text)
{
    if (!value)
        return;
    h_elem(h, "dt", label, NULL);
    h_elem(h, "dd", value, "class", long_text ? "long" : NULL, NULL);
}

void portal_track(struct request *req, struct response *r)
{
    const char *code = req_query(req, "code");
    struct disclosure_status s;
    fz_err e = code && code[0] ? disclosure_track(&req->ctx, code, &s) : FZ_ENOTFOUND;
    struct html h;
    resp_header(r, "Cache-Control", "no-store");
    resp_header(r, "Referrer-Policy", "no-referrer");
    struct org o;
    bool has_org = !e && org_by_id(&req->ctx, s.tenant, &o) == FZ_OK;
    portal_begin(req, r, &h, has_org ? &o : NULL, "查询申请办理进度", "apply");
    h_open(&h, "section", "class", "p-card p-form", NULL);
    h_elem(&h, "h1", "查询申请办理进度", NULL);
    if (e) {
        if (code && code[0])
            h_notice(&h, "error",
                     e == FZ_ENOTFOUND && req->ctx.err.message ? req->ctx.err.message
                                                               : "暂时无法查询，请稍后重试。");
        else
            h_elem(&h, "p", "请输入提交申请时获得的16位查询码。", "class", "muted", NULL);
        track_form(&h, code);
        portal_end(req, &h);
        r->status = !code || !code[0] ? 200 : e == FZ_ENOTFOUND ? 404 : err_status(e);
        return;
    }
    h_open(&h, "dl", "class", "fields", NULL);
    row(&h, "查询码", s.tracking_code, false);
    row(&h, "受理机关", s.org_name, false);
    row(&h, "办理状态", s.state_label, false);
    row(&h, "收到申请日期", show_date(req, s.received_on), false);
    if (s.correction_items && strcmp(s.state, "awaiting_correction") == 0) {
        row(&h, "需要补正的事项", s.correction_items, true);
        row(&h, "补正期限", show_date(req, s.correction_until), false);
    }
    if (s.due_on)
        row(&h, "答复期限", show_date(req, s.due_on), false);
    /* art.33: the applicant is told of an extension, and why */
    if (s.extension_days > 0) {
        row(&h, "延长答复期限",
            arena_printf(req->a, "延长 %lld 个工作日", (long long)s.extension_days), false);
        row(&h, "延期理由", s.extension_reason, true);
    }
    if (strcmp(s.state, "consulting") == 0)
        row(&h, "说明",
            "正在征求第三方意见。征求意见所需时间（最长15个工作日）不计入答复期限（第三十二条），"
            "上面的答复期限已按最长时间顺延，收到第三方意见后将相应提前。",
            true);
    if (s.replied_on) {
        row(&h, "答复日期", show_date(req, s.replied_on), false);
        row(&h, "答复类型", s.reply_type_label, false);
        row(&h, "答复内容", s.reply_text, true);
        if (s.nreply_files) {
            h_elem(&h, "dt", "答复附件", NULL);
            h_open(&h, "dd", NULL);
            for (size_t i = 0; i < s.nreply_files; i++) {
                struct file_info f;
                struct ctx sys = req->ctx;
                sys.actor = &actor_system;
                if (file_get(&sys, s.reply_file_ids[i], &f))
                    continue;
                h_open(&h, "p", NULL);
                h_elem(&h, "a", f.name, "href",
                       arena_printf(req->a, "/track/files/%lld?code=%s", (long long)f.id,
                                    s.tracking_code),
                       "rel", "noreferrer", NULL);
                h_close(&h, "p");
            }
            h_close(&h, "dd");
        }
    }
    h_close(&h, "dl");
    track_form(&h, NULL);
    portal_end(req, &h);
}
