/* portal_enforcement.c — a subdistrict's enforcement disclosure on the portal: before
 * enforcement (事前公开) its officers, matters with legal basis and discretion benchmarks,
 * procedures and remedies; after enforcement (事后公开) its penalty decisions, searchable,
 * with withdrawn ones shown as withdrawn. Everything comes from public.h. */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "http/handlers.h"
#include "http/layout.h"
#include "http/portal.h"
#include "modules/enforcement/public.h"
#include "core/banned.h"

#define DECISIONS_PER_PAGE 20

static void th_row(struct html *h, const char *const *heads, int n)
{
    h_open(h, "thead", NULL);
    h_open(h, "tr", NULL);
    for (int i = 0; i < n; i++)
        h_elem(h, "th", heads[i], "scope", "col", NULL);
    h_close(h, "tr");
    h_close(h, "thead");
}

static void td(struct html *h, const char *label, const char *text)
{
    h_elem(h, "td", text ? text : "", "data-label", label, NULL);
}

void portal_officers(struct request *req, struct response *r)
{
    struct org o;
    if (!portal_org(req, r, 1, &o))
        return;
    struct public_officer *of;
    int n;
    if (public_officers(&req->ctx, o.id, &of, &n)) {
        http_error(req, r, FZ_EDB, NULL);
        return;
    }
    struct html h;
    portal_begin(req, r, &h, &o, "执法主体与人员", "officers");
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "h1", "执法主体", NULL);
    h_open(&h, "dl", "class", "p-facts", NULL);
    h_elem(&h, "dt", "执法主体", NULL);
    h_elem(&h, "dd", arena_printf(req->a, "%s办事处", o.name), NULL);
    h_elem(&h, "dt", "职责和权限", NULL);
    h_elem(&h, "dd",
           "依法行使上级人民政府赋予街道的行政处罚权，以及与之相关的行政检查、行政强制措施；"
           "具体事项见“执法事项”。",
           NULL);
    h_elem(&h, "dt", "执法证件", NULL);
    h_elem(&h, "dd",
           "执法人员执行公务时不少于两人，并主动出示执法证件。执法证上的二维码可以用手机扫描核验。",
           NULL);
    h_close(&h, "dl");
    h_close(&h, "section");
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "h2", arena_printf(req->a, "执法人员（%d 名）", n), NULL);
    if (n == 0) {
        h_elem(&h, "p", "暂无持有效执法证的人员。", "class", "muted", NULL);
    } else {
        h_open(&h, "table", "class", "p-table", NULL);
        static const char *const heads[] = {"姓名", "执法证号", "所在机构", "发证机关",
                                            "有效期", "执法范围"};
        th_row(&h, heads, 6);
        h_open(&h, "tbody", NULL);
        for (int i = 0; i < n; i++) {
            h_open(&h, "tr", NULL);
            h_open(&h, "td", "data-label", "姓名", NULL);
            h_elem(&h, "a", of[i].name, "href", arena_printf(req->a, "/v/%lld",
                                                              (long long)of[i].id),
                   NULL);
            h_close(&h, "td");
            td(&h, "执法证号", of[i].number);
            td(&h, "所在机构", of[i].unit);
            td(&h, "发证机关", of[i].issuer);
            td(&h, "有效期", arena_printf(req->a, "%s 至 %s", show_date(req, of[i].valid_from),
                                          show_date(req, of[i].valid_until)));
            td(&h, "执法范围", of[i].scope);
            h_close(&h, "tr");
        }
        h_close(&h, "tbody");
        h_close(&h, "table");
    }
    h_close(&h, "section");
    portal_end(req, &h);
}

