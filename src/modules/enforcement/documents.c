/* documents.c — enforcement documents (执法文书) made from a penalty case's record: the
 * filing approval form (立案审批表), the prior notice (行政处罚事先告知书, RULES.md §1
 * art.44), the penalty decision (行政处罚决定书, art.59), the no-penalty decision (不予行政
 * 处罚决定书, art.57, 33) and the service receipt (送达回证, art.61).
 *
 * Each document is made only in the states where it makes sense, from the record's own
 * data: a required element that is missing refuses the document, naming the element,
 * rather than printing a blank. A made document is stored as a content-addressed file and
 * recorded as a case_documents row (immutable, audited); making it again adds a new row. */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "docs/pdfdoc.h"
#include "engine/files.h"
#include "engine/history.h"
#include "engine/people.h"
#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

const struct choice case_document_kinds[] = {
#define DOC_CHOICE(e, id, label) {id, label},
    CASE_DOCUMENT_LIST(DOC_CHOICE)
#undef DOC_CHOICE
        {NULL, NULL}};

/* ---- the entity -------------------------------------------------------------------------- */

static const struct field document_fields[] = {
    {"penalty_case", "所属案件", FT_REF, F_REQUIRED | F_FIXED | F_LIST, .ref = "penalty_cases"},
    {"kind", "文书种类", FT_ENUM, F_REQUIRED | F_LIST | F_FILTER, .choices = case_document_kinds},
    {"title", "文书名称", FT_TEXT, F_REQUIRED | F_SEARCH, 2, 200},
    {"edition", "版次", FT_INT, F_REQUIRED | F_LIST, 1, 1000,
     .help = "同一案件同一种文书每制作一次加一，旧版本保留"},
    {"file", "文件", FT_FILES, F_REQUIRED | F_LIST, 1, 1},
    {"generated_on", "制作时间", FT_DATETIME, F_REQUIRED | F_LIST | F_SORT},
    {"generated_by", "制作人", FT_USER, F_REQUIRED | F_LIST},
};

const struct entity entity_case_documents = {
    .name = "case_documents",
    .label = "执法文书",
    .fields = document_fields,
    .nfields = sizeof document_fields / sizeof document_fields[0],
    .title_field = "title",
    .parent_field = "penalty_case",
    /* they carry the party's name and address: read by those who may read parties */
    .read_roles = R(ROLE_ADMIN) | R(ROLE_LEADER) | R(ROLE_STAFF) | R(ROLE_OFFICER) |
                  R(ROLE_LEGAL_REVIEWER) | R(ROLE_SUPERVISOR),
    .audit_reads = true,
    /* made only by case_document_generate, from the case's data: never by a form or a
     * client's JSON (no role creates them directly) */
    .create_roles = 0,
    .update_roles = 0,
    .default_sort = "-generated_on",
    .immutable = true,
};

/* ---- the case's data --------------------------------------------------------------------- */

struct case_data {
    const struct record *rec;
    const char *body, *dept, *case_number, *filed_on, *source, *act_summary, *facts;
    const char *location, *occurred_on, *procedure;
    const char *party_name, *party_address, *party_uscc, *party_rep;
    bool party_org;
    const char *matter_name, *legal_basis, *penalty_basis;
    const char *officers, *approver, *proposed, *decided, *performance, *remedy;
    const char *decision_number, *decided_on, *no_penalty_reason, *notice_on;
    const char *served_on, *service_method, *statement;
    const char **evidence;
    size_t nevidence;
    bool hearing_right;
    int day; /* the document's date */
};

static const char *text_of(const struct record *r, const char *name)
{
    const struct value *v = r ? guard_field(r, name) : NULL;
    return v && v->s && *v->s ? v->s : NULL;
}

static const char *label_of(const struct record *r, const char *name)
{
    const struct value *v = r ? guard_field(r, name) : NULL;
    return v && v->label && *v->label ? v->label : NULL;
}

static const char *cn_date(struct ctx *c, const struct record *r, const char *name, int *day)
{
    const struct value *v = guard_field(r, name);
    if (!v)
        return NULL;
    char out[24];
    date_format_cn((int)v->i, out);
    if (day)
        *day = (int)v->i;
    return arena_strdup(c->a, out);
}

