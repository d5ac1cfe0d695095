/* cases.c — administrative penalty cases (行政处罚案件) under the ordinary procedure (clue →
 * filing → investigation → review → legal review and collective deliberation where required
 * → prior notice → statement or hearing → decision → service → execution → closure →
 * archive) and the summary procedure (当场处罚). Each guard enforces a row of RULES.md §1
 * through the functions in rules.c. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "engine/audit.h"
#include "engine/deadline.h"
#include "engine/query.h"
#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

/* Enforcement acts are for certified people: officers, and heads who hold a certificate;
 * staff (辅助人员) register and file papers but do not act on a case. */
#define ENFORCERS (R(ROLE_OFFICER) | R(ROLE_LEADER))
#define HEADS (R(ROLE_LEADER) | R(ROLE_ADMIN))
#define DEPARTMENTS (1u << ORG_DEPARTMENT)

const struct choice penalty_kind_choices[] = {
#define PK_CHOICE(e, id, label) {id, label},
    PENALTY_KIND_LIST(PK_CHOICE)
#undef PK_CHOICE
        {NULL, NULL}};

static const struct choice procedures[] = {
    {"ordinary", "普通程序"}, {"summary", "简易程序（当场处罚）"}, {NULL, NULL}};

static const struct choice sources[] = {{"inspection", "巡查发现"},
                                        {"complaint", "投诉举报"},
                                        {"referral", "部门移送"},
                                        {"other", "其他"},
                                        {NULL, NULL}};

static const struct choice tiers[] = {
    {"lenient", "从轻"}, {"general", "一般"}, {"severe", "从重"}, {NULL, NULL}};

/* 行政处罚法 art.58 (RULES.md §1): the cases whose decision needs a legality review first. */
static const struct choice review_reasons[] = {
    {"none", "不属于法制审核范围"},
    {"public_interest", "涉及重大公共利益"},
    {"major_rights", "直接关系当事人或者第三人重大权益"},
    {"hearing_held", "经过听证程序"},
    {"complex", "案件情况疑难复杂、涉及多个法律关系"},
    {"other_law", "法律、法规规定应当进行法制审核的其他情形"},
    {NULL, NULL}};

static const struct choice decision_kinds[] = {
    {"penalty", "行政处罚决定"}, {"no_penalty", "不予行政处罚决定"}, {NULL, NULL}};

static const struct choice no_penalty_reasons[] = {
    {"minor", "违法行为轻微并及时改正，没有造成危害后果（第三十三条第一款）"},
    {"first_violation", "初次违法且危害后果轻微并及时改正（第三十三条第一款）"},
    {"no_fault", "当事人有证据足以证明没有主观过错（第三十三条第二款）"},
    {"unproven", "违法事实不能成立（第五十七条第一款第三项）"},
    {NULL, NULL}};

static const struct choice service_methods[] = {{"direct", "直接送达"},
                                                {"retained", "留置送达"},
                                                {"post", "邮寄送达"},
                                                {"electronic", "电子送达（经当事人同意）"},
                                                {"announcement", "公告送达"},
                                                {"on_site", "当场交付"},
                                                {NULL, NULL}};

/* Field names are the API's; the order is the page's. */
static const struct field case_fields[] = {
    {"case_number", "案件编号", FT_TEXT, F_SYSTEM | F_LIST | F_SEARCH},
    {"filed_on", "立案日期", FT_DATE, F_SYSTEM | F_SORT | F_FILTER},
    {"act_summary", "案由", FT_TEXT, F_REQUIRED | F_LIST | F_SEARCH, 4, 100,
     .help = "如：某某未经批准在公共场所设置户外广告"},
    {"procedure", "程序", FT_ENUM, F_REQUIRED | F_FIXED | F_LIST | F_FILTER, .choices = procedures},
    {"department", "承办机构", FT_ORG, F_REQUIRED | F_FIXED | F_FILTER, .org_kinds = DEPARTMENTS},
    {"source", "案件来源", FT_ENUM, F_REQUIRED | F_FILTER, .choices = sources},
    {"matter", "执法事项", FT_REF, F_REQUIRED | F_FILTER, .ref = "matters"},
    {"party", "当事人", FT_REF, F_REQUIRED | F_LIST | F_FILTER, .ref = "parties"},
    {"officers", "执法人员", FT_REFS, F_REQUIRED | F_FILTER, 2, 10, .ref = "certificates",
     .ref_query = "status=active&valid_until_from=@today",
     .help = "至少两名持有效执法证的人员（行政处罚法第四十二条）"},
    {"occurred_on", "违法行为发生日期", FT_DATE, F_REQUIRED | F_SORT | F_FILTER},
    {"continuing", "违法行为有连续或者继续状态", FT_BOOL, 0},
    {"ended_on", "违法行为终了日期", FT_DATE, 0, .help = "连续或者继续状态的，填写终了日期"},
    {"harm_serious", "涉及公民生命健康安全、金融安全且有危害后果", FT_BOOL, 0,
     .help = "是则追责时效为五年（行政处罚法第三十六条）"},
    {"location", "违法地点", FT_TEXT, 0, 0, 200},
    {"facts", "违法事实", FT_LONGTEXT, F_SEARCH, 0, 5000},
    /* review */
    {"proposed_penalty", "拟处罚种类", FT_ENUM, F_SYSTEM, .choices = penalty_kind_choices,
     .group = "案件审核"},
    {"proposed_fine", "拟罚款数额", FT_MONEY, F_SYSTEM},
    {"discretion_tier", "裁量档次", FT_ENUM, F_SYSTEM, .choices = tiers},
    {"legal_review_reason", "法制审核情形", FT_ENUM, F_SYSTEM, .choices = review_reasons},
    {"collective_required", "需集体讨论", FT_BOOL, F_SYSTEM},
    {"legal_review_passed", "法制审核通过", FT_BOOL, F_SYSTEM},
    {"legal_reviewer", "法制审核人员", FT_USER, F_SYSTEM},
    {"legal_review_on", "法制审核日期", FT_DATE, F_SYSTEM},
    {"legal_review_opinion", "法制审核意见", FT_LONGTEXT, F_SYSTEM},
    {"collective_on", "集体讨论日期", FT_DATE, F_SYSTEM},
    {"collective_opinion", "集体讨论意见", FT_LONGTEXT, F_SYSTEM},
    /* notice, statement, hearing */
    {"notice_served_on", "事先告知送达日期", FT_DATE, F_SYSTEM,
     .group = "事先告知、陈述申辩与听证"},
    {"statement_summary", "陈述申辩或听证意见", FT_LONGTEXT, F_SYSTEM},
    {"rights_waived", "当事人放弃陈述申辩和听证", FT_BOOL, F_SYSTEM},
    {"hearing_requested_on", "申请听证日期", FT_DATE, F_SYSTEM},
    {"hearing_notice_on", "听证通知日期", FT_DATE, F_SYSTEM},
    {"hearing_on", "听证日期", FT_DATE, F_SYSTEM},
    {"hearing_chair", "听证主持人", FT_USER, F_SYSTEM},
    {"hearing_held_on", "举行听证日期", FT_DATE, F_SYSTEM},
    /* decision */
    {"decision_kind", "决定类型", FT_ENUM, F_SYSTEM | F_FILTER, .choices = decision_kinds,
     .group = "决定"},
    {"decided_penalty", "处罚种类", FT_ENUM, F_SYSTEM, .choices = penalty_kind_choices},
    {"decided_fine", "罚款数额", FT_MONEY, F_SYSTEM | F_LIST},
    {"no_penalty_reason", "不予处罚理由", FT_ENUM, F_SYSTEM, .choices = no_penalty_reasons},
    {"performance", "履行方式和期限", FT_LONGTEXT, F_SYSTEM},
    {"remedy", "救济途径和期限", FT_LONGTEXT, F_SYSTEM},
    {"decision_number", "决定书文号", FT_TEXT, F_SYSTEM | F_SEARCH},
    {"decided_on", "决定日期", FT_DATE, F_SYSTEM | F_SORT | F_FILTER},
    {"on_site_form_number", "当场处罚决定书编号", FT_TEXT, F_SYSTEM},
    /* service and execution */
    {"served_on", "送达日期", FT_DATE, F_SYSTEM, .group = "送达、执行与结案"},
    {"service_method", "送达方式", FT_ENUM, F_SYSTEM, .choices = service_methods},
    {"service_consent", "电子送达确认", FT_TEXT, F_SYSTEM},
    {"paid_amount", "已缴金额", FT_MONEY, F_SYSTEM},
    {"paid_on", "缴纳日期", FT_DATE, F_SYSTEM},
    {"closed_on", "结案日期", FT_DATE, F_SYSTEM},
    {"archived_on", "归档日期", FT_DATE, F_SYSTEM},
    /* transfer to the police */
    {"suspected_offence", "涉嫌罪名", FT_TEXT, F_SYSTEM, .group = "移送司法机关"},
    {"transfer_report", "移送报告", FT_LONGTEXT, F_SYSTEM},
    /* derived when read */
    {"late_fee", "加处罚款", FT_MONEY, F_DERIVED, .group = "参考信息"},
    {"prior_violations", "此前同类违法次数", FT_INT, F_DERIVED},
};

