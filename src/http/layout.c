/* layout.c — the staff app's frame and shared widgets. */
#include "layout.h"

#include <string.h>

#include "core/date.h"
#include "engine/access.h"
#include "engine/entity.h"
#include "modules/disclosure/disclosure.h"
#include "core/banned.h"

#define PRODUCT "法治 · 街道法治政府建设平台"

static void head(struct html *h, const char *title)
{
    h_raw(h, "<!DOCTYPE html>");
    h_open(h, "html", "lang", "zh-CN", NULL);
    h_open(h, "head", NULL);
    h_void(h, "meta", "charset", "utf-8", NULL);
    h_void(h, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1", NULL);
    buf t;
    buf_init(&t, 0);
    buf_printf(&t, "%s - %s", title, PRODUCT);
    h_elem(h, "title", t.p, NULL);
    buf_release(&t);
    h_void(h, "link", "rel", "stylesheet", "href", "/static/app.css", NULL);
    h_void(h, "link", "rel", "icon", "href", "/static/favicon.svg", "type", "image/svg+xml", NULL);
    h_open(h, "script", "src", "/static/app.js", "defer", "", NULL);
    h_close(h, "script");
    h_close(h, "head");
}

void page_begin_bare(struct response *r, struct html *h, const char *title)
{
    r->content_type = "text/html; charset=utf-8";
    html_init(h, &r->body);
    head(h, title);
    h_open(h, "body", "class", "bare", NULL);
}

void h_csrf(struct request *req, struct html *h)
{
    h_void(h, "input", "type", "hidden", "name", "_csrf", "value", req->csrf, NULL);
}

void h_notice(struct html *h, const char *kind, const char *text)
{
    h_open(h, "div", "class", kind, "role", strcmp(kind, "error") == 0 ? "alert" : "status", NULL);
    h_text(h, text);
    h_close(h, "div");
}

const char *show_date(struct request *req, const char *ymd)
{
    int d;
    if (!ymd || date_parse(ymd, &d))
        return ymd ? ymd : "";
    char cn[24];
    date_format_cn(d, cn);
    return arena_strdup(req->a, cn);
}

const char *show_instant(struct request *req, const char *iso)
{
    int64_t ms;
    if (!iso || time_parse_iso(iso, &ms))
        return iso ? iso : "";
    char local[17];
    time_format_local(ms, local);
    return arena_strdup(req->a, local);
}

static void nav_link(struct html *h, const char *href, const char *icon, const char *label,
                     bool active)
{
    h_open(h, "a", "href", href, "class", active ? "active" : NULL, "aria-current",
           active ? "page" : NULL, NULL);
    h_elem(h, "span", icon, "class", "ico", "aria-hidden", "true", NULL);
    h_text(h, label);
    h_close(h, "a");
}

void page_begin(struct request *req, struct response *r, struct html *h, const char *title,
                const char *nav)
{
    r->content_type = "text/html; charset=utf-8";
    html_init(h, &r->body);
    head(h, title);
    h_open(h, "body", "class", "app", NULL);
    h_elem(h, "a", "跳到主要内容", "class", "skip", "href", "#main", NULL);
    h_open(h, "header", "class", "topbar", NULL);
    h_open(h, "a", "class", "brand", "href", "/app", NULL);
    h_elem(h, "span", "法", "class", "seal", "aria-hidden", "true", NULL);
    h_text(h, PRODUCT);
    h_close(h, "a");
    const struct actor *a = &req->actor;
    h_open(h, "div", "class", "who", NULL);
    h_elem(h, "span", a->home_org_name, "class", "org", NULL);
    h_elem(h, "span", a->name, "class", "user", NULL);
    buf roles;
    buf_init(&roles, 0);
    for (int i = 0; i < a->nroles; i++) {
        if (i)
            buf_puts(&roles, "、");
        buf_printf(&roles, "%s（%s）", role_label(a->roles[i].role), a->roles[i].org_name);
    }
    h_elem(h, "span", roles.p, "class", "roles", NULL);
    buf_release(&roles);
    h_open(h, "form", "method", "post", "action", "/app/signout", "class", "signout", NULL);
    h_csrf(req, h);
    h_elem(h, "button", "退出", "type", "submit", NULL);
    h_close(h, "form");
    h_close(h, "div");
    h_close(h, "header");

    h_open(h, "div", "class", "layout", NULL);
    h_open(h, "nav", "class", "sidenav", "aria-label", "功能导航", NULL);
    nav_link(h, "/app", "台", "工作台", strcmp(nav, "home") == 0);
    int n;
    const struct entity *const *all = entity_all(&n);
    for (int i = 0; i < n; i++) {
        if (!all[i]->in_nav)
            continue;
        nav_link(h, arena_printf(req->a, "/app/%s", all[i]->name), all[i]->icon, all[i]->label,
                 strcmp(nav, all[i]->name) == 0);
    }
    if (access_has_role(a, entity_disclosure_requests.read_roles))
        nav_link(h, "/app/reports/disclosure", "报", "信息公开年报",
                 strcmp(nav, "disclosure_report") == 0);
    nav_link(h, "/app/calendar", "历", "工作日计算", strcmp(nav, "calendar") == 0);
    h_close(h, "nav");
    h_open(h, "main", "class", "content", "id", "main", NULL);
}

void page_end(struct request *req, struct html *h)
{
    (void)req;
    h_closeto(h, 0);
}

void page_error(struct request *req, struct response *r, int status, const char *message)
{
    struct html h;
    buf_reset(&r->body);
    r->data = NULL;
    if (req->authed) {
        page_begin(req, r, &h, "出错了", "");
    } else {
        page_begin_bare(r, &h, "出错了");
        h_open(&h, "main", "class", "bare-card", NULL);
    }
    h_elem(&h, "h1",
           status == 404   ? "没有找到"
           : status == 403 ? "无权访问"
           : status == 401 ? "请先登录"
           : status == 503 ? "系统繁忙"
                           : "出错了",
           NULL);
    h_notice(&h, "error", message);
    h_open(&h, "p", NULL);
    if (status == 401 && !req->authed)
        h_elem(&h, "a", "前往登录", "href", "/app/signin", NULL);
    else
        h_elem(&h, "a", "返回工作台", "href", "/app", NULL);
    h_close(&h, "p");
    page_end(req, &h);
    r->status = status;
}