/* "罚款人民币 1500.00 元" from a kind and an amount field. */
static const char *penalty_text(struct ctx *c, const struct record *r, const char *kind_field,
                                const char *amount_field)
{
    const struct value *k = guard_field(r, kind_field);
    const struct value *m = guard_field(r, amount_field);
    if (!k)
        return NULL;
    int kind = penalty_kind_parse(k->s);
    if (kind == PK_FINE || kind == PK_CONFISCATION) {
        if (!m || m->i <= 0)
            return NULL;
        return arena_printf(c->a, "%s人民币%s元", kind == PK_FINE ? "罚款" : "没收违法所得、非法财物，计",
                            m->s);
    }
    return kind > PK_NONE ? k->label : NULL;
}

/* The issuing body: the subdistrict office (街道办事处) the case belongs to. */
static const char *body_name(struct ctx *c, int64_t tenant)
{
    struct org o;
    if (org_by_id(c, tenant, &o) || !o.name || !*o.name)
        return NULL;
    size_t n = strlen(o.name), s = strlen("街道");
    if (n >= s && strcmp(o.name + n - s, "街道") == 0)
        return arena_printf(c->a, "%s办事处", o.name);
    return o.name;
}

/* Who approved the filing: the actor of the case's "file" step. */
static const char *approver_of(struct ctx *c, const struct record *rec)
{
    struct ctx sys = *c;
    sys.actor = &actor_system;
    struct history_item *items;
    size_t n;
    if (history_load(&sys, rec->e, rec->id, &items, &n))
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(items[i].action, "penalty_cases.file") == 0)
            return items[i].actor;
    return NULL;
}

static int64_t threshold(struct ctx *c, int64_t tenant, const char *key, int64_t fallback)
{
    stmt *st = db_prepare(c->db, "SELECT amount FROM thresholds WHERE org_id = ? AND key = ? "
                                 "ORDER BY id DESC LIMIT 1");
    if (!st)
        return fallback;
    db_bind_int(st, 1, tenant);
    db_bind_text(st, 2, key);
    int64_t v = db_step(st) == DB_ROW ? db_col_int(st, 0) : fallback;
    db_done(st);
    return v;
}

static fz_err load_data(struct ctx *c, const struct record *rec, struct case_data *d)
{
    memset(d, 0, sizeof *d);
    d->rec = rec;
    d->body = body_name(c, rec->org_id);
    d->dept = label_of(rec, "department");
    d->case_number = text_of(rec, "case_number");
    d->filed_on = cn_date(c, rec, "filed_on", NULL);
    d->source = label_of(rec, "source");
    d->act_summary = text_of(rec, "act_summary");
    d->facts = text_of(rec, "facts");
    d->location = text_of(rec, "location");
    d->occurred_on = cn_date(c, rec, "occurred_on", NULL);
    d->procedure = text_of(rec, "procedure");
    d->proposed = penalty_text(c, rec, "proposed_penalty", "proposed_fine");
    d->decided = penalty_text(c, rec, "decided_penalty", "decided_fine");
    d->performance = text_of(rec, "performance");
    d->remedy = text_of(rec, "remedy");
    d->decision_number = text_of(rec, "decision_number");
    d->decided_on = cn_date(c, rec, "decided_on", NULL);
    d->no_penalty_reason = label_of(rec, "no_penalty_reason");
    d->notice_on = cn_date(c, rec, "notice_served_on", NULL);
    d->served_on = cn_date(c, rec, "served_on", NULL);
    d->service_method = label_of(rec, "service_method");
    d->statement = text_of(rec, "statement_summary");
    /* the party, the matter and the officers, read whole (the case's reader may read them
     * through it) */
    struct record *party = NULL, *matter = NULL;
    const struct value *pv = guard_field(rec, "party"), *mv = guard_field(rec, "matter");
    if (pv && record_load(c, &entity_parties, pv->i, &party))
        return ctx_fail(c, FZ_EDB, NULL, NULL);
    if (mv && record_load(c, &entity_matters, mv->i, &matter))
        return ctx_fail(c, FZ_EDB, NULL, NULL);
    d->party_name = text_of(party, "name");
    d->party_address = text_of(party, "address");
    const char *pk = text_of(party, "kind");
    d->party_org = pk && strcmp(pk, "organisation") == 0;
    d->party_uscc = text_of(party, "uscc");
    d->party_rep = text_of(party, "legal_representative");
    d->matter_name = text_of(matter, "name");
    d->legal_basis = text_of(matter, "legal_basis");
    d->penalty_basis = text_of(matter, "penalty_basis");
    const struct value *ov = guard_field(rec, "officers");
    buf b;
    buf_init(&b, 4096);
    for (size_t i = 0; ov && i < ov->n; i++)
        buf_printf(&b, "%s%s", i ? "、" : "", ov->labels[i] ? ov->labels[i] : "");
    d->officers = b.len && !b.err ? arena_strdup(c->a, b.p) : NULL;
    buf_release(&b);
    d->approver = approver_of(c, rec);
    /* the evidence, in the order it was collected */
    stmt *st = db_prepare(c->db, "SELECT kind, description FROM evidence WHERE penalty_case = ? "
                                 "ORDER BY collected_at, id");
    if (!st)
        return ctx_fail(c, FZ_EDB, NULL, NULL);
    db_bind_int(st, 1, rec->id);
    size_t cap = 8;
    d->evidence = arena_calloc(c->a, cap, sizeof *d->evidence);
    const struct field *kf = entity_field(&entity_evidence, "kind");
    while (db_step(st) == DB_ROW) {
        if (d->nevidence == cap) {
            const char **more = arena_calloc(c->a, cap * 2, sizeof *more);
            memcpy(more, d->evidence, cap * sizeof *more);
            d->evidence = more;
            cap *= 2;
        }
        d->evidence[d->nevidence++] =
            arena_printf(c->a, "%s：%s", enum_label(kf, db_col_text(st, 0)), db_col_text(st, 1));
    }
    db_done(st);
    /* RULES.md §1 art.63: the hearing right is stated where the proposal is eligible */
    const struct value *k = guard_field(rec, "proposed_penalty");
    const struct value *fine = guard_field(rec, "proposed_fine");
    int kind = k ? penalty_kind_parse(k->s) : -1;
    if (kind >= 0)
        d->hearing_right = hearing_eligible(
            (enum penalty_kind)kind, fine ? fine->i : 0, d->party_org,
            threshold(c, rec->org_id, THRESHOLD_HEARING_CITIZEN, DEFAULT_HEARING_CITIZEN_FEN),
            threshold(c, rec->org_id, THRESHOLD_HEARING_ORG, DEFAULT_HEARING_ORG_FEN));
    return FZ_OK;
}