static const struct wf_state case_states[] = {
    {"on_site", "当场处罚", false},
    {"clue", "线索登记", false},
    {"not_filed", "不予立案", true},
    {"investigating", "调查取证", false},
    {"reviewing", "案件审核", false},
    {"notified", "已事先告知", false},
    {"hearing", "听证", false},
    {"decided", "已作出决定", false},
    {"served", "已送达", false},
    {"executed", "执行完毕", false},
    {"closed", "已结案", false},
    {"archived", "已归档", true},
    {"transferring", "移送审批中", false},
    {"transferred", "已移送司法机关", true},
    {"revoked", "决定已撤销", true},
};

static const struct deadline_def case_deadlines[] = {
    /* RULES.md §1 art.60: 90 days from filing */
    {"decision_due", "作出决定期限", DL_DAYS, DECISION_DAYS, "filed_on"},
    /* art.64 (with art.44/45): 5 working days after the prior notice */
    {"statement_period", "陈述申辩和申请听证期限", DL_WORKING_DAYS, STATEMENT_WORKING_DAYS,
     "notice_served_on", .window = true},
    /* art.61: 7 working days */
    {"service_due", "送达期限", DL_WORKING_DAYS, SERVICE_WORKING_DAYS, "decided_on"},
    /* art.67: 15 days from receipt, when there is a fine */
    {"payment_due", "缴纳罚款期限", DL_DAYS, PAYMENT_DAYS, "served_on", "decided_fine"},
};

/* ---- facts the guards share -------------------------------------------------------------- */

static bool party_is_org(const struct guard_ctx *g)
{
    const struct record *p = g->ref(g, "party");
    const struct value *k = p ? guard_field(p, "kind") : NULL;
    return k && strcmp(k->s, "organisation") == 0;
}

static const struct deadline_view *deadline_of(const struct record *r, const char *kind)
{
    const struct deadline_view *found = NULL;
    for (size_t i = 0; i < r->ndeadlines; i++)
        if (strcmp(r->deadlines[i].kind, kind) == 0)
            found = &r->deadlines[i]; /* the latest */
    return found;
}

static bool is_suspended(const struct record *r)
{
    const struct deadline_view *d = deadline_of(r, "decision_due");
    return d && strcmp(d->status, "suspended") == 0;
}

static int day_of(const struct value *v)
{
    return v ? (int)v->i : -1;
}

/* A guard's reason with values in it; valid until the thread's next call (the engine copies
 * it at once). */
static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
    static __thread char msg[400];
    va_list ap;
    va_start(ap, f);
    vsnprintf(msg, sizeof msg, f, ap);
    va_end(ap);
    return msg;
}

/* ---- guards ------------------------------------------------------------------------------ */

/* RULES.md §1 art.42 */
static const char *g_officers(const struct guard_ctx *g)
{
    return officers_rule(g);
}

/* RULES.md §1 art.36: filed within 2 (or 5) years of the act, or of the end of a continuing
 * act. */
static const char *g_limitation(const struct guard_ctx *g)
{
    const struct value *occurred = guard_field(g->rec, "occurred_on");
    const struct value *cont = guard_field(g->rec, "continuing");
    const struct value *ended = guard_field(g->rec, "ended_on");
    const struct value *serious = guard_field(g->rec, "harm_serious");
    if (!occurred)
        return "请先填写违法行为发生日期";
    if (occurred->i > g->today)
        return "违法行为发生日期不能晚于今天";
    int from = (int)occurred->i;
    if (cont && cont->i) {
        if (!ended)
            return "违法行为有连续或者继续状态的，请填写终了日期";
        from = (int)ended->i;
    }
    int last = limitation_last_day(from, serious && serious->i);
    /* "二年内未被发现的，不再给予行政处罚": measured to the day the act was discovered, which
     * is the day its clue was registered (today for an on-site case) */
    int64_t created;
    int found = g->rec->created_at && time_parse_iso(g->rec->created_at, &created) == 0
                    ? date_of_instant(created)
                    : g->today;
    if (found > last) {
        char d[24];
        date_format_cn(last, d);
        return fmt("违法行为已超过%s年追责时效（截至%s），不再给予行政处罚（行政处罚法第三十六条）",
                   serious && serious->i ? "五" : "两", d);
    }
    return NULL;
}

/* The matter must be in force on the day of the act (the catalogue is versioned by dates). */
static const char *g_matter_in_force(const struct guard_ctx *g)
{
    const struct record *m = g->ref(g, "matter");
    const struct value *occurred = guard_field(g->rec, "occurred_on");
    if (!m)
        return "执法事项不存在";
    const struct value *from = guard_field(m, "effective_from"),
                       *to = guard_field(m, "effective_to");
    int day = occurred ? (int)occurred->i : g->today;
    if ((from && day < from->i) || (to && day > to->i))
        return fmt("执法事项“%s”在违法行为发生时不在本街道的执法事项清单内", record_title(m));
    return NULL;
}

/* RULES.md §1 art.42: the one who acts on a case is one of its certified officers. */
static const char *g_actor_on_case(const struct guard_ctx *g)
{
    if (!g->actor->user_id)
        return NULL; /* the system */
    const struct record **certs;
    size_t n = g->refs(g, "officers", &certs);
    for (size_t i = 0; i < n; i++) {
        const struct value *h = guard_field(certs[i], "holder");
        if (h && h->i == g->actor->user_id) {
            const struct value *m = guard_field(g->rec, "matter");
            return certificate_problem(certs[i], m ? m->i : 0, g->today);
        }
    }
    return "只有本案持证执法人员才能办理此步骤（行政处罚法第四十二条）";
}

