/* pages.c — the staff app's sign-in, sign-out, home ("my work"), the working-day calculator,
 * and the not-found page. */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "engine/people.h"
#include "engine/work.h"
#include "engine/workflow.h"
#include "http/handlers.h"
#include "http/layout.h"
#include "core/banned.h"

/* ---- sign-in ----------------------------------------------------------------------------- */

/* Only our own app paths may follow sign-in (no open redirect). */
static const char *safe_next(const char *next)
{
    if (!next || strncmp(next, "/app", 4) != 0 || (next[4] && next[4] != '/') ||
        strstr(next, "//") || strchr(next, '\\') || strpbrk(next, "\r\n"))
        return "/app";
    return next;
}

static void signin_page(struct request *req, struct response *r, const char *error,
                        const char *username, int status)
{
    char pre[TOKEN_MAX_CHARS];
    if (random_token(pre, sizeof pre, 24)) {
        page_error(req, r, 500, "系统暂时无法生成安全令牌，请稍后重试");
        return;
    }
    resp_header(r, "Set-Cookie",
                arena_printf(req->a, "fz_pre=%s; Path=/app/signin; HttpOnly; SameSite=Strict%s",
                             pre, req->cfg->secure_cookies ? "; Secure" : ""));
    struct html h;
    page_begin_bare(r, &h, "登录");
    h_open(&h, "main", "class", "signin", NULL);
    h_open(&h, "div", "class", "signin-card", NULL);
    h_elem(&h, "div", "法", "class", "seal big", "aria-hidden", "true", NULL);
    h_elem(&h, "h1", "街道法治政府建设平台", NULL);
    h_elem(&h, "p", "请使用单位分配的账号登录", "class", "muted", NULL);
    if (error)
        h_notice(&h, "error", error);
    h_open(&h, "form", "method", "post", "action", "/app/signin", NULL);
    h_void(&h, "input", "type", "hidden", "name", "_pre", "value", pre, NULL);
    h_void(&h, "input", "type", "hidden", "name", "next", "value",
           safe_next(req_query(req, "next") ? req_query(req, "next") : form_value(req, "next")),
           NULL);
    h_open(&h, "label", NULL);
    h_text(&h, "用户名");
    h_void(&h, "input", "name", "username", "autocomplete", "username", "required", "", "autofocus",
           username ? NULL : "", "value", username, "maxlength", "64", NULL);
    h_close(&h, "label");
    h_open(&h, "label", NULL);
    h_text(&h, "密码");
    h_void(&h, "input", "type", "password", "name", "password", "autocomplete", "current-password",
           "required", "", "autofocus", username ? "" : NULL, "maxlength", "256", NULL);
    h_close(&h, "label");
    h_elem(&h, "button", "登录", "type", "submit", "class", "primary wide", NULL);
    h_close(&h, "form");
    h_open(&h, "p", "class", "muted small", NULL);
    h_text(&h, "忘记密码请联系本单位系统管理员。");
    h_elem(&h, "a", "返回公开门户", "href", "/", NULL);
    h_close(&h, "p");
    page_end(req, &h);
    r->status = status;
}

void page_signin_form(struct request *req, struct response *r)
{
    if (req->authed) {
        resp_redirect(r, safe_next(req_query(req, "next")));
        return;
    }
    signin_page(req, r, NULL, NULL, 200);
}

void page_signin(struct request *req, struct response *r)
{
    const char *pre = req_cookie(req, "fz_pre"), *given = form_value(req, "_pre");
    const char *username = form_value(req, "username"), *password = form_value(req, "password");
    if (!pre || !given || !ct_equal(pre, given)) {
        signin_page(req, r, "登录页面已过期，请重新输入后登录", username, 403);
        return;
    }
    struct session s;
    int retry = 0;
    fz_err e =
        auth_signin(&req->ctx, username ? username : "", password ? password : "", &s, &retry);
    if (e) {
        signin_page(req, r, req->ctx.err.message ? req->ctx.err.message : err_text(e), username,
                    err_status(e));
        if (retry)
            resp_header(r, "Retry-After", arena_printf(req->a, "%d", retry));
        return;
    }
    r->nheaders = 0;
    resp_header(r, "Set-Cookie", session_cookie(req, s.token, false));
    resp_header(r, "Set-Cookie", "fz_pre=; Path=/app/signin; HttpOnly; SameSite=Strict; Max-Age=0");
    resp_redirect(r, safe_next(form_value(req, "next")));
}