/* ---- when a document may be made --------------------------------------------------------- */

#define AFTER_FILING                                                                               \
    "investigating reviewing notified hearing decided served executed closed archived "            \
    "transferring transferred revoked"
#define AFTER_DECISION "decided served executed closed archived"

struct element {
    const char *label, *value;
};

static const char *missing(struct ctx *c, const char *doc, const struct element *els, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!els[i].value || !*els[i].value)
            return arena_printf(c->a, "无法制作《%s》：缺少“%s”。请先在案件中补充后再制作。", doc,
                                els[i].label);
    return NULL;
}
#define MISSING(c, doc, ...)                                                                       \
    missing(c, doc, (const struct element[]){__VA_ARGS__},                                         \
            sizeof((const struct element[]){__VA_ARGS__}) / sizeof(struct element))

static const char *state_label(const struct record *r)
{
    return wf_state_label(r->e->workflow, r->status);
}

static const char *refuse_filing(struct ctx *c, const struct case_data *d)
{
    const struct record *r = d->rec;
    if (d->procedure && strcmp(d->procedure, "summary") == 0)
        return "简易程序（当场处罚）案件不立案，没有立案审批表";
    if (!wf_state_in(AFTER_FILING, r->status))
        return arena_printf(c->a, "立案审批表在批准立案后才能制作（案件当前状态：%s）",
                            state_label(r));
    return MISSING(c, "立案审批表", {"案件编号", d->case_number}, {"案件来源", d->source},
                   {"当事人", d->party_name}, {"案由", d->act_summary}, {"执法事项", d->matter_name},
                   {"执法人员", d->officers}, {"立案日期", d->filed_on}, {"承办机构", d->dept},
                   {"批准立案人", d->approver}, {"行政机关名称", d->body});
}