static const char *g_rights_not_waived(const struct guard_ctx *g)
{
    const struct value *w = guard_field(g->rec, "rights_waived");
    return w && w->i ? "当事人已书面放弃陈述、申辩和听证的权利" : NULL;
}

/* RULES.md §1 art.64(4): the hearing is chaired by someone the agency names who did not
 * investigate the case. */
static const char *g_chair_independent(const struct guard_ctx *g)
{
    const struct value *chair = guard_param(g, g->transition, "hearing_chair");
    if (!chair)
        return "请指定听证主持人";
    if (chair->i == g->rec->created_by)
        return "听证主持人不能是本案的登记人（行政处罚法第六十四条）";
    const struct record **certs;
    size_t n = g->refs(g, "officers", &certs);
    for (size_t i = 0; i < n; i++) {
        const struct value *h = guard_field(certs[i], "holder");
        if (h && h->i == chair->i)
            return "听证主持人不能是本案调查人员（行政处罚法第六十四条）";
    }
    return NULL;
}

/* RULES.md §1 art.61: electronic service only with the party's consent. */
static const char *g_electronic_consent(const struct guard_ctx *g)
{
    const struct value *m = guard_param(g, g->transition, "service_method");
    const struct value *consent = guard_param(g, g->transition, "service_consent");
    if (m && strcmp(m->s, "electronic") == 0 && !consent)
        return "电子送达须经当事人同意并签订确认书，请填写确认书编号或日期（行政处罚法第六十一条）";
    return NULL;
}

/* 首违不罚 only for a first violation, where the exemption list names it for the matter on
 * the day of the act. */
static const char *g_exemption_applies(const struct guard_ctx *g)
{
    const struct value *reason = guard_param(g, g->transition, "no_penalty_reason");
    if (!reason || strcmp(reason->s, "first_violation") != 0)
        return NULL;
    const struct value *prior = guard_field(g->rec, "prior_violations");
    if (prior && prior->i > 0)
        return fmt("当事人此前已因同类违法行为受到 %lld 次处罚，不属于初次违法",
                   (long long)prior->i);
    const struct value *matter = guard_field(g->rec, "matter");
    const struct value *occurred = guard_field(g->rec, "occurred_on");
    char mid[24];
    snprintf(mid, sizeof mid, "%lld", (long long)(matter ? matter->i : 0));
    if (!g->find_on(g, "exemptions", "matter", mid, "kind", "first_violation",
                    occurred ? (int)occurred->i : g->today))
        return "本事项的减免责清单中没有首违不罚的规定";
    return NULL;
}

/* RULES.md §1 art.60: an extension is approved before the period runs out. */
static const char *g_extend_in_time(const struct guard_ctx *g)
{
    const struct deadline_view *d = deadline_of(g->rec, "decision_due");
    int due;
    if (!d || strcmp(d->status, "suspended") == 0)
        return d ? "案件已中止办理，恢复后再延长期限" : "尚未立案，没有办案期限";
    if (date_parse(d->due_date, &due) == 0 && g->today > due)
        return fmt("办案期限已于 %s 届满，应在届满前批准延长", d->due_date);
    return NULL;
}

static const char *g_not_suspended(const struct guard_ctx *g)
{
    return is_suspended(g->rec) ? "案件已中止办理，请先恢复" : NULL;
}

static const char *g_suspended(const struct guard_ctx *g)
{
    return is_suspended(g->rec) ? NULL : "案件未中止";
}

static const char *g_has_evidence(const struct guard_ctx *g)
{
    int64_t n = g->count_children(g, "evidence", NULL);
    return n > 0 ? NULL : "尚未登记证据，调查终结前请先收集并登记证据";
}

/* The proposal made at review: a kind, and for a fine an amount. */
static const char *g_proposal(const struct guard_ctx *g)
{
    const struct value *k = guard_param(g, g->transition, "proposed_penalty");
    const struct value *fine = guard_param(g, g->transition, "proposed_fine");
    int kind = k ? penalty_kind_parse(k->s) : -1;
    if (kind == PK_NONE)
        return "拟不予处罚的，请作出不予行政处罚决定";
    if ((kind == PK_FINE || kind == PK_CONFISCATION) && (!fine || fine->i <= 0))
        return "请填写拟罚款或没收的数额";
    if (kind != PK_FINE && kind != PK_CONFISCATION && fine && fine->i > 0)
        return "只有罚款、没收才填写数额";
    return NULL;
}

/* RULES.md §1 art.58 and 118号: the reviewer is not one of the case's handlers. */
static const char *g_reviewer_independent(const struct guard_ctx *g)
{
    if (g->actor->user_id && g->actor->user_id == g->rec->created_by)
        return "法制审核人员不能审核自己登记的案件";
    const struct record **certs;
    size_t n = g->refs(g, "officers", &certs);
    for (size_t i = 0; i < n; i++) {
        const struct value *h = guard_field(certs[i], "holder");
        if (h && h->i == g->actor->user_id)
            return "法制审核人员不能审核自己承办的案件（行政处罚法第五十八条）";
    }
    return NULL;
}

/* RULES.md §1 art.58: no decision until the legality review, where required, has passed.
 * The prior notice waits for it too, so the party is never told of a proposal the review
 * then changes. */
static const char *g_legal_review_done(const struct guard_ctx *g)
{
    const struct value *reason = guard_field(g->rec, "legal_review_reason");
    const struct value *passed = guard_field(g->rec, "legal_review_passed");
    if (reason && strcmp(reason->s, "none") != 0 && !(passed && passed->i))
        return "本案属于法制审核范围，法制审核通过前不得作出决定（行政处罚法第五十八条）";
    return NULL;
}

/* Art.58, and art.57¶2: the heads' collective deliberation where required. */
static const char *g_reviews_done(const struct guard_ctx *g)
{
    const char *why = g_legal_review_done(g);
    if (why)
        return why;
    const struct value *coll = guard_field(g->rec, "collective_required");
    if (coll && coll->i && !guard_field(g->rec, "collective_on"))
        return "本案需经行政机关负责人集体讨论决定（行政处罚法第五十七条第二款）";
    return NULL;
}

static const char *g_notice_date(const struct guard_ctx *g)
{
    const struct value *on = guard_param(g, g->transition, "notice_served_on");
    const struct value *filed = guard_field(g->rec, "filed_on");
    if (!on || on->i > g->today)
        return "事先告知送达日期不能晚于今天";
    if (filed && on->i < filed->i)
        return "事先告知送达日期不能早于立案日期";
    const struct value *k = guard_field(g->rec, "proposed_penalty");
    if (!k)
        return "案件审核尚未提出拟处罚意见";
    return NULL;
}

/* RULES.md §1 art.63 */
static const char *g_hearing_eligible(const struct guard_ctx *g)
{
    const struct value *k = guard_field(g->rec, "proposed_penalty");
    const struct value *fine = guard_field(g->rec, "proposed_fine");
    bool org = party_is_org(g);
    int64_t tc = threshold_amount(g, THRESHOLD_HEARING_CITIZEN, DEFAULT_HEARING_CITIZEN_FEN);
    int64_t to = threshold_amount(g, THRESHOLD_HEARING_ORG, DEFAULT_HEARING_ORG_FEN);
    int kind = k ? penalty_kind_parse(k->s) : -1;
    if (kind < 0 || !hearing_eligible((enum penalty_kind)kind, fine ? fine->i : 0, org, tc, to))
        return "拟作出的处罚不属于听证范围（较大数额罚款、没收较大数额财物、吊销许可证件、"
               "责令停产停业等，行政处罚法第六十三条）";
    return NULL;
}