void portal_matters(struct request *req, struct response *r)
{
    struct org o;
    if (!portal_org(req, r, 1, &o))
        return;
    struct public_matter *m;
    int n;
    if (public_matters(&req->ctx, o.id, &m, &n)) {
        http_error(req, r, FZ_EDB, NULL);
        return;
    }
    struct html h;
    portal_begin(req, r, &h, &o, "执法事项", "matters");
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "h1", arena_printf(req->a, "执法事项（%d 项）", n), NULL);
    h_elem(&h, "p",
           "以下是本街道依法可以实施的行政处罚事项、设定依据、处罚依据和行政处罚裁量基准。"
           "罚款数额在裁量基准的幅度内依据违法情节确定。",
           "class", "lead", NULL);
    h_close(&h, "section");
    for (int i = 0; i < n; i++) {
        h_open(&h, "section", "class", "p-card p-matter", "id", m[i].code, NULL);
        h_open(&h, "h2", NULL);
        h_elem(&h, "span", m[i].code, "class", "p-code", NULL);
        h_text(&h, m[i].name);
        h_close(&h, "h2");
        h_open(&h, "dl", "class", "p-facts", NULL);
        h_elem(&h, "dt", "类别", NULL);
        h_elem(&h, "dd", m[i].category, NULL);
        h_elem(&h, "dt", "违法行为依据", NULL);
        h_elem(&h, "dd", m[i].legal_basis, NULL);
        h_elem(&h, "dt", "处罚依据", NULL);
        h_elem(&h, "dd", m[i].penalty_basis, NULL);
        h_elem(&h, "dt", "原主管部门", NULL);
        h_elem(&h, "dd", m[i].competent_body, NULL);
        if (m[i].delegation_basis) {
            h_elem(&h, "dt", "赋权依据", NULL);
            h_elem(&h, "dd", m[i].delegation_basis, NULL);
        }
        h_elem(&h, "dt", "施行日期", NULL);
        h_elem(&h, "dd", show_date(req, m[i].effective_from), NULL);
        h_close(&h, "dl");
        if (m[i].nbenchmarks) {
            h_open(&h, "table", "class", "p-table", NULL);
            h_elem(&h, "caption", "裁量基准", NULL);
            static const char *const heads[] = {"裁量档次", "适用对象", "罚款幅度", "适用情形"};
            th_row(&h, heads, 4);
            h_open(&h, "tbody", NULL);
            for (int k = 0; k < m[i].nbenchmarks; k++) {
                const struct public_benchmark *b = &m[i].benchmarks[k];
                h_open(&h, "tr", NULL);
                td(&h, "裁量档次", b->tier);
                td(&h, "适用对象", b->party_kind);
                td(&h, "罚款幅度",
                   arena_printf(req->a, "%s 至 %s", b->fine_min ? b->fine_min : "—",
                                b->fine_max ? b->fine_max : "—"));
                td(&h, "适用情形", b->circumstances);
                h_close(&h, "tr");
            }
            h_close(&h, "tbody");
            h_close(&h, "table");
        }
        h_close(&h, "section");
    }
    portal_end(req, &h);
}

/* Headings and paragraphs of the procedures page: the product's own summary of the law. */
static const char *const procedure_text[][2] = {
    {"h2", "简易程序（当场处罚）"},
    {"p", "违法事实确凿并有法定依据，对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告的，"
          "执法人员可以当场作出处罚决定，并出示执法证件、填写预定格式的决定书当场交付当事人。"},
    {"h2", "普通程序"},
    {"p", "立案后，两名以上执法人员调查取证；拟作出处罚前，书面告知当事人拟处罚的内容、事实、理由、依据，"
          "以及陈述、申辩和要求听证的权利。当事人的陈述申辩不会导致加重处罚。"
          "重大案件依法经过法制审核和集体讨论。一般自立案之日起九十日内作出决定。"},
    {"h2", "听证"},
    {"p", "拟作出较大数额罚款、没收较大数额违法所得、降低资质等级、责令停产停业、吊销许可证件等处罚的，"
          "当事人可以在被告知后五个工作日内要求听证，听证不收取费用。"},
    {"h2", "复议和诉讼"},
    {"p", "对行政处罚决定不服的，可以自知道该决定之日起六十日内申请行政复议，"
          "或者自知道之日起六个月内向人民法院提起行政诉讼。申请复议、提起诉讼期间，处罚决定一般不停止执行。"},
    {"h2", "投诉和举报"},
    {"p", "认为执法人员有违法或者不当行为的，可以向本街道办事处或者区司法行政部门投诉、举报，"
          "也可以通过政务服务便民热线反映。受理后依法调查处理，并告知处理结果。"},
};

void portal_procedures(struct request *req, struct response *r)
{
    struct org o;
    if (!portal_org(req, r, 1, &o))
        return;
    struct html h;
    portal_begin(req, r, &h, &o, "程序与救济", "procedures");
    h_open(&h, "section", "class", "p-card p-prose", NULL);
    h_elem(&h, "h1", "执法程序与救济途径", NULL);
    for (size_t i = 0; i < sizeof procedure_text / sizeof procedure_text[0]; i++)
        h_elem(&h, procedure_text[i][0], procedure_text[i][1], NULL);
    h_close(&h, "section");
    portal_end(req, &h);
}