static const char *refuse_notice(struct ctx *c, const struct case_data *d)
{
    const struct record *r = d->rec;
    if (d->procedure && strcmp(d->procedure, "summary") == 0)
        return "简易程序（当场处罚）案件当场告知，不制作事先告知书";
    const char *dk = text_of(r, "decision_kind");
    if (dk && strcmp(dk, "no_penalty") == 0)
        return "本案作出不予行政处罚决定，没有事先告知书";
    if (!wf_state_in("reviewing notified hearing " AFTER_DECISION " revoked", r->status))
        return arena_printf(c->a, "事先告知书在调查终结、提出拟处罚意见后才能制作（案件当前状态：%s）",
                            state_label(r));
    const char *reason = text_of(r, "legal_review_reason");
    const struct value *passed = guard_field(r, "legal_review_passed");
    if (!d->notice_on && reason && strcmp(reason, "none") != 0 && !(passed && passed->i))
        return "本案属于法制审核范围，法制审核通过后才能制作事先告知书（行政处罚法第五十八条）";
    return MISSING(c, "行政处罚事先告知书", {"案件编号", d->case_number},
                   {"当事人姓名或名称", d->party_name}, {"当事人住所或地址", d->party_address},
                   {"违法事实", d->facts}, {"违反的法律规定（执法事项的法律依据）", d->legal_basis},
                   {"处罚依据", d->penalty_basis}, {"拟作出的行政处罚", d->proposed},
                   {"行政机关名称", d->body});
}

static const char *refuse_decided(struct ctx *c, const struct case_data *d, const char *kind,
                                  const char *doc)
{
    const struct record *r = d->rec;
    if (strcmp(r->status, "revoked") == 0)
        return arena_printf(c->a, "本案决定已撤销，不再制作《%s》", doc);
    const char *dk = text_of(r, "decision_kind");
    if (!wf_state_in(AFTER_DECISION, r->status) || !dk)
        return arena_printf(c->a, "《%s》在作出决定后才能制作（案件当前状态：%s）", doc,
                            state_label(r));
    if (strcmp(dk, kind) != 0)
        return strcmp(kind, "penalty") == 0
                   ? "本案作出的是不予行政处罚决定，请制作不予行政处罚决定书"
                   : "本案作出的是行政处罚决定，请制作行政处罚决定书";
    return NULL;
}

static const char *refuse_decision(struct ctx *c, const struct case_data *d)
{
    const char *why = refuse_decided(c, d, "penalty", "行政处罚决定书");
    if (why)
        return why;
    /* RULES.md §1 art.59: every element of the decision */
    return MISSING(c, "行政处罚决定书", {"决定书文号", d->decision_number},
                   {"当事人姓名或名称", d->party_name}, {"当事人住所或地址", d->party_address},
                   {"违法事实", d->facts}, {"证据", d->nevidence ? "有" : NULL},
                   {"违反的法律规定（执法事项的法律依据）", d->legal_basis},
                   {"处罚依据", d->penalty_basis}, {"处罚种类和数额", d->decided},
                   {"履行方式和期限", d->performance}, {"救济途径和期限", d->remedy},
                   {"行政机关名称", d->body}, {"决定日期", d->decided_on});
}

static const char *refuse_no_penalty(struct ctx *c, const struct case_data *d)
{
    const char *why = refuse_decided(c, d, "no_penalty", "不予行政处罚决定书");
    if (why)
        return why;
    return MISSING(c, "不予行政处罚决定书", {"决定书文号", d->decision_number},
                   {"当事人姓名或名称", d->party_name}, {"当事人住所或地址", d->party_address},
                   {"违法事实", d->facts}, {"违反的法律规定（执法事项的法律依据）", d->legal_basis},
                   {"不予处罚理由", d->no_penalty_reason}, {"救济途径和期限", d->remedy},
                   {"行政机关名称", d->body}, {"决定日期", d->decided_on});
}

static const char *refuse_service(struct ctx *c, const struct case_data *d)
{
    const struct record *r = d->rec;
    if (strcmp(r->status, "revoked") == 0)
        return "本案决定已撤销，不再制作送达回证";
    if (!wf_state_in(AFTER_DECISION, r->status))
        return arena_printf(c->a, "送达回证在作出决定后才能制作（案件当前状态：%s）",
                            state_label(r));
    return MISSING(c, "送达回证", {"送达文书文号", d->decision_number},
                   {"受送达人", d->party_name}, {"送达地点（当事人住所或地址）", d->party_address},
                   {"行政机关名称", d->body});
}

/* ---- the documents ----------------------------------------------------------------------- */