/* RULES.md §1 art.64 */
static const char *g_hearing_in_time(const struct guard_ctx *g)
{
    const struct value *on = guard_param(g, g->transition, "hearing_requested_on");
    if (!on || on->i > g->today)
        return "听证申请日期不能晚于今天";
    return hearing_request_in_time(g->cal, day_of(guard_field(g->rec, "notice_served_on")),
                                   (int)on->i);
}

/* RULES.md §1 art.64 */
static const char *g_hearing_notice(const struct guard_ctx *g)
{
    const struct value *notice = guard_param(g, g->transition, "hearing_notice_on");
    const struct value *on = guard_param(g, g->transition, "hearing_on");
    if (!notice || !on)
        return "请填写听证通知日期和听证日期";
    if (notice->i > g->today)
        return "听证通知日期不能晚于今天";
    return hearing_notice_ok(g->cal, (int)notice->i, (int)on->i);
}

static const char *g_hearing_held(const struct guard_ctx *g)
{
    const struct value *on = guard_field(g->rec, "hearing_on");
    if (!on)
        return "尚未通知听证，请先安排听证";
    return on->i > g->today ? "听证日期未到" : NULL;
}

/* RULES.md §1 art.44, 45, 62, 64: no decision before the notice and the end of the statement
 * period, unless the party waived its rights or a hearing was held. */
static const char *g_statement_over(const struct guard_ctx *g)
{
    const struct value *notice = guard_field(g->rec, "notice_served_on");
    if (!notice)
        return "作出处罚决定前，应当告知当事人拟作出的处罚内容及事实、理由、依据和陈述、申辩、"
               "听证的权利（行政处罚法第四十四条、第六十二条）";
    const struct value *waived = guard_field(g->rec, "rights_waived");
    if (waived && waived->i)
        return NULL;
    const struct value *requested = guard_field(g->rec, "hearing_requested_on");
    const struct value *held = guard_field(g->rec, "hearing_on");
    if (requested) {
        if (held && held->i <= g->today && strcmp(g->rec->status, "reviewing") == 0)
            return NULL;
        return "当事人已申请听证，听证结束并经法制审核前不得作出决定";
    }
    int last =
        calendar_add_working_days(g->cal, (int)notice->i, STATEMENT_WORKING_DAYS, NULL, NULL);
    if (g->today <= last) {
        char d[24];
        date_format_cn(last, d);
        return fmt("陈述、申辩和申请听证的期限至%s届满，届满前不得作出决定（当事人明确放弃的除外）",
                   d);
    }
    return NULL;
}

/* RULES.md §1 art.45 */
static const char *g_not_heavier(const struct guard_ctx *g)
{
    const struct value *pk = guard_field(g->rec, "proposed_penalty");
    const struct value *pf = guard_field(g->rec, "proposed_fine");
    const struct value *dk = guard_param(g, g->transition, "decided_penalty");
    const struct value *df = guard_param(g, g->transition, "decided_fine");
    int p = pk ? penalty_kind_parse(pk->s) : PK_NONE, d = dk ? penalty_kind_parse(dk->s) : -1;
    if (d < 0)
        return "请选择处罚种类";
    if (d == PK_NONE)
        return "拟不予处罚的，请由负责人作出不予行政处罚决定";
    if (d != PK_FINE && d != PK_CONFISCATION && df && df->i > 0)
        return "只有罚款、没收才填写数额";
    if ((d == PK_FINE || d == PK_CONFISCATION) && (!df || df->i <= 0))
        return "请填写罚款或没收的数额";
    return not_heavier((enum penalty_kind)p, pf ? pf->i : 0, (enum penalty_kind)d, df ? df->i : 0);
}

/* RULES.md §1 art.60: decided within 90 days of filing, unless extended by approval. */
static const char *g_in_time(const struct guard_ctx *g)
{
    const struct deadline_view *d = deadline_of(g->rec, "decision_due");
    if (!d || strcmp(d->status, "running") != 0)
        return NULL;
    int due;
    if (date_parse(d->due_date, &due) == 0 && g->today > due)
        return fmt("已超过作出决定的期限（%s），请先报负责人批准延长办案期限（行政处罚法第六十条）",
                   d->due_date);
    return NULL;
}

/* RULES.md §1 art.59: the decision document holds every element. */
static const char *g_complete(const struct guard_ctx *g)
{
    const struct record *party = g->ref(g, "party");
    const struct record *matter = g->ref(g, "matter");
    const struct value *pname = party ? guard_field(party, "name") : NULL;
    const struct value *paddr = party ? guard_field(party, "address") : NULL;
    const struct value *facts = guard_field(g->rec, "facts");
    const struct value *basis = matter ? guard_field(matter, "penalty_basis") : NULL;
    const struct value *perf = guard_param(g, g->transition, "performance");
    const struct value *rem = guard_param(g, g->transition, "remedy");
    const struct value *dept = guard_field(g->rec, "department");
    struct decision_elements d = {
        .party_name = pname ? pname->s : NULL,
        .party_address = paddr ? paddr->s : NULL,
        .facts = facts ? facts->s : NULL,
        .evidence_count = (int)g->count_children(g, "evidence", NULL),
        .penalty_basis = basis ? basis->s : NULL,
        .performance = perf ? perf->s : NULL,
        .remedy = rem ? rem->s : NULL,
        .agency = dept ? dept->label : NULL,
        .decided_on = g->today,
    };
    return decision_complete(&d);
}

/* RULES.md §1 art.51 */
static const char *g_summary(const struct guard_ctx *g)
{
    const struct value *k = guard_param(g, g->transition, "decided_penalty");
    const struct value *fine = guard_param(g, g->transition, "decided_fine");
    int kind = k ? penalty_kind_parse(k->s) : -1;
    if (kind < 0)
        return "请选择处罚种类";
    return summary_allowed((enum penalty_kind)kind, fine ? fine->i : 0, party_is_org(g));
}

static const char *g_facts(const struct guard_ctx *g)
{
    const struct value *f = guard_field(g->rec, "facts");
    const struct value *p = guard_param(g, g->transition, "facts");
    return (f && *f->s) || (p && *p->s) ? NULL : "请填写违法事实";
}

static const char *g_served_on(const struct guard_ctx *g)
{
    const struct value *on = guard_param(g, g->transition, "served_on");
    const struct value *decided = guard_field(g->rec, "decided_on");
    if (!on || on->i > g->today)
        return "送达日期不能晚于今天";
    if (decided && on->i < decided->i)
        return "送达日期不能早于决定日期";
    return NULL;
}

/* RULES.md §1 art.67, 72: the fine, plus 3% a day after the deadline, capped at the fine. */
static const char *g_paid_in_full(const struct guard_ctx *g)
{
    const struct value *fine = guard_field(g->rec, "decided_fine");
    const struct value *paid = guard_param(g, g->transition, "paid_amount");
    const struct value *on = guard_param(g, g->transition, "paid_on");
    if (!paid || !on)
        return "请填写缴纳金额和日期";
    if (on->i > g->today)
        return "缴纳日期不能晚于今天";
    const struct deadline_view *d = deadline_of(g->rec, "payment_due");
    int due;
    int late = d && date_parse(d->due_date, &due) == 0 ? (int)on->i - due : 0;
    /* the late charge is for fines (art.72), not for confiscated amounts */
    const struct value *kind = guard_field(g->rec, "decided_penalty");
    bool is_fine = kind && strcmp(kind->s, "fine") == 0;
    int64_t owed =
        (fine ? fine->i : 0) + (is_fine ? late_payment_charge(fine ? fine->i : 0, late) : 0);
    if (paid->i < owed) {
        if (!is_fine) {
            char o[32];
            money_format(owed, o);
            return fmt("应缴 %s 元，缴纳不足", o);
        }
        char o[32], c2[32];
        money_format(owed, o);
        money_format(owed - (fine ? fine->i : 0), c2);
        return fmt("应缴 %s 元（其中加处罚款 %s 元，每日按罚款数额的百分之三加处，"
                   "以罚款数额为限），缴纳不足",
                   o, c2);
    }
    return NULL;
}