void portal_decision_rows(struct request *req, struct html *h, const struct org *o,
                          const struct public_decision *d, int n)
{
    h_open(h, "ul", "class", "p-decisions", NULL);
    for (int i = 0; i < n; i++) {
        bool withdrawn = strcmp(d[i].state, "withdrawn") == 0;
        h_open(h, "li", "class", withdrawn ? "withdrawn" : NULL, NULL);
        h_open(h, "a", "href",
               portal_href(req, o, arena_printf(req->a, "/decisions/%lld", (long long)d[i].id)),
               NULL);
        h_elem(h, "strong", d[i].decision_number, NULL);
        if (withdrawn)
            h_elem(h, "span", "已撤下", "class", "p-tag", NULL);
        else if (d[i].revoked_note)
            h_elem(h, "span", "待撤下", "class", "p-tag", NULL);
        h_close(h, "a");
        h_open(h, "p", NULL);
        if (withdrawn)
            h_text(h, d[i].revoked_note);
        else
            h_textf(h, "%s　%s　%s", d[i].party ? d[i].party : "",
                    d[i].act_summary ? d[i].act_summary : "", d[i].penalty ? d[i].penalty : "");
        h_close(h, "p");
        h_elem(h, "span", arena_printf(req->a, "决定日期 %s", show_date(req, d[i].decided_on)),
               "class", "p-date", NULL);
        h_close(h, "li");
    }
    h_close(h, "ul");
}

/* The filter from the query string; false with *why when a value is malformed. */
static bool read_filter(struct request *req, struct decision_filter *f, int *page,
                        const char **why)
{
    memset(f, 0, sizeof *f);
    int d;
    const char *v;
    if ((v = req_query(req, "from")) && *v) {
        if (date_parse(v, &d))
            return *why = "开始日期应为 年-月-日，如 2026-01-01", false;
        f->from = v;
    }
    if ((v = req_query(req, "to")) && *v) {
        if (date_parse(v, &d))
            return *why = "结束日期应为 年-月-日，如 2026-12-31", false;
        f->to = v;
    }
    if ((v = req_query(req, "matter")) && *v) {
        if (!parse_id(v, &f->matter))
            return *why = "执法事项无效", false;
    }
    if ((v = req_query(req, "party_kind")) && *v) {
        if (strcmp(v, "citizen") != 0 && strcmp(v, "organisation") != 0)
            return *why = "当事人类型无效", false;
        f->party_kind = v;
    }
    if ((v = req_query(req, "q")) && *v) {
        if (strlen(v) > 100)
            return *why = "关键词过长（最多 100 字节）", false;
        f->q = v;
    }
    *page = 1;
    if ((v = req_query(req, "page")) && *v) {
        char *end;
        long p = strtol(v, &end, 10);
        if (*end || p < 1 || p > 100000)
            return *why = "页码无效", false;
        *page = (int)p;
    }
    f->limit = DECISIONS_PER_PAGE;
    f->offset = (*page - 1) * DECISIONS_PER_PAGE;
    return true;
}

static void search_form(struct request *req, struct html *h, const struct org *o,
                        const struct decision_filter *f)
{
    struct public_matter *m;
    int n;
    if (public_matters(&req->ctx, o->id, &m, &n))
        n = 0;
    h_open(h, "form", "method", "get", "action", portal_href(req, o, "/decisions"), "class",
           "p-search", "role", "search", NULL);
    h_open(h, "label", NULL);
    h_text(h, "关键词");
    h_void(h, "input", "type", "search", "name", "q", "value", f->q, "maxlength", "50",
           "placeholder", "决定书文号或违法行为", NULL);
    h_close(h, "label");
    h_open(h, "label", NULL);
    h_text(h, "决定日期自");
    h_void(h, "input", "type", "date", "name", "from", "value", f->from, NULL);
    h_close(h, "label");
    h_open(h, "label", NULL);
    h_text(h, "至");
    h_void(h, "input", "type", "date", "name", "to", "value", f->to, NULL);
    h_close(h, "label");
    h_open(h, "label", NULL);
    h_text(h, "执法事项");
    h_open(h, "select", "name", "matter", NULL);
    h_elem(h, "option", "全部", "value", "", NULL);
    for (int i = 0; i < n; i++)
        h_elem(h, "option", m[i].name, "value", arena_printf(req->a, "%lld", (long long)m[i].id),
               "selected", f->matter == m[i].id ? "" : NULL, NULL);
    h_close(h, "select");
    h_close(h, "label");
    h_open(h, "label", NULL);
    h_text(h, "当事人类型");
    h_open(h, "select", "name", "party_kind", NULL);
    static const char *const kinds[][2] = {
        {"", "全部"}, {"citizen", "公民"}, {"organisation", "法人或其他组织"}};
    for (int i = 0; i < 3; i++)
        h_elem(h, "option", kinds[i][1], "value", kinds[i][0], "selected",
               (f->party_kind ? strcmp(f->party_kind, kinds[i][0]) == 0 : i == 0) ? "" : NULL,
               NULL);
    h_close(h, "select");
    h_close(h, "label");
    h_elem(h, "button", "查询", "type", "submit", NULL);
    h_close(h, "form");
}

