/* portal_disclosure.c — proactive disclosure (主动公开) on the portal: a subdistrict's
 * published items by category, each with its attachments; and the files of a reply, for the
 * applicant who holds the tracking code. A file goes out only when it belongs to what the
 * public may see. */
#include <stdlib.h>
#include <string.h>

#include "engine/entity.h"
#include "http/handlers.h"
#include "http/layout.h"
#include "http/portal.h"
#include "modules/disclosure/disclosure.h"
#include "core/banned.h"

#define ITEMS_PER_PAGE 20


/* A positive id from a path segment, or 0. */
static int64_t seg_id(const struct request *req, int i)
{
    int64_t id = 0;
    return i < req->nseg && parse_id(req->seg[i], &id) ? id : 0;
}

/* Sends a stored file the caller has found public: read as the system, since the visitor
 * holds no role. */
static void send_public_file(struct request *req, struct response *r, int64_t file_id)
{
    const struct actor *was = req->ctx.actor;
    req->ctx.actor = &actor_system;
    send_file(req, r, file_id);
    req->ctx.actor = was;
    resp_header_set(r, "Cache-Control", "public, max-age=3600");
}

static void attachment_links(struct request *req, struct html *h, const struct org *o,
                             const struct proactive_item *it)
{
    if (!it->nfiles)
        return;
    h_open(h, "ul", "class", "p-files", NULL);
    for (size_t i = 0; i < it->nfiles; i++) {
        struct file_info f;
        struct ctx sys = req->ctx;
        sys.actor = &actor_system;
        if (file_get(&sys, it->file_ids[i], &f))
            continue;
        h_open(h, "li", NULL);
        h_elem(h, "a", f.name, "href",
               portal_href(req, o,
                           arena_printf(req->a, "/items/%lld/files/%lld", (long long)it->id,
                                        (long long)f.id)),
               NULL);
        h_elem(h, "span", arena_printf(req->a, "%.1f KB", (double)f.size / 1024), "class",
               "p-date", NULL);
        h_close(h, "li");
    }
    h_close(h, "ul");
}

void portal_items(struct request *req, struct response *r)
{
    struct org o;
    if (!portal_org(req, r, 1, &o))
        return;
    const char *cat = req_query(req, "category");
    if (cat && !*cat)
        cat = NULL;
    const char *ps = req_query(req, "page");
    int page = 1;
    if (ps && *ps) {
        char *end;
        long p = strtol(ps, &end, 10);
        if (*end || p < 1 || p > 100000) {
            portal_error(req, r, &o, 400, "页码无效");
            return;
        }
        page = (int)p;
    }
    struct proactive_item *it;
    size_t n;
    int64_t total;
    fz_err e = disclosure_list_published(&req->ctx, o.id, cat, page, ITEMS_PER_PAGE, &it, &n,
                                         &total);
    if (e == FZ_EINVAL) {
        portal_error(req, r, &o, 400, "没有这个公开类别");
        return;
    }
    if (e) {
        http_error(req, r, e, NULL);
        return;
    }
    struct html h;
    portal_begin(req, r, &h, &o, "主动公开", "items");
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "h1", "主动公开", NULL);
    h_elem(&h, "p",
           "依据《政府信息公开条例》第二十条、第二十一条，本街道主动公开的政府信息。"
           "信息自形成或者变更之日起二十个工作日内公开。",
           "class", "lead", NULL);
    h_open(&h, "form", "method", "get", "action", portal_href(req, &o, "/items"), "class",
           "p-search", NULL);
    h_open(&h, "label", NULL);
    h_text(&h, "公开类别");
    h_open(&h, "select", "name", "category", NULL);
    h_elem(&h, "option", "全部", "value", "", NULL);
    for (const struct choice *ch = proactive_categories; ch->value; ch++)
        h_elem(&h, "option", ch->label, "value", ch->value, "selected",
               cat && strcmp(cat, ch->value) == 0 ? "" : NULL, NULL);
    h_close(&h, "select");
    h_close(&h, "label");
    h_elem(&h, "button", "筛选", "type", "submit", NULL);
    h_close(&h, "form");
    h_close(&h, "section");
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "p", arena_printf(req->a, "共 %lld 条", (long long)total), "class", "muted", NULL);
    if (n == 0)
        h_elem(&h, "p", "暂无公开信息。", NULL);
    h_open(&h, "ul", "class", "p-decisions", NULL);
    for (size_t i = 0; i < n; i++) {
        h_open(&h, "li", NULL);
        h_elem(&h, "a", it[i].title, "href",
               portal_href(req, &o, arena_printf(req->a, "/items/%lld", (long long)it[i].id)),
               NULL);
        h_elem(&h, "span", it[i].category_label, "class", "p-tag p-tag-blue", NULL);
        h_elem(&h, "p",
               arena_printf(req->a, "公开日期 %s%s", show_date(req, it[i].published_on),
                            it[i].nfiles ? arena_printf(req->a, " · 附件 %zu 个", it[i].nfiles)
                                         : ""),
               "class", "p-date", NULL);
        h_close(&h, "li");
    }
    h_close(&h, "ul");
    int pages = (int)((total + ITEMS_PER_PAGE - 1) / ITEMS_PER_PAGE);
    if (pages > 1) {
        h_open(&h, "nav", "class", "p-pager", "aria-label", "分页", NULL);
        const char *base = cat ? arena_printf(req->a, "/items?category=%s&page=", cat)
                               : "/items?page=";
        if (page > 1)
            h_elem(&h, "a", "上一页", "href",
                   portal_href(req, &o, arena_printf(req->a, "%s%d", base, page - 1)), NULL);
        h_elem(&h, "span", arena_printf(req->a, "第 %d / %d 页", page, pages), NULL);
        if (page < pages)
            h_elem(&h, "a", "下一页", "href",
                   portal_href(req, &o, arena_printf(req->a, "%s%d", base, page + 1)), NULL);
        h_close(&h, "nav");
    }
    h_close(&h, "section");
    portal_end(req, &h);
}