static const char *g_no_fine(const struct guard_ctx *g)
{
    const struct value *fine = guard_field(g->rec, "decided_fine");
    return fine && fine->i > 0 ? "有罚款的决定，请登记罚款缴纳情况" : NULL;
}

/* ---- when a step is offered (shown_if) ----------------------------------------------------- */

static bool set(const struct record *r, const char *name)
{
    const struct value *v = guard_field(r, name);
    return v && (v->s ? *v->s : true) && !(field_is_int(entity_field(r->e, name)) && !v->i);
}

static const char *s_review_pending(const struct guard_ctx *g)
{
    const struct value *reason = guard_field(g->rec, "legal_review_reason");
    if (!reason || strcmp(reason->s, "none") == 0 || set(g->rec, "legal_review_passed"))
        return "无需法制审核或已审核";
    return NULL;
}

static const char *s_deliberation_pending(const struct guard_ctx *g)
{
    return set(g->rec, "collective_required") && !set(g->rec, "collective_on") ? NULL
                                                                               : "无需集体讨论";
}

/* The notice is offered once the legal review it waits for has passed. */
static const char *s_ready_to_notify(const struct guard_ctx *g)
{
    return set(g->rec, "notice_served_on") ? "已事先告知" : g_legal_review_done(g);
}

static const char *s_notified(const struct guard_ctx *g)
{
    return set(g->rec, "notice_served_on") ? NULL : "尚未事先告知";
}

static const char *s_rights_open(const struct guard_ctx *g)
{
    return set(g->rec, "rights_waived") ? "当事人已放弃" : NULL;
}

static const char *s_hearing_open(const struct guard_ctx *g)
{
    if (set(g->rec, "rights_waived"))
        return "当事人已放弃";
    return g_hearing_eligible(g);
}

static const char *s_hearing_scheduled(const struct guard_ctx *g)
{
    return set(g->rec, "hearing_on") ? NULL : "尚未安排听证";
}

static const char *s_has_fine(const struct guard_ctx *g)
{
    return set(g->rec, "decided_fine") ? NULL : "无罚款";
}

/* ---- after-hooks ------------------------------------------------------------------------- */

/* Penalty decisions are queued for publication (RULES.md §2: within 7 working days). */
static fz_err queue_disclosure(struct ctx *c, const struct record *r)
{
    const struct value *num = guard_field(r, "decision_number");
    const struct value *on = guard_field(r, "decided_on");
    json_t *j = json_pack("{s:I,s:s,s:s}", "penalty_case", (json_int_t)r->id, "title",
                          num ? num->s : "", "decided_on", on ? on->s : "");
    if (!j)
        return ctx_fail(c, FZ_EINTERNAL, NULL, NULL);
    struct ctx sys = *c;
    sys.actor = &actor_system;
    fz_err e = entity_create(&sys, &entity_disclosure_items, j, NULL);
    json_decref(j);
    if (e)
        c->err = sys.err;
    return e;
}

/* A transfer opens the criminal referral (移送) with the report the head approves. */
static fz_err open_referral(struct ctx *c, const struct record *r)
{
    const struct value *off = guard_field(r, "suspected_offence");
    const struct value *rep = guard_field(r, "transfer_report");
    json_t *j = json_pack("{s:I,s:s,s:s}", "penalty_case", (json_int_t)r->id, "suspected_offence",
                          off ? off->s : "", "report", rep ? rep->s : "");
    if (!j)
        return ctx_fail(c, FZ_EINTERNAL, NULL, NULL);
    struct ctx sys = *c;
    sys.actor = &actor_system;
    fz_err e = entity_create(&sys, &entity_criminal_referrals, j, NULL);
    json_decref(j);
    if (e)
        c->err = sys.err;
    return e;
}

/* A revoked decision is withdrawn from publication within 3 working days (RULES.md §1
 * art.48); its clocks stopped with the terminal state. */
static fz_err revoked(struct ctx *c, const struct record *r)
{
    stmt *st = db_prepare(c->db, "SELECT id, status FROM disclosure_items WHERE penalty_case = ? "
                                 "AND status IN ('queued', 'published')");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, r->id);
    int64_t ids[8];
    bool published[8];
    int n = 0;
    enum db_step step = DB_DONE;
    while (n < 8 && (step = db_step(st)) == DB_ROW) {
        ids[n] = db_col_int(st, 0);
        published[n++] = strcmp(db_col_text(st, 1), "published") == 0;
    }
    db_done(st);
    if (n < 8 && step == DB_ERROR)
        return FZ_EDB;
    struct ctx sys = *c;
    sys.actor = &actor_system;
    for (int i = 0; i < n; i++) {
        fz_err e = workflow_fire(&sys, &entity_disclosure_items, ids[i],
                                 published[i] ? "request_withdrawal" : "cancel", NULL, NULL);
        if (e) {
            c->err = sys.err;
            return e;
        }
    }
    return FZ_OK;
}

/* ---- transitions ------------------------------------------------------------------------- */

static const struct field reason_param[] = {{"reason", "理由", FT_LONGTEXT, F_REQUIRED, 2, 2000}};
static const struct field review_params[] = {
    {"facts", "违法事实", FT_LONGTEXT, F_REQUIRED, 10, 5000},
    {"proposed_penalty", "拟处罚种类", FT_ENUM, F_REQUIRED, .choices = penalty_kind_choices},
    {"proposed_fine", "拟罚款数额", FT_MONEY, 0},
    {"discretion_tier", "裁量档次", FT_ENUM, 0, .choices = tiers},
    {"legal_review_reason", "法制审核情形", FT_ENUM, F_REQUIRED, .choices = review_reasons},
    {"collective_required", "需集体讨论", FT_BOOL, 0},
};
static const struct field legal_review_params[] = {
    {"legal_review_opinion", "法制审核意见", FT_LONGTEXT, F_REQUIRED, 2, 5000}};
static const struct field collective_params[] = {
    {"collective_opinion", "集体讨论意见", FT_LONGTEXT, F_REQUIRED, 2, 5000}};
static const struct field notice_params[] = {
    {"notice_served_on", "事先告知送达日期", FT_DATE, F_REQUIRED}};
static const struct field statement_params[] = {
    {"statement_summary", "陈述申辩意见", FT_LONGTEXT, F_REQUIRED, 2, 5000}};
static const struct field hearing_request_params[] = {
    {"hearing_requested_on", "申请听证日期", FT_DATE, F_REQUIRED}};
static const struct field hearing_schedule_params[] = {
    {"hearing_notice_on", "听证通知日期", FT_DATE, F_REQUIRED},
    {"hearing_on", "听证日期", FT_DATE, F_REQUIRED},
    {"hearing_chair", "听证主持人", FT_USER, F_REQUIRED,
     .help = "由行政机关指定的非本案调查人员主持（行政处罚法第六十四条）"}};