static void heading(struct pdfdoc *p, const struct case_data *d, const char *doc,
                    const char *number)
{
    pdfdoc_title(p, d->body);
    pdfdoc_title(p, doc);
    if (number)
        pdfdoc_line(p, PDF_CENTER, number);
    pdfdoc_space(p, 4);
}

static void party_lines(struct ctx *c, struct pdfdoc *p, const struct case_data *d)
{
    pdfdoc_line(p, PDF_LEFT, arena_printf(c->a, "当事人：%s", d->party_name));
    if (d->party_org && d->party_uscc)
        pdfdoc_line(p, PDF_LEFT, arena_printf(c->a, "统一社会信用代码：%s", d->party_uscc));
    if (d->party_org && d->party_rep)
        pdfdoc_line(p, PDF_LEFT, arena_printf(c->a, "法定代表人（负责人）：%s", d->party_rep));
    pdfdoc_line(p, PDF_LEFT, arena_printf(c->a, "住所（地址）：%s", d->party_address));
}

static void signature(struct ctx *c, struct pdfdoc *p, const struct case_data *d, int day)
{
    char on[24];
    date_format_cn(day, on);
    /* the body and the date stay together, on the page of the text's end if they fit */
    pdfdoc_keep(p, 28);
    pdfdoc_space(p, 6);
    pdfdoc_line(p, PDF_RIGHT, arena_printf(c->a, "%s（印章）", d->body));
    pdfdoc_line(p, PDF_RIGHT, on);
}

/* The remedy as the decision recorded it, and the statutory periods if it left them out
 * (行政复议法 sixty days, 行政诉讼法 art.46 six months; RULES.md §1 "Related"). */
static const char *remedy_text(struct ctx *c, const char *recorded)
{
    bool review = strstr(recorded, "六十日") || strstr(recorded, "60日") ||
                  strstr(recorded, "60 日");
    bool suit = strstr(recorded, "六个月") || strstr(recorded, "6个月") ||
                strstr(recorded, "6 个月");
    const char *law = "如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到"
                      "本决定书之日起六个月内依法向人民法院提起行政诉讼。";
    return review && suit ? recorded : arena_printf(c->a, "%s%s", recorded, law);
}

/* The act summary after "当事人" (staff often begin it so): "当事人在…" reads once. */
static const char *act_of(const char *summary)
{
    static const char party[] = "当事人";
    return summary && strncmp(summary, party, sizeof party - 1) == 0 ? summary + sizeof party - 1
                                                                    : summary;
}

static void build_filing(struct ctx *c, struct pdfdoc *p, const struct case_data *d)
{
    heading(p, d, "立案审批表", NULL);
    const char *labels[] = {"案件编号", "案件来源", "当事人", "案由", "执法事项", "违法行为发生",
                            "承办机构", "执法人员", "立案日期", "批准立案人"};
    const char *values[] = {
        d->case_number,
        d->source,
        d->party_org && d->party_uscc
            ? arena_printf(c->a, "%s（统一社会信用代码 %s）", d->party_name, d->party_uscc)
            : d->party_name,
        d->act_summary,
        d->matter_name,
        d->location ? arena_printf(c->a, "%s，%s", d->occurred_on ? d->occurred_on : "",
                                   d->location)
                    : d->occurred_on,
        d->dept,
        d->officers,
        d->filed_on,
        arena_printf(c->a, "%s（%s批准立案）", d->approver, d->filed_on),
    };
    pdfdoc_table(p, labels, values, sizeof labels / sizeof labels[0], 12);
    pdfdoc_para(p, "本案经审查，有违法事实，属于本机关管辖，且在追责时效内，符合立案条件，"
                   "依照《中华人民共和国行政处罚法》第五十四条第二款的规定批准立案。");
}

