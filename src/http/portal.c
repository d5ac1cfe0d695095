/* portal.c — the public portal at "/". Until the portal issue lands, it introduces the
 * platform and links to the staff sign-in. */
#include "http/handlers.h"
#include "http/layout.h"
#include "core/banned.h"

void portal_home(struct request *req, struct response *r)
{
    struct html h;
    page_begin_bare(r, &h, "政务公开");
    h_open(&h, "header", "class", "portal-head", NULL);
    h_elem(&h, "span", "法", "class", "seal", "aria-hidden", "true", NULL);
    h_elem(&h, "strong", "街道法治政府建设", NULL);
    h_close(&h, "header");
    h_open(&h, "main", "class", "bare-card", NULL);
    h_elem(&h, "h1", "欢迎访问", NULL);
    h_elem(&h, "p",
           "本平台用于街道依法行政工作：重点工作任务、行政执法、重大决策、矛盾纠纷化解、"
           "普法宣传和政务公开。面向公众的公开栏目正在建设中。",
           NULL);
    h_open(&h, "p", NULL);
    h_elem(&h, "a", "工作人员登录", "href", "/app/signin", "class", "button primary", NULL);
    h_close(&h, "p");
    page_end(req, &h);
}