static const struct field hearing_held_params[] = {
    {"statement_summary", "听证笔录要点", FT_LONGTEXT, F_REQUIRED, 2, 5000}};
static const struct field decide_params[] = {
    {"decided_penalty", "处罚种类", FT_ENUM, F_REQUIRED, .choices = penalty_kind_choices},
    {"decided_fine", "罚款数额", FT_MONEY, 0},
    {"performance", "履行方式和期限", FT_LONGTEXT, F_REQUIRED, 2, 2000},
    {"remedy", "救济途径和期限", FT_LONGTEXT, F_REQUIRED, 2, 2000},
};
static const struct field no_penalty_params[] = {
    {"no_penalty_reason", "不予处罚理由", FT_ENUM, F_REQUIRED, .choices = no_penalty_reasons},
    {"remedy", "救济途径和期限", FT_LONGTEXT, F_REQUIRED, 2, 2000},
};
static const struct field on_site_params[] = {
    {"facts", "违法事实", FT_LONGTEXT, F_REQUIRED, 4, 2000},
    {"decided_penalty", "处罚种类", FT_ENUM, F_REQUIRED, .choices = penalty_kind_choices},
    {"decided_fine", "罚款数额", FT_MONEY, 0},
    {"on_site_form_number", "当场处罚决定书编号", FT_TEXT, F_REQUIRED, 2, 40},
    {"performance", "履行方式和期限", FT_LONGTEXT, F_REQUIRED, 2, 2000},
    {"remedy", "救济途径和期限", FT_LONGTEXT, F_REQUIRED, 2, 2000},
};
static const struct field serve_params[] = {
    {"served_on", "送达日期", FT_DATE, F_REQUIRED},
    {"service_method", "送达方式", FT_ENUM, F_REQUIRED, .choices = service_methods},
    {"service_consent", "当事人同意电子送达的确认", FT_TEXT, 0, 2, 200,
     .help = "电子送达须经当事人同意并签订确认书：填写确认书编号或日期（第六十一条）"}};
static const struct field payment_params[] = {{"paid_amount", "已缴金额", FT_MONEY, F_REQUIRED},
                                              {"paid_on", "缴纳日期", FT_DATE, F_REQUIRED}};
static const struct field extend_params[] = {
    {"extension_days", "延长天数", FT_INT, F_REQUIRED, 1, 60},
    {"reason", "延期理由和审批意见", FT_LONGTEXT, F_REQUIRED, 2, 2000}};
static const struct field note_param[] = {{"note", "说明", FT_LONGTEXT, 0, 0, 2000}};
static const struct field transfer_params[] = {
    {"suspected_offence", "涉嫌罪名", FT_TEXT, F_REQUIRED, 2, 100},
    {"transfer_report", "移送报告", FT_LONGTEXT, F_REQUIRED, 10, 5000,
     .help = "涉嫌犯罪的事实、证据和移送理由（国务院令第310号第五条）"}};

#define HANDLING "investigating reviewing notified hearing"

/* A new proposal after further investigation is reviewed and notified anew: what the first
 * round decided no longer stands. */
/* clang-format off */
#define NEW_ROUND                                                                \
    {"legal_review_passed", "@null"}, {"legal_reviewer", "@null"},               \
    {"legal_review_on", "@null"}, {"legal_review_opinion", "@null"},             \
    {"collective_on", "@null"}, {"collective_opinion", "@null"},                 \
    {"notice_served_on", "@null"}, {"rights_waived", "@null"},                   \
    {"hearing_requested_on", "@null"}, {"hearing_notice_on", "@null"},           \
    {"hearing_on", "@null"}, {"statement_summary", "@null"}
/* clang-format on */