static void build_notice(struct ctx *c, struct pdfdoc *p, const struct case_data *d)
{
    heading(p, d, "行政处罚事先告知书", arena_printf(c->a, "案件编号：%s", d->case_number));
    party_lines(c, p, d);
    pdfdoc_space(p, 2);
    pdfdoc_para(p, arena_printf(c->a, "本机关于%s对你（单位）%s一案立案调查，现已调查终结。"
                                      "根据《中华人民共和国行政处罚法》第四十四条的规定，现将本机关"
                                      "拟作出行政处罚的内容及事实、理由、依据告知如下：",
                                d->filed_on ? d->filed_on : "", act_of(d->act_summary)));
    pdfdoc_para_lead(p, "一、违法事实：", d->facts);
    pdfdoc_para_lead(p, "二、理由和依据：",
                     arena_printf(c->a, "你（单位）的上述行为违反了%s的规定。依据%s的规定，"
                                       "本机关拟对你（单位）作出行政处罚。",
                                  d->legal_basis, d->penalty_basis));
    pdfdoc_para_lead(p, "三、拟作出的行政处罚：", arena_printf(c->a, "%s。", d->proposed));
    pdfdoc_para_lead(
        p, "四、你（单位）享有的权利：",
        arena_printf(c->a,
                     "依据《中华人民共和国行政处罚法》第四十五条的规定，你（单位）有权进行陈述和申"
                     "辩，可以在收到本告知书之日起%s个工作日内向本机关提出陈述、申辩意见；逾期未提出"
                     "的，视为放弃此权利。本机关不因你（单位）陈述、申辩而给予更重的处罚。%s",
                     "五",
                     d->hearing_right
                         ? "依据该法第六十三条、第六十四条的规定，你（单位）有权要求举行听证，"
                           "应当在收到本告知书之日起五个工作日内提出；逾期未提出的，视为放弃听证"
                           "权利。听证不收取费用。"
                         : ""));
    if (d->dept)
        pdfdoc_para(p, arena_printf(c->a, "承办机构：%s。", d->dept));
    signature(c, p, d, d->day);
}

static void build_decision(struct ctx *c, struct pdfdoc *p, const struct case_data *d)
{
    heading(p, d, "行政处罚决定书", d->decision_number);
    party_lines(c, p, d);
    pdfdoc_space(p, 2);
    bool summary = d->procedure && strcmp(d->procedure, "summary") == 0;
    if (summary)
        pdfdoc_para(p, arena_printf(c->a, "当事人%s一案，本机关执法人员依照简易程序当场查处。",
                                    act_of(d->act_summary)));
    else
        pdfdoc_para(p, arena_printf(c->a, "当事人%s一案，本机关于%s立案调查（案件编号：%s），"
                                          "现已调查终结。",
                                    act_of(d->act_summary), d->filed_on ? d->filed_on : "",
                                    d->case_number ? d->case_number : ""));
    pdfdoc_para_lead(p, "一、违法事实和证据：", d->facts);
    pdfdoc_para(p, "以上事实有下列证据证明：");
    for (size_t i = 0; i < d->nevidence; i++)
        pdfdoc_para(p, arena_printf(c->a, "%zu. %s", i + 1, d->evidence[i]));
    pdfdoc_para_lead(p, "二、处罚的理由和依据：",
                     arena_printf(c->a, "当事人的上述行为违反了%s的规定。%s依据%s的规定，应当"
                                                       "给予行政处罚。",
                                  d->legal_basis,
                                  d->notice_on
                                      ? arena_printf(c->a,
                                                     "本机关已于%s依法告知当事人拟作出行政处罚的"
                                                     "内容及事实、理由、依据和依法享有的%s权利。",
                                                     d->notice_on,
                                                     d->hearing_right ? "陈述、申辩、要求听证的"
                                                                      : "陈述、申辩的")
                                      : "",
                                  d->penalty_basis));
    pdfdoc_para_lead(p, "三、处罚决定：",
                     arena_printf(c->a, "本机关决定对当事人作出如下行政处罚：%s。", d->decided));
    const struct value *k = guard_field(d->rec, "decided_penalty");
    bool fine = k && strcmp(k->s, "fine") == 0;
    pdfdoc_para_lead(p, "四、履行方式和期限：",
                     fine && !strstr(d->performance ? d->performance : "", "百分之三")
                          ? arena_printf(c->a,
                                         "%s到期不缴纳罚款的，依据《中华人民共和国行政处罚法》第七"
                                         "十二条的规定，每日按罚款数额的百分之三加处罚款，加处罚款"
                                         "的数额不超出罚款的数额。",
                                         d->performance)
                          : d->performance);
    pdfdoc_para_lead(p, "五、救济途径和期限：",
                     arena_printf(c->a, "%s申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律"
                                        "另有规定的除外。",
                                  remedy_text(c, d->remedy)));
    signature(c, p, d, d->day);
}