void portal_item(struct request *req, struct response *r)
{
    struct org o;
    if (!portal_org(req, r, 1, &o))
        return;
    struct proactive_item it;
    int64_t id = seg_id(req, 3);
    fz_err e = id ? disclosure_get_published(&req->ctx, o.id, id, &it) : FZ_ENOTFOUND;
    if (e) {
        if (e == FZ_ENOTFOUND)
            portal_error(req, r, &o, 404, "没有这条公开信息，它可能尚未公开或已撤回。");
        else
            http_error(req, r, e, NULL);
        return;
    }
    struct html h;
    portal_begin(req, r, &h, &o, it.title, "items");
    h_open(&h, "article", "class", "p-card p-prose", NULL);
    h_elem(&h, "h1", it.title, NULL);
    h_elem(&h, "p",
           arena_printf(req->a, "%s · 公开日期 %s", it.category_label,
                        show_date(req, it.published_on)),
           "class", "muted", NULL);
    /* the body keeps its paragraphs */
    const char *p = it.body ? it.body : "";
    while (*p) {
        size_t len = strcspn(p, "\n");
        if (len)
            h_elem(&h, "p", arena_strndup(req->a, p, len), NULL);
        p += len + (p[len] == '\n');
    }
    if (it.nfiles) {
        h_elem(&h, "h2", "附件", NULL);
        attachment_links(req, &h, &o, &it);
    }
    h_open(&h, "p", NULL);
    h_elem(&h, "a", "返回主动公开目录", "href", portal_href(req, &o, "/items"), NULL);
    h_close(&h, "p");
    h_close(&h, "article");
    portal_end(req, &h);
}

/* GET /p/<code>/items/<id>/files/<file>: an attachment of a published item. */
void portal_item_file(struct request *req, struct response *r)
{
    struct org o;
    if (!portal_org(req, r, 1, &o))
        return;
    struct proactive_item it;
    int64_t id = seg_id(req, 3), file = seg_id(req, 5);
    fz_err e = id && file ? disclosure_get_published(&req->ctx, o.id, id, &it) : FZ_ENOTFOUND;
    bool attached = false;
    for (size_t i = 0; !e && i < it.nfiles; i++)
        attached |= it.file_ids[i] == file;
    if (e == FZ_EDB) {
        http_error(req, r, e, NULL);
        return;
    }
    if (e || !attached) {
        portal_error(req, r, &o, 404, "没有这个附件。");
        return;
    }
    send_public_file(req, r, file);
}

/* GET /track/files/<file>?code=…: a file of the reply, for whoever holds the code. */
void portal_track_file(struct request *req, struct response *r)
{
    const char *code = req_query(req, "code");
    struct disclosure_status s;
    int64_t file = seg_id(req, 2);
    fz_err e = code && file ? disclosure_track(&req->ctx, code, &s) : FZ_ENOTFOUND;
    bool attached = false;
    for (size_t i = 0; !e && s.replied_on && i < s.nreply_files; i++)
        attached |= s.reply_file_ids[i] == file;
    if (e == FZ_EDB) {
        http_error(req, r, e, NULL);
        return;
    }
    if (e || !attached) {
        portal_error(req, r, NULL, 404, "没有这个答复附件，请核对查询码。");
        return;
    }
    send_public_file(req, r, file);
    resp_header_set(r, "Cache-Control", "no-store");
    resp_header(r, "Referrer-Policy", "no-referrer");
}