/* clang-format off */
static const struct wf_transition case_transitions[] = {
    {"file", "立案", "clue", "investigating", HEADS,
     {g_limitation, g_matter_in_force, g_officers}, note_param, 1,
     .start_deadline = "decision_due", .set_date_field = "filed_on",
     .number_field = "case_number", .number_format = "%T综执立〔%Y〕%N号",
     .confirm = "确认批准立案？立案后开始计算九十日办案期限。"},
    {"decline", "不予立案", "clue", "not_filed", HEADS, {NULL}, reason_param, 1},
    {"submit_review", "调查终结，提交审核", "investigating", "reviewing", ENFORCERS,
     {g_not_suspended, g_actor_on_case, g_has_evidence, g_officers, g_proposal}, review_params, 6,
     .stop_deadline = "statement_period", .sets = {NEW_ROUND}},
    {"return_investigation", "退回补充调查", "reviewing", "investigating",
     HEADS | R(ROLE_LEGAL_REVIEWER), {NULL}, reason_param, 1},
    {"legal_review_pass", "法制审核通过", "reviewing", NULL, R(ROLE_LEGAL_REVIEWER),
     {g_not_suspended, g_reviewer_independent}, legal_review_params, 1,
     .shown_if = s_review_pending,
     .sets = {{"legal_review_passed", "1"}, {"legal_reviewer", "@actor"},
              {"legal_review_on", "@today"}}},
    {"legal_review_fail", "法制审核不通过", "reviewing", "investigating", R(ROLE_LEGAL_REVIEWER),
     {g_reviewer_independent}, legal_review_params, 1, .shown_if = s_review_pending,
     .sets = {{"legal_review_passed", "0"}, {"legal_reviewer", "@actor"},
              {"legal_review_on", "@today"}}},
    {"deliberate", "集体讨论", "reviewing notified", NULL, HEADS, {g_not_suspended},
     collective_params, 1, .shown_if = s_deliberation_pending,
     .sets = {{"collective_on", "@today"}}},
    {"notify", "事先告知", "reviewing", "notified", ENFORCERS,
     {g_not_suspended, g_actor_on_case, g_officers, g_legal_review_done, g_notice_date},
     notice_params, 1, .shown_if = s_ready_to_notify, .start_deadline = "statement_period"},
    {"record_statement", "记录陈述申辩", "notified", NULL, ENFORCERS, {g_actor_on_case},
     statement_params, 1, .shown_if = s_rights_open},
    {"waive", "当事人放弃陈述申辩", "notified", NULL, ENFORCERS, {g_actor_on_case}, note_param, 1,
     .shown_if = s_rights_open, .stop_deadline = "statement_period",
     .sets = {{"rights_waived", "1"}},
     .confirm = "当事人已明确书面放弃陈述、申辩和听证的权利？"},
    {"request_hearing", "当事人申请听证", "notified", "hearing", ENFORCERS,
     {g_actor_on_case, g_rights_not_waived, g_hearing_eligible, g_hearing_in_time},
     hearing_request_params, 1, .shown_if = s_hearing_open, .stop_deadline = "statement_period"},
    {"schedule_hearing", "通知听证", "hearing", NULL, ENFORCERS,
     {g_actor_on_case, g_hearing_notice, g_chair_independent}, hearing_schedule_params, 3},
    {"hold_hearing", "举行听证", "hearing", "reviewing", ENFORCERS,
     {g_actor_on_case, g_officers, g_hearing_held}, hearing_held_params, 1,
     .shown_if = s_hearing_scheduled,
     .sets = {{"legal_review_reason", "hearing_held"}, {"legal_review_passed", "@null"},
              {"hearing_held_on", "@today"}}},
    /* art.57: the decision is the agency head's, on the investigation's results */
    {"decide", "作出处罚决定", "notified reviewing", "decided", HEADS,
     {g_not_suspended, g_officers, g_statement_over, g_reviews_done, g_not_heavier, g_in_time,
      g_complete},
     decide_params, 4, .stop_deadline = "decision_due statement_period", .shown_if = s_notified,
     .start_deadline = "service_due", .number_field = "decision_number",
     .number_format = "%T罚决字〔%Y〕%N号", .after = queue_disclosure,
     .sets = {{"decision_kind", "penalty"}, {"decided_on", "@today"}},
     .confirm = "确认作出行政处罚决定？决定书将编号并进入送达期限。"},
    {"decide_no_penalty", "作出不予处罚决定", HANDLING, "decided", HEADS,
     {g_not_suspended, g_officers, g_facts, g_in_time, g_exemption_applies}, no_penalty_params, 2,
     .stop_deadline = "decision_due statement_period", .start_deadline = "service_due",
     .number_field = "decision_number", .number_format = "%T不罚决字〔%Y〕%N号",
     .sets = {{"decision_kind", "no_penalty"}, {"decided_penalty", "none"},
              {"decided_fine", "0"}, {"decided_on", "@today"}}},
    {"decide_on_site", "当场作出处罚决定", "on_site", "served", R(ROLE_OFFICER),
     {g_actor_on_case, g_limitation, g_matter_in_force, g_officers, g_summary}, on_site_params, 6,
     .start_deadline = "payment_due", .number_field = "decision_number",
     .number_format = "%T当场罚字〔%Y〕%N号",
     .sets = {{"decision_kind", "penalty"}, {"decided_on", "@today"}, {"served_on", "@today"},
              {"service_method", "on_site"}}},
    {"serve", "送达决定书", "decided", "served", ENFORCERS,
     {g_actor_on_case, g_officers, g_served_on, g_electronic_consent}, serve_params, 3,
     .stop_deadline = "service_due", .start_deadline = "payment_due"},
    {"record_payment", "登记罚款缴纳", "served", "executed", ENFORCERS, {g_paid_in_full},
     payment_params, 2, .stop_deadline = "payment_due", .shown_if = s_has_fine},
    {"execute_other", "登记履行完毕", "served", "executed", ENFORCERS, {g_no_fine}, note_param, 1,
     .shown_if = g_no_fine},
    {"close", "结案", "executed", "closed", HEADS, {NULL}, note_param, 1,
     .sets = {{"closed_on", "@today"}}},
    {"archive", "归档", "closed", "archived", HEADS | R(ROLE_STAFF), {NULL}, note_param, 1,
     .sets = {{"archived_on", "@today"}}},
    /* 国务院令310 art.5: the handlers report; the head approves on the referral, and the case
     * waits, its decision period standing still, for the outcome */
    {"transfer", "提出移送司法机关", "investigating reviewing", "transferring", ENFORCERS,
     {g_actor_on_case, g_officers}, transfer_params, 2, .suspend_deadline = "decision_due",
     .after = open_referral,
     .confirm = "涉嫌犯罪的案件应当移送司法机关，不得以行政处罚代替移送。确认提交移送报告？"},
    {"referral_returned", "移送未获批准或公安机关不予立案，恢复办理", "transferring",
     "investigating", 0, {NULL}, NULL, 0, .system_only = true,
     .resume_deadline = "decision_due"},
    {"referral_filed", "公安机关已立案", "transferring", "transferred", 0, {NULL}, NULL, 0,
     .system_only = true},
    {"suspend", "中止办理", HANDLING, NULL, HEADS, {g_not_suspended}, reason_param, 1,
     .shown_if = g_not_suspended, .suspend_deadline = "decision_due"},
    {"resume", "恢复办理", HANDLING, NULL, HEADS, {g_suspended}, note_param, 1,
     .shown_if = g_suspended, .resume_deadline = "decision_due"},
    {"extend", "延长办案期限", HANDLING, NULL, HEADS, {g_extend_in_time}, extend_params, 2,
     .extend_deadline = "decision_due"},
    /* a reconsideration or a court may set a decision aside after the file is archived */
    {"revoke", "撤销决定", "decided served executed closed archived", "revoked", HEADS, {NULL},
     reason_param, 1, .after = revoked,
     .confirm = "撤销后已公开的决定将在三个工作日内撤下。确认撤销？"},
};
/* clang-format on */

static const struct workflow case_workflow = {
    case_states,      sizeof case_states / sizeof case_states[0],
    case_transitions, sizeof case_transitions / sizeof case_transitions[0],
    "clue",           "on_site"};

/* ---- record hooks ------------------------------------------------------------------------ */

static const char *case_initial(const struct record *r)
{
    const struct value *p = guard_field(r, "procedure");
    return p && strcmp(p->s, "summary") == 0 ? "on_site" : "clue";
}

/* Facts of a case are its own until the decision: after it, a change is a revocation. */
/* Whether field name holds the same value in both versions of a record. */
static bool field_same(const struct record *a, const struct record *b, const char *name)
{
    int i = entity_field_index(a->e, name);
    if (i < 0)
        return true;
    const struct value *x = &a->v[i], *y = &b->v[i];
    if (x->null != y->null)
        return false;
    if (x->null)
        return true;
    if (field_is_list(&a->e->fields[i])) {
        if (x->n != y->n)
            return false;
        for (size_t k = 0; k < x->n; k++)
            if (x->ids[k] != y->ids[k])
                return false;
        return true;
    }
    if (field_is_int(&a->e->fields[i]))
        return x->i == y->i;
    return x->s && y->s && strcmp(x->s, y->s) == 0;
}

static const char *case_rules(const struct record *r, const struct record *before, int today,
                              const char **field)
{
    const struct value *occurred = guard_field(r, "occurred_on");
    if (occurred && occurred->i > today) {
        *field = "occurred_on";
        return "违法行为发生日期不能晚于今天";
    }
    const struct value *ended = guard_field(r, "ended_on");
    if (ended && occurred && ended->i < occurred->i) {
        *field = "ended_on";
        return "终了日期不能早于发生日期";
    }
    if (ended && ended->i > today) {
        *field = "ended_on";
        return "终了日期不能晚于今天";
    }
    if (!before)
        return NULL;
    if (wf_state_in("decided served executed closed archived revoked transferring transferred "
                    "not_filed",
                    before->status)) {
        *field = NULL;
        return "决定作出或案件终结后，案件信息不能再修改；确有错误的，应撤销决定后重新处理";
    }
    /* What filing checked (limitation, the matter, the officers) stays as it was checked;
     * once the party has been told, so do the party and the facts. */
    static const char *const filed[] = {"matter",       "occurred_on", "continuing", "ended_on",
                                        "harm_serious", "officers",    "party"};
    static const char *const told[] = {"facts", "location"};
    bool after_filing = !wf_state_in("clue on_site", before->status);
    bool after_notice = guard_field(before, "notice_served_on") != NULL;
    for (size_t k = 0; after_filing && k < sizeof filed / sizeof filed[0]; k++)
        if (!field_same(r, before, filed[k])) {
            *field = filed[k];
            return "立案后，执法事项、当事人、执法人员和违法行为日期不能再修改；确有错误的，"
                   "应不予立案或撤销后重新登记";
        }
    for (size_t k = 0; after_notice && k < sizeof told / sizeof told[0]; k++)
        if (!field_same(r, before, told[k])) {
            *field = told[k];
            return "已事先告知当事人，违法事实不能再修改；需要改变的，应退回补充调查后重新告知";
        }
    return NULL;
}