/* "?q=…&page=N" keeping the filter, for the pager. */
static const char *page_link(struct request *req, const struct org *o,
                             const struct decision_filter *f, int page)
{
    buf b;
    buf_init(&b, 0);
    buf_puts(&b, "/decisions?page=");
    buf_printf(&b, "%d", page);
    const char *keys[] = {"q", "from", "to", "party_kind"};
    const char *vals[] = {f->q, f->from, f->to, f->party_kind};
    for (int i = 0; i < 4; i++)
        if (vals[i]) {
            buf_printf(&b, "&%s=", keys[i]);
            buf_put_url(&b, vals[i]);
        }
    if (f->matter)
        buf_printf(&b, "&matter=%lld", (long long)f->matter);
    const char *s = portal_href(req, o, b.p);
    buf_release(&b);
    return s;
}

void portal_decisions(struct request *req, struct response *r)
{
    struct org o;
    if (!portal_org(req, r, 1, &o))
        return;
    struct decision_filter f;
    int page;
    const char *why = NULL;
    if (!read_filter(req, &f, &page, &why)) {
        portal_error(req, r, &o, 400, why);
        return;
    }
    struct public_decision *d;
    int n, total;
    if (public_decisions(&req->ctx, o.id, &f, &d, &n, &total)) {
        http_error(req, r, FZ_EDB, NULL);
        return;
    }
    struct html h;
    portal_begin(req, r, &h, &o, "处罚决定公开", "decisions");
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "h1", "行政处罚决定公开", NULL);
    h_elem(&h, "p",
           "行政处罚决定自作出之日起七个工作日内公开；决定被依法撤销、变更的，三个工作日内撤下并说明。"
           "公民的姓名已部分隐去，身份证件号码、住址、电话不予公开。",
           "class", "lead", NULL);
    search_form(req, &h, &o, &f);
    h_close(&h, "section");
    h_open(&h, "section", "class", "p-card", NULL);
    h_elem(&h, "p", arena_printf(req->a, "共 %d 件", total), "class", "muted", NULL);
    if (n == 0)
        h_elem(&h, "p", "没有符合条件的处罚决定。", NULL);
    else
        portal_decision_rows(req, &h, &o, d, n);
    int pages = (total + DECISIONS_PER_PAGE - 1) / DECISIONS_PER_PAGE;
    if (pages > 1) {
        h_open(&h, "nav", "class", "p-pager", "aria-label", "分页", NULL);
        if (page > 1)
            h_elem(&h, "a", "上一页", "href", page_link(req, &o, &f, page - 1), "rel", "prev",
                   NULL);
        h_elem(&h, "span", arena_printf(req->a, "第 %d / %d 页", page, pages), NULL);
        if (page < pages)
            h_elem(&h, "a", "下一页", "href", page_link(req, &o, &f, page + 1), "rel", "next",
                   NULL);
        h_close(&h, "nav");
    }
    h_close(&h, "section");
    portal_end(req, &h);
}

static void fact(struct html *h, const char *k, const char *v)
{
    if (!v)
        return;
    h_elem(h, "dt", k, NULL);
    h_elem(h, "dd", v, NULL);
}

void portal_decision(struct request *req, struct response *r)
{
    struct org o;
    if (!portal_org(req, r, 1, &o))
        return;
    int64_t id;
    struct public_decision d;
    fz_err e = parse_id(req->seg[3], &id) ? public_decision(&req->ctx, o.id, id, &d) : FZ_ENOTFOUND;
    if (e) {
        if (e == FZ_ENOTFOUND)
            portal_error(req, r, &o, 404, "没有这份公开的处罚决定，它可能尚未公开。");
        else
            http_error(req, r, e, NULL);
        return;
    }
    struct html h;
    portal_begin(req, r, &h, &o, d.decision_number, "decisions");
    h_open(&h, "article", "class", "p-card", NULL);
    h_elem(&h, "h1", d.decision_number, NULL);
    if (d.revoked_note)
        h_notice(&h, "info", d.revoked_note);
    h_open(&h, "dl", "class", "p-facts", NULL);
    fact(&h, "执法机关", d.body);
    fact(&h, "承办机构", d.unit);
    fact(&h, "当事人", d.party);
    fact(&h, "当事人类型", d.party_kind);
    fact(&h, "统一社会信用代码", d.uscc);
    fact(&h, "执法事项", d.matter);
    fact(&h, "违法行为", d.act_summary);
    fact(&h, "处罚依据", d.legal_basis);
    fact(&h, "处罚种类", d.penalty);
    fact(&h, "罚款数额", d.fine);
    fact(&h, "决定日期", show_date(req, d.decided_on));
    fact(&h, "公开日期", d.published_on ? show_date(req, d.published_on) : NULL);
    fact(&h, "撤下日期", d.withdrawn_on ? show_date(req, d.withdrawn_on) : NULL);
    h_close(&h, "dl");
    h_open(&h, "p", NULL);
    h_elem(&h, "a", "返回处罚决定列表", "href", portal_href(req, &o, "/decisions"), NULL);
    h_close(&h, "p");
    h_close(&h, "article");
    portal_end(req, &h);
}