static void build_no_penalty(struct ctx *c, struct pdfdoc *p, const struct case_data *d)
{
    heading(p, d, "不予行政处罚决定书", d->decision_number);
    party_lines(c, p, d);
    pdfdoc_space(p, 2);
    pdfdoc_para(p, arena_printf(c->a, "当事人%s一案，本机关于%s立案调查（案件编号：%s），现已"
                                      "调查终结。",
                                act_of(d->act_summary), d->filed_on ? d->filed_on : "",
                                d->case_number ? d->case_number : ""));
    pdfdoc_para_lead(p, "一、查明的事实：", d->facts);
    if (d->nevidence) {
        pdfdoc_para(p, "以上事实有下列证据证明：");
        for (size_t i = 0; i < d->nevidence; i++)
            pdfdoc_para(p, arena_printf(c->a, "%zu. %s", i + 1, d->evidence[i]));
    }
    pdfdoc_para_lead(p, "二、不予处罚的理由和依据：",
                     arena_printf(c->a, "当事人的上述行为涉及%s的规定。经查，%s。依据《中华人民共"
                                        "和国行政处罚法》第五十七条第一款的规定，本机关决定不予行"
                                        "政处罚。",
                                  d->legal_basis, d->no_penalty_reason));
    pdfdoc_para(p, "对依法不予行政处罚的当事人，本机关依法对其进行教育（《中华人民共和国行政处罚法》"
                   "第三十三条第三款）。");
    pdfdoc_para_lead(p, "三、救济途径和期限：", remedy_text(c, d->remedy));
    signature(c, p, d, d->day);
}

static void build_service(struct ctx *c, struct pdfdoc *p, const struct case_data *d)
{
    heading(p, d, "送达回证", NULL);
    const char *dk = text_of(d->rec, "decision_kind");
    const char *doc = dk && strcmp(dk, "no_penalty") == 0 ? "不予行政处罚决定书" : "行政处罚决定书";
    const char *labels[] = {"送达文书", "受送达人", "送达地点", "送达方式", "送达日期",
                            "受送达人签名或盖章", "送达人签名", "见证人签名", "备注"};
    const char *values[] = {
        arena_printf(c->a, "《%s》（%s）", doc, d->decision_number),
        d->party_name,
        d->party_address,
        d->service_method,
        d->served_on ? d->served_on : "　　　　年　　月　　日",
        "\n　　　　　　　　　　　　年　　月　　日",
        "\n　　　　　　　　　　　　年　　月　　日",
        NULL,
        d->service_method ? NULL
                          : "送达方式填写直接送达、留置送达、邮寄送达、电子送达（须经当事人同意）、"
                            "公告送达（《中华人民共和国行政处罚法》第六十一条）",
    };
    pdfdoc_table(p, labels, values, sizeof labels / sizeof labels[0], 11);
    signature(c, p, d, d->day);
}

/* ---- the table of documents -------------------------------------------------------------- */

struct doc_kind {
    const char *id, *name;
    const char *(*refuse)(struct ctx *c, const struct case_data *d);
    void (*build)(struct ctx *c, struct pdfdoc *p, const struct case_data *d);
    const char *date_field; /* the document's date (NULL or unset: today) */
};

static const struct doc_kind doc_kinds[] = {
    {"filing", "立案审批表", refuse_filing, build_filing, "filed_on"},
    {"notice", "行政处罚事先告知书", refuse_notice, build_notice, "notice_served_on"},
    {"decision", "行政处罚决定书", refuse_decision, build_decision, "decided_on"},
    {"no_penalty", "不予行政处罚决定书", refuse_no_penalty, build_no_penalty, "decided_on"},
    {"service", "送达回证", refuse_service, build_service, "decided_on"},
};

static const struct doc_kind *doc_kind(const char *id)
{
    for (size_t i = 0; id && i < sizeof doc_kinds / sizeof doc_kinds[0]; i++)
        if (strcmp(doc_kinds[i].id, id) == 0)
            return &doc_kinds[i];
    return NULL;
}

const char *case_document_refusal(struct ctx *c, const struct record *rec, const char *kind)
{
    const struct doc_kind *k = doc_kind(kind);
    if (!k)
        return "没有这种执法文书";
    struct case_data d;
    if (load_data(c, rec, &d))
        return "暂时无法读取案件信息，请稍后重试";
    return k->refuse(c, &d);
}