void page_signout(struct request *req, struct response *r)
{
    if (req->session_token)
        auth_signout(&req->ctx, req->session_token, req->actor.user_id);
    resp_header(r, "Set-Cookie", session_cookie(req, "", true));
    resp_redirect(r, "/app/signin");
}

/* ---- home -------------------------------------------------------------------------------- */

/* Whether every role the actor holds only reads (a supervisor): the home page then lists
 * what is under way where they supervise, not work of their own. */
static bool reads_only(const struct actor *a)
{
    for (int i = 0; i < a->nroles; i++)
        if (role_may_write(a->roles[i].role))
            return false;
    return a->nroles > 0;
}

/* Whether the actor's records come from more than one tenant: roles in several, or a role
 * at a district or city, which sees every subdistrict below it. */
static bool spans_tenants(const struct actor *a)
{
    for (int i = 0; i < a->nroles; i++)
        if (a->roles[i].tenant_id != a->roles[0].tenant_id || a->roles[i].kind == ORG_DISTRICT ||
            a->roles[i].kind == ORG_CITY)
            return true;
    return false;
}

/* The name of the tenant (subdistrict, or district for its own records) a work item's record
 * belongs to; names are looked up once per tenant. */
struct tenant_name {
    int64_t id;
    const char *name;
};

static const char *item_tenant(struct request *req, const struct work_item *w,
                               struct tenant_name *seen, size_t *nseen, size_t max)
{
    for (size_t i = 0; i < *nseen; i++)
        if (seen[i].id == w->org_id)
            return seen[i].name;
    struct org o;
    if (!w->org_id || org_by_id(&req->ctx, w->org_id, &o))
        return "";
    if (*nseen < max)
        seen[(*nseen)++] = (struct tenant_name){w->org_id, o.name};
    return o.name;
}

void page_home(struct request *req, struct response *r)
{
    struct work_item *items;
    size_t n;
    if (work_collect(&req->ctx, &items, &n, 100)) {
        page_error(req, r, 500, "暂时无法读取待办事项，请稍后重试");
        return;
    }
    bool supervising = reads_only(&req->actor);
    bool show_tenant = supervising || spans_tenants(&req->actor);
    struct tenant_name seen[32];
    size_t nseen = 0;
    size_t overdue = 0, soon = 0;
    for (size_t i = 0; i < n; i++) {
        overdue += items[i].overdue;
        soon += items[i].due_soon;
    }
    struct html h;
    page_begin(req, r, &h, "工作台", "home");
    char today[24];
    date_format_cn(req->ctx.today, today);
    h_open(&h, "div", "class", "page-head", NULL);
    h_elem(&h, "h1", "我的工作", NULL);
    h_elem(
        &h, "p",
        arena_printf(req->a, "%s，%s %s", req->actor.name, today, date_weekday_cn(req->ctx.today)),
        "class", "muted", NULL);
    h_close(&h, "div");

    h_open(&h, "div", "class", "stats", NULL);
    struct {
        const char *label, *cls, *href;
        size_t value;
    } cards[] = {
        {"已逾期", "stat bad", "#work", overdue},
        {"3 个工作日内到期", "stat warn", "#work", soon},
        {supervising ? "进行中的事项" : "待办事项", "stat", "#work", n},
    };
    for (size_t i = 0; i < sizeof cards / sizeof cards[0]; i++) {
        h_open(&h, "a", "class", cards[i].cls, "href", cards[i].href, NULL);
        h_elem(&h, "strong", arena_printf(req->a, "%zu", cards[i].value), NULL);
        h_elem(&h, "span", cards[i].label, NULL);
        h_close(&h, "a");
    }
    h_close(&h, "div");

    h_open(&h, "section", "class", "card", "id", "work", NULL);
    h_elem(&h, "h2", supervising ? "辖区内进行中的事项" : "待办与期限", NULL);
    if (n == 0) {
        h_elem(&h, "p", supervising ? "辖区内目前没有进行中的事项。" : "目前没有需要处理的事项。",
               "class", "empty", NULL);
    } else {
        h_open(&h, "table", "class", "list", NULL);
        h_open(&h, "thead", NULL);
        h_open(&h, "tr", NULL);
        h_elem(&h, "th", "事项", NULL);
        h_elem(&h, "th", "类别", NULL);
        if (show_tenant)
            h_elem(&h, "th", "所属辖区", NULL);
        h_elem(&h, "th", "状态", NULL);
        h_elem(&h, "th", "期限", NULL);
        h_close(&h, "tr");
        h_close(&h, "thead");
        h_open(&h, "tbody", NULL);
        for (size_t i = 0; i < n; i++) {
            const struct work_item *w = &items[i];
            h_open(&h, "tr", "class", w->overdue ? "overdue" : w->due_soon ? "soon" : NULL, NULL);
            h_open(&h, "td", "data-label", "事项", NULL);
            h_elem(&h, "a", w->title, "href",
                   arena_printf(req->a, "/app/%s/%lld", w->e->name, (long long)w->id), "class",
                   "title", NULL);
            h_close(&h, "td");
            h_elem(&h, "td", w->e->label, "data-label", "类别", NULL);
            if (show_tenant)
                h_elem(&h, "td", item_tenant(req, w, seen, &nseen, sizeof seen / sizeof seen[0]),
                       "data-label", "所属辖区", NULL);
            h_open(&h, "td", "data-label", "状态", NULL);
            h_elem(&h, "span", w->status_label, "class",
                   arena_printf(req->a, "badge st-%s", w->status ? w->status : ""), NULL);
            h_close(&h, "td");
            h_open(&h, "td", "data-label", "期限", NULL);
            h_elem(&h, "span", w->reason, "class",
                   w->overdue    ? "due bad"
                   : w->due_soon ? "due warn"
                                 : "due",
                   NULL);
            h_close(&h, "td");
            h_close(&h, "tr");
        }
        h_close(&h, "tbody");
        h_close(&h, "table");
    }
    h_close(&h, "section");
    /* a leader's or supervisor's year at a glance, below what needs doing */
    for (int i = 0; i < req->actor.nroles; i++)
        if (req->actor.roles[i].role == ROLE_LEADER || req->actor.roles[i].role == ROLE_SUPERVISOR) {
            dashboard_section(req, &h);
            break;
        }
    page_end(req, &h);
}