static void case_derive(struct ctx *c, struct record *r)
{
    /* 加处罚款 (art.72) as of the payment, or of today while unpaid */
    int fi = entity_field_index(r->e, "late_fee");
    const struct value *fine = guard_field(r, "decided_fine");
    const struct value *paid_on = guard_field(r, "paid_on");
    const struct deadline_view *d = deadline_of(r, "payment_due");
    int due;
    r->v[fi].null = true; /* no fine with a payment deadline: not applicable */
    const struct value *kind = guard_field(r, "decided_penalty");
    bool is_fine = kind && strcmp(kind->s, "fine") == 0;
    if (is_fine && fine && fine->i > 0 && d && date_parse(d->due_date, &due) == 0) {
        int64_t fee = late_payment_charge(fine->i, (paid_on ? (int)paid_on->i : c->today) - due);
        char m[32];
        money_format(fee, m);
        r->v[fi].null = false;
        r->v[fi].i = fee;
        r->v[fi].s = arena_strdup(c->a, m);
    }
    /* earlier penalties of the same party for the same matter (首违不罚 needs none) */
    int pi = entity_field_index(r->e, "prior_violations");
    const struct value *party = guard_field(r, "party"), *matter = guard_field(r, "matter");
    r->v[pi].null = false;
    r->v[pi].i = 0;
    if (!party || !matter)
        return;
    const struct value *occurred = guard_field(r, "occurred_on");
    /* the same person or organisation, even entered twice in the register: matched by
     * identity number or credit code as well as by record */
    /* the party's records first — by record, identity number, credit code, each found by
     * its index — then their cases by the party index ("+ 0" and "|| ''" keep the planner
     * off the other indexes, which would walk every case of the matter or every penalty):
     * reading a case does not scan the tenant's cases. The index on the party carries the
     * columns tested, so a party met often (a hundred cases) is not read case by case. */
    stmt *st = db_prepare(
        c->db, "SELECT COUNT(*) FROM penalty_cases c WHERE c.party IN (SELECT ? UNION SELECT "
               "p.id FROM parties p WHERE p.id_number = (SELECT q.id_number FROM parties q "
               "WHERE q.id = ?) AND p.org_id + 0 = (SELECT q.org_id FROM parties q WHERE q.id = "
               "?) UNION SELECT p.id FROM parties p WHERE p.uscc = (SELECT q.uscc FROM parties q "
               "WHERE q.id = ?) AND p.org_id + 0 = (SELECT q.org_id FROM parties q WHERE q.id = "
               "?)) AND c.matter + 0 = ? AND c.id <> ? AND c.decision_kind || '' = 'penalty' AND "
               "c.status <> 'revoked' AND c.decided_on || '' <= ?");
    if (!st)
        return;
    for (int k = 1; k <= 5; k++)
        db_bind_int(st, k, party->i);
    db_bind_int(st, 6, matter->i);
    db_bind_int(st, 7, r->id);
    db_bind_text(st, 8, occurred ? occurred->s : "9999-12-31");
    if (db_step(st) == DB_ROW)
        r->v[pi].i = db_col_int(st, 0);
    db_done(st);
}

/* The discretion range for the proposed fine, and the exemptions that may apply. */
static size_t case_warnings(struct ctx *c, const struct record *r, const char **out, size_t max)
{
    size_t n = 0;
    const struct value *matter = guard_field(r, "matter");
    const struct value *party = guard_field(r, "party");
    const struct value *occurred = guard_field(r, "occurred_on");
    char on[11];
    date_format(occurred ? (int)occurred->i : c->today, on);
    const struct value *tier = guard_field(r, "discretion_tier");
    const struct value *fine = guard_field(r, "proposed_fine");
    if (matter && tier && n < max) {
        /* the benchmark for this kind of party (or any), in force on the day of the act */
        stmt *st = db_prepare(
            c->db, "SELECT b.fine_min, b.fine_max FROM discretion_benchmarks b WHERE b.matter = ? "
                   "AND b.tier = ? AND b.party_kind IN ('any', (SELECT p.kind FROM parties p "
                   "WHERE p.id = ?)) AND b.effective_from <= ? AND (b.effective_to IS NULL OR "
                   "b.effective_to >= ?) ORDER BY b.party_kind = 'any', b.effective_from DESC "
                   "LIMIT 1");
        if (st) {
            db_bind_int(st, 1, matter->i);
            db_bind_text(st, 2, tier->s);
            db_bind_int(st, 3, party ? party->i : 0);
            db_bind_text(st, 4, on);
            db_bind_text(st, 5, on);
            if (db_step(st) == DB_ROW) {
                int64_t lo = db_col_int(st, 0), hi = db_col_int(st, 1);
                char a[32], b[32];
                money_format(lo, a);
                money_format(hi, b);
                if (fine && (fine->i < lo || fine->i > hi))
                    out[n++] = arena_printf(
                        c->a, "拟罚款 %s 元超出“%s”档裁量基准（%s–%s 元），请说明理由或调整",
                        fine->s, tier->label, a, b);
                else
                    out[n++] =
                        arena_printf(c->a, "“%s”档裁量基准：罚款 %s–%s 元", tier->label, a, b);
            }
            db_done(st);
        }
    }
    const struct value *prior = guard_field(r, "prior_violations");
    const char *status = r->status ? r->status : "";
    bool undecided = !guard_field(r, "decided_on") && strcmp(status, "not_filed") != 0;
    if (matter && prior && prior->i == 0 && undecided && n < max) {
        stmt *st = db_prepare(c->db, "SELECT conditions FROM exemptions WHERE matter = ? AND "
                                     "kind = 'first_violation' AND effective_from <= ? AND "
                                     "(effective_to IS NULL OR effective_to >= ?) ORDER BY "
                                     "effective_from DESC LIMIT 1");
        if (st) {
            db_bind_int(st, 1, matter->i);
            db_bind_text(st, 2, on);
            db_bind_text(st, 3, on);
            if (db_step(st) == DB_ROW)
                out[n++] =
                    arena_printf(c->a, "当事人此前无同类违法处罚记录，可审查是否适用首违不罚：%s",
                                 db_col_text(st, 0));
            db_done(st);
        }
    }
    if (is_suspended(r) && n < max)
        out[n++] = "案件已中止办理，办案期限暂停计算";
    return n;
}

/* the documents made from the case (documents.c) */
static const struct record_page case_pages[] = {
    {"documents", "制作执法文书"},
};

const struct entity entity_penalty_cases = {
    .name = "penalty_cases",
    .label = "行政处罚案件",
    .icon = "案",
    .fields = case_fields,
    .nfields = sizeof case_fields / sizeof case_fields[0],
    .title_field = "act_summary",
    .unit_field = "department",
    .read_roles = ROLES_ALL & ~R(ROLE_GRID_WORKER),
    .create_roles = ENFORCERS | R(ROLE_STAFF) | R(ROLE_ADMIN), /* staff register complaints */
    .update_roles = ENFORCERS,
    .workflow = &case_workflow,
    .deadlines = case_deadlines,
    .ndeadlines = sizeof case_deadlines / sizeof case_deadlines[0],
    .default_sort = "-id",
    .locked_when_terminal = true,
    .in_nav = true,
    .check = case_rules,
    .initial_state = case_initial,
    .derive = case_derive,
    .warnings = case_warnings,
    .pages = case_pages,
    .npages = 1,
    /* case_derive: a party's cases with the columns it tests, read from the index alone */
    .indexes = (const char *const[]){"party, matter, decision_kind, decided_on, status", NULL},
};