fz_err case_document_build(struct ctx *c, const struct record *rec, const char *kind, buf *pdf,
                           const char **title)
{
    const struct doc_kind *k = doc_kind(kind);
    if (!k)
        return ctx_fail(c, FZ_EVALID, "kind", "没有这种执法文书：请选择%s", "立案审批表、行政处罚事先告知书、行政处罚决定书、不予行政处罚决定书或送达回证");
    struct case_data d;
    fz_err e = load_data(c, rec, &d);
    if (e)
        return e;
    const char *why = k->refuse(c, &d);
    if (why)
        return ctx_fail(c, FZ_EGUARD, "kind", "%s", why);
    const struct value *on = guard_field(rec, k->date_field);
    d.day = on ? (int)on->i : c->today;
    char ymd[11];
    date_format(d.day, ymd);
    const char *number = strcmp(kind, "filing") == 0 || strcmp(kind, "notice") == 0
                             ? d.case_number
                             : d.decision_number;
    *title = arena_printf(c->a, "%s（%s）", k->name, number ? number : d.act_summary);
    /* the creation date is the document's own date: the same case gives the same bytes */
    struct pdfdoc *p = pdfdoc_new(*title, arena_printf(c->a, "%sT00:00:00+08:00", ymd));
    if (!p)
        return ctx_fail(c, FZ_EINTERNAL, NULL, NULL);
    k->build(c, p, &d);
    e = pdfdoc_finish(p, pdf);
    pdfdoc_free(p);
    return e ? ctx_fail(c, e, NULL, "暂时无法生成文书，请稍后重试") : FZ_OK;
}

/* ---- making and keeping one -------------------------------------------------------------- */

/* Officers on the case (holders of its certificates), and the office's heads and leaders. */
static bool may_make(struct ctx *c, const struct record *rec)
{
    if (c->actor->system)
        return true;
    if (entity_may(c, rec->e, R(ROLE_LEADER), rec->place_org_id))
        return true;
    const struct value *ov = guard_field(rec, "officers");
    for (size_t i = 0; ov && i < ov->n; i++) {
        struct record *cert;
        if (record_load(c, &entity_certificates, ov->ids[i], &cert))
            continue;
        const struct value *h = guard_field(cert, "holder");
        if (h && c->actor->user_id && h->i == c->actor->user_id)
            return true;
    }
    return false;
}

fz_err case_document_generate(struct ctx *c, int64_t case_id, const char *kind,
                              struct record **out)
{
    struct record *rec;
    fz_err e = entity_get(c, &entity_penalty_cases, case_id, &rec);
    if (e)
        return e;
    if (!may_make(c, rec))
        return ctx_fail(c, FZ_EFORBIDDEN, NULL,
                        "只有本案执法人员、办案机构负责人或领导才能制作执法文书");
    buf pdf;
    const char *title;
    if ((e = case_document_build(c, rec, kind, &pdf, &title)))
        return e;
    /* The file and the row are written by the system on the actor's behalf (no role creates
     * case documents directly): the actor is checked above, and stays the uploader, the
     * creator and the one the audit trail names. */
    struct actor acting = *c->actor;
    acting.system = true;
    struct ctx sys = *c;
    sys.actor = &acting;
    const char *name = arena_printf(c->a, "%s.pdf", title);
    struct file_info fi;
    e = file_store(&sys, rec->place_org_id, name, "application/pdf", pdf.p, pdf.len, &fi);
    buf_release(&pdf);
    if (e) {
        c->err = sys.err;
        return e;
    }
    stmt *st = db_prepare(c->db, "SELECT COUNT(*) FROM case_documents WHERE penalty_case = ? AND "
                                 "kind = ?");
    if (!st)
        return ctx_fail(c, FZ_EDB, NULL, NULL);
    db_bind_int(st, 1, rec->id);
    db_bind_text(st, 2, kind);
    int64_t before = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    char now[25];
    time_format_iso(c->now_ms, now);
    json_t *j = json_pack("{s:I,s:s,s:s,s:I,s:[I],s:s,s:s}", "penalty_case", (json_int_t)rec->id,
                          "kind", kind, "title", title, "edition", (json_int_t)(before + 1),
                          "file", (json_int_t)fi.id, "generated_on", now, "generated_by",
                          c->actor->username ? c->actor->username : "system");
    if (!j)
        return ctx_fail(c, FZ_EINTERNAL, NULL, NULL);
    e = entity_create(&sys, &entity_case_documents, j, out);
    json_decref(j);
    if (e)
        c->err = sys.err;
    return e;
}