/* ---- the working-day calculator ---------------------------------------------------------- */

void page_calendar(struct request *req, struct response *r)
{
    const char *from_s = req_query(req, "from"), *days_s = req_query(req, "days");
    bool working = req_query(req, "working") != NULL;
    char today[11];
    date_format(req->ctx.today, today);
    struct html h;
    page_begin(req, r, &h, "工作日计算", "calendar");
    h_open(&h, "div", "class", "page-head", NULL);
    h_elem(&h, "h1", "期限计算", NULL);
    h_elem(&h, "p",
           "按国务院公布的节假日和调休安排计算期限：起算日不计入；按日计算的期限届满日为休息日的，"
           "顺延至下一个工作日。",
           "class", "muted", NULL);
    h_close(&h, "div");
    h_open(&h, "form", "method", "get", "action", "/app/calendar", "class", "card inline-form",
           NULL);
    h_open(&h, "label", NULL);
    h_text(&h, "起算日期");
    h_void(&h, "input", "type", "date", "name", "from", "required", "", "value",
           from_s ? from_s : today, NULL);
    h_close(&h, "label");
    h_open(&h, "label", NULL);
    h_text(&h, "天数");
    h_void(&h, "input", "type", "number", "name", "days", "min", "0", "max", "3650", "required", "",
           "value", days_s ? days_s : "7", NULL);
    h_close(&h, "label");
    h_open(&h, "label", "class", "check", NULL);
    h_void(&h, "input", "type", "checkbox", "name", "working", "value", "1", "checked",
           working || !from_s ? "" : NULL, NULL);
    h_text(&h, "按工作日计算");
    h_close(&h, "label");
    h_elem(&h, "button", "计算", "type", "submit", "class", "primary", NULL);
    h_close(&h, "form");
    if (from_s) {
        int from;
        char *end = NULL;
        long days = days_s ? strtol(days_s, &end, 10) : -1;
        if (date_parse(from_s, &from) || !end || *end || days < 0 || days > 3650) {
            h_notice(&h, "error", "请填写有效的起算日期和 0–3650 之间的天数");
        } else {
            struct cal_explain ex;
            int due = working
                          ? calendar_add_working_days(req->cfg->cal, from, (int)days, &ex, req->a)
                          : calendar_add_days(req->cfg->cal, from, (int)days, &ex, req->a);
            char cn[24];
            date_format_cn(due, cn);
            h_open(&h, "section", "class", "card result", NULL);
            h_elem(&h, "h2", arena_printf(req->a, "到期日：%s %s", cn, date_weekday_cn(due)), NULL);
            char *text = calendar_explain_text(&ex);
            h_elem(&h, "pre", text ? text : "", "class", "explain", NULL);
            free(text);
            h_close(&h, "section");
        }
    }
    page_end(req, &h);
}

void page_not_found(struct request *req, struct response *r)
{
    page_error(req, r, 404, "您访问的页面不存在，请从导航重新进入。");
}
