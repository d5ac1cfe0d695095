/* requests.c — disclosure requests (依申请公开, RULES.md §5 arts.29–39): received on the
 * portal or recorded by staff from a letter, visit, mail, fax or email; a correction asked
 * once within 7 working days (the reply clock stops and starts again from the corrected
 * application; no correction in the applicant's period closes the request as 其他处理); a
 * reply within 20 working days, extended by at most 20 on a leader's approval; a third
 * party's consultation not counted; and the reply, whose type is a row of the yearly
 * report's table 三. Every guard cites its article. */
#include <string.h>

#include "core/calendar.h"
#include "core/date.h"
#include "engine/deadline.h"
#include "engine/workflow.h"
#include "modules/disclosure/disclosure.h"
#include "core/banned.h"

#define WRITERS (R(ROLE_STAFF) | R(ROLE_LEADER) | R(ROLE_ADMIN))
#define READERS (WRITERS | R(ROLE_SUPERVISOR))
#define UNITS ((1u << ORG_SUBDISTRICT) | (1u << ORG_DEPARTMENT))

static const struct choice applicant_kinds[] = {
#define AK_CHOICE(e, v, l) {v, l},
    APPLICANT_KIND_LIST(AK_CHOICE)
#undef AK_CHOICE
        {NULL, NULL}};

static const struct choice reply_types[] = {
#define RT_CHOICE(e, v, g, gl, l) {v, g < 2 ? l : gl "：" l},
    REPLY_TYPE_LIST(RT_CHOICE)
#undef RT_CHOICE
        {NULL, NULL}};

static const struct choice channels[] = {{"portal", "门户网站在线申请"},
                                         {"in_person", "当面提交"},
                                         {"registered_mail", "挂号信、快递等需签收的邮件"},
                                         {"ordinary_mail", "平常信函"},
                                         {"fax", "传真"},
                                         {"email", "电子邮件"},
                                         {NULL, NULL}};

static const struct choice forms[] = {{"paper_post", "纸质文本（邮寄）"},
                                      {"paper_pickup", "纸质文本（当面领取）"},
                                      {"electronic_email", "电子数据（电子邮件）"},
                                      {"electronic_portal", "电子数据（网上查询下载）"},
                                      {"other", "其他方式"},
                                      {NULL, NULL}};

static const struct field request_fields[] = {
    {"tracking_code", "查询码", FT_TEXT, F_SYSTEM | F_LIST | F_SEARCH,
     .help = "系统生成，告知申请人用于查询办理进度"},
    {"unit", "受理机关", FT_ORG, F_REQUIRED | F_FIXED | F_FILTER, .org_kinds = UNITS},
    {"channel", "申请渠道", FT_ENUM, F_REQUIRED | F_FIXED | F_LIST | F_FILTER, .choices = channels},
    {"received_on", "收到申请日期", FT_DATE, F_REQUIRED | F_FIXED | F_LIST | F_SORT | F_FILTER,
     .help = "当面提交的以提交之日为准；需签收的邮件以签收之日为准；平常信函、网上申请、传真"
             "以双方确认之日为准（政府信息公开条例第三十一条）"},
    {"applicant_kind", "申请人类型", FT_ENUM, F_REQUIRED | F_FIXED | F_LIST | F_FILTER,
     .choices = applicant_kinds, .group = "申请人"},
    {"applicant_name", "申请人姓名或名称", FT_TEXT, F_REQUIRED | F_SENSITIVE, 1, 100},
    {"id_number", "身份证件号码或统一社会信用代码", FT_TEXT, F_REQUIRED | F_SENSITIVE, 4, 40},
    {"phone", "联系电话", FT_TEXT, F_SENSITIVE, 0, 30},
    {"email", "电子邮箱", FT_TEXT, F_SENSITIVE, 0, 100},
    {"address", "通信地址", FT_TEXT, F_SENSITIVE, 0, 200},
    {"content", "申请公开的政府信息", FT_LONGTEXT, F_REQUIRED | F_FIXED | F_LIST | F_SEARCH, 4,
     5000, .help = "政府信息的名称、文号或者便于查询的其他特征性描述", .group = "申请内容"},
    {"desired_form", "获取信息的方式", FT_ENUM, F_REQUIRED, .choices = forms},
    /* correction (art.30) */
    {"correction_requested_on", "告知补正日期", FT_DATE, F_SYSTEM, .group = "补正"},
    {"correction_items", "需要补正的事项", FT_LONGTEXT, F_SYSTEM},
    {"correction_until", "补正期限", FT_DATE, F_SYSTEM},
    {"corrected_on", "收到补正申请日期", FT_DATE, F_SYSTEM},
    /* extension and consultation (arts.32, 33) */
    {"extension_days", "延长答复期限（工作日）", FT_INT, F_SYSTEM, 1,
     GIP_EXTENSION_MAX_WORKING_DAYS, .group = "延期与征求意见"},
    {"extension_reason", "延期理由", FT_LONGTEXT, F_SYSTEM},
    {"extension_approved_by", "延期批准人", FT_USER, F_SYSTEM},
    {"third_party", "征求意见的第三方", FT_TEXT, F_SYSTEM},
    {"consultation_started_on", "征求意见日期", FT_DATE, F_SYSTEM},
    {"consultation_ended_on", "征求意见结束日期", FT_DATE, F_SYSTEM},
    /* the reply (arts.35–39) */
    {"reply_type", "答复类型", FT_ENUM, F_SYSTEM | F_LIST | F_FILTER, .choices = reply_types,
     .group = "答复"},
    {"reply_text", "答复内容", FT_LONGTEXT, F_SYSTEM},
    {"reply_files", "答复文书及提供的信息", FT_FILES, F_SYSTEM, .max = 20},
    {"replied_on", "答复日期", FT_DATE, F_SYSTEM | F_SORT | F_FILTER},
};

static const struct wf_state request_states[] = {
    {"received", "已收到", false},   {"awaiting_correction", "待补正", false},
    {"processing", "办理中", false}, {"consulting", "征求第三方意见", false},
    {"replied", "已答复", true},     {"closed", "已终止办理", true},
};

static const struct deadline_def request_deadlines[] = {
    /* art.33: 20 working days from receipt */
    {"reply_due", "答复期限（20个工作日）", DL_WORKING_DAYS, GIP_REPLY_WORKING_DAYS, "received_on"},
    /* art.30: counted again from the corrected application */
    {"reply_due_corrected", "答复期限（自收到补正申请起20个工作日）", DL_WORKING_DAYS,
     GIP_REPLY_WORKING_DAYS, "corrected_on"},
    /* art.30: the applicant's reasonable period to correct */
    {"correction_period", "申请人补正期限", DL_ON_DATE, 0, "correction_until", .window = true},
    /* art.32: 15 working days for the third party to give its view */
    {"consultation_period", "第三方提出意见期限（15个工作日）", DL_WORKING_DAYS,
     GIP_CONSULTATION_WORKING_DAYS, "consultation_started_on", .window = true},
};

/* ---- guards ------------------------------------------------------------------------------ */

static int day_of(const struct value *v)
{
    int d;
    return v && v->s && date_parse(v->s, &d) == 0 ? d : -1;
}

/* art.30: within 7 working days of receipt. */
static const char *g_correction_in_time(const struct guard_ctx *g)
{
    int received = day_of(guard_field(g->rec, "received_on"));
    if (received < 0)
        return "请先填写收到申请日期";
    return gip_correction_in_time(g->cal, received, g->today);
}

/* art.30: told once, all items together. */
static const char *g_correction_once(const struct guard_ctx *g)
{
    return guard_field(g->rec, "correction_requested_on")
               ? "已经要求过一次补正，不能再次要求补正（政府信息公开条例第三十条：一次性告知）"
               : NULL;
}

/* art.30: a reasonable period, still ahead. */
static const char *g_correction_period(const struct guard_ctx *g)
{
    int until = day_of(guard_param(g, g->transition, "correction_until"));
    return until <= g->today ? "补正期限应晚于今天，请给申请人合理的补正期限" : NULL;
}

static const char *g_corrected_on(const struct guard_ctx *g)
{
    int on = day_of(guard_param(g, g->transition, "corrected_on"));
    int asked = day_of(guard_field(g->rec, "correction_requested_on"));
    int until = day_of(guard_field(g->rec, "correction_until"));
    if (on < 0)
        return "请填写收到补正申请的日期";
    if (on > g->today)
        return "收到补正申请的日期不能晚于今天";
    if (on < asked)
        return "收到补正申请的日期不能早于告知补正的日期";
    if (until >= 0 && on > until)
        return "申请人在补正期限后才补正：请按“逾期未补正，终止办理”处理，或请申请人重新申请";
    return NULL;
}

/* art.30: only once the applicant's period has passed. */
static const char *g_correction_period_over(const struct guard_ctx *g)
{
    int until = day_of(guard_field(g->rec, "correction_until"));
    return until >= 0 && g->today <= until ? "申请人的补正期限尚未届满，不能终止办理" : NULL;
}

/* The reply clock that runs now: the corrected application's, else the receipt's. */
static const struct deadline_view *reply_clock(const struct record *r)
{
    const struct deadline_view *found = NULL;
    for (size_t i = 0; i < r->ndeadlines; i++) {
        const struct deadline_view *d = &r->deadlines[i];
        if ((strcmp(d->kind, "reply_due") == 0 || strcmp(d->kind, "reply_due_corrected") == 0) &&
            (strcmp(d->status, "running") == 0 || strcmp(d->status, "suspended") == 0))
            found = d;
    }
    return found;
}

/* art.33: one extension, of at most 20 working days in all. */
static const char *g_not_extended(const struct guard_ctx *g)
{
    return guard_field(g->rec, "extension_days")
               ? "答复期限已经延长过，延长期限最长不得超过20个工作日（政府信息公开条例第三十三条）"
               : NULL;
}

/* art.33: the extension is approved and notified before the period runs out. */
static const char *g_extend_in_time(const struct guard_ctx *g)
{
    const struct deadline_view *d = reply_clock(g->rec);
    int due;
    if (!d || date_parse(d->due_date, &due))
        return "没有正在计算的答复期限可以延长";
    return g->today > due ? "答复期限已届满，不能再延长" : NULL;
}

/* The "no correction" result closes a request through its own step, after the period. */
static const char *g_reply_type(const struct guard_ctx *g)
{
    const struct value *t = guard_param(g, g->transition, "reply_type");
    if (t && reply_type_parse(t->s) == RT_OTHER_NO_CORRECTION)
        return "申请人逾期未补正的，请使用“逾期未补正，终止办理”";
    /* "still unclear after the correction" needs a correction received (art.30, table 三
     * (四)3) */
    const struct value *corrected = guard_field(g->rec, "corrected_on");
    if (t && reply_type_parse(t->s) == RT_UNAVAILABLE_UNCLEAR && (!corrected || corrected->null))
        return "“补正后申请内容仍不明确”只适用于已收到补正申请的情形；未告知补正的，应先一次性告知补正";
    return NULL;
}

/* The reply clocks a consultation moves: whichever of the two still counts. */
static fz_err move_reply_clocks(struct ctx *c, const struct record *r, int days)
{
    static const char *const clocks[] = {"reply_due", "reply_due_corrected"};
    bool moved = false;
    for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
        fz_err e = deadline_extend(c, r, clocks[i], days);
        if (e && e != FZ_ENOTFOUND)
            return e;
        moved = moved || e == FZ_OK;
    }
    return moved ? FZ_OK : ctx_fail(c, FZ_EGUARD, NULL, "没有正在计算的答复期限");
}

/* art.32: the time the third party takes is not counted, up to its 15 working days. The
 * reply clock keeps running, moved on by those 15 days at once — so that a consultation
 * nobody closes still ends, and the request still falls due — and moved back by the days
 * not used when the consultation is closed. */
static fz_err consult_started(struct ctx *c, const struct record *r)
{
    return move_reply_clocks(c, r, GIP_CONSULTATION_WORKING_DAYS);
}

static fz_err consult_ended(struct ctx *c, const struct record *r)
{
    const struct value *started = guard_field(r, "consultation_started_on");
    int from;
    if (!started || started->null || date_parse(started->s, &from))
        return ctx_fail(c, FZ_EINTERNAL, NULL, NULL);
    int used = c->today > from ? calendar_working_days_between(c->cal, from, c->today) : 0;
    if (used > GIP_CONSULTATION_WORKING_DAYS)
        used = GIP_CONSULTATION_WORKING_DAYS;
    return used == GIP_CONSULTATION_WORKING_DAYS
               ? FZ_OK
               : move_reply_clocks(c, r, used - GIP_CONSULTATION_WORKING_DAYS);
}

/* ---- transitions ------------------------------------------------------------------------- */

static const struct field note_param[] = {{"note", "说明", FT_LONGTEXT, 0, 0, 2000}};
static const struct field correction_params[] = {
    {"correction_items", "需要补正的事项", FT_LONGTEXT, F_REQUIRED, 4, 2000,
     .help = "一次性告知申请人需要补正的全部事项"},
    {"correction_until", "补正期限", FT_DATE, F_REQUIRED, .help = "给申请人的合理补正期限"}};
static const struct field corrected_params[] = {
    {"corrected_on", "收到补正申请日期", FT_DATE, F_REQUIRED}};
static const struct field close_params[] = {
    {"reply_text", "告知申请人的内容", FT_LONGTEXT, F_REQUIRED, 4, 5000,
     .help = "说明申请人无正当理由逾期不补正，视为放弃申请，行政机关不再处理"}};
static const struct field extend_params[] = {
    {"extension_days", "延长的工作日数", FT_INT, F_REQUIRED, 1, GIP_EXTENSION_MAX_WORKING_DAYS},
    {"extension_reason", "延期理由", FT_LONGTEXT, F_REQUIRED, 4, 2000,
     .help = "经政府信息公开工作机构负责人同意，并告知申请人（第三十三条）"}};
static const struct field consult_params[] = {
    {"third_party", "征求意见的第三方", FT_TEXT, F_REQUIRED, 2, 200,
     .help = "公开可能损害第三方合法权益的，书面征求其意见（第三十二条）"}};
static const struct field reply_params[] = {
    {"reply_type", "答复类型", FT_ENUM, F_REQUIRED, .choices = reply_types},
    {"reply_text", "答复内容", FT_LONGTEXT, F_REQUIRED, 4, 5000,
     .help = "不予公开、无法提供、不予处理的，应当告知理由（第三十六条）"},
    {"reply_files", "答复文书及提供的信息", FT_FILES, 0, .max = 20}};

/* clang-format off */
static const struct wf_transition request_transitions[] = {
    {"accept", "开始办理", "received", "processing", WRITERS, {NULL}, note_param, 1},
    {"request_correction", "一次性告知补正", "received processing", "awaiting_correction",
     WRITERS, {g_correction_once, g_correction_in_time, g_correction_period}, correction_params,
     2, .shown_if = g_correction_once, .void_deadline = "reply_due",
     .start_deadline = "correction_period", .sets = {{"correction_requested_on", "@today"}},
     .confirm = "告知补正后答复期限停止计算，自收到补正后的申请之日起重新计算。确认告知？"},
    {"correction_received", "收到补正申请", "awaiting_correction", "processing", WRITERS,
     {g_corrected_on}, corrected_params, 1, .stop_deadline = "correction_period",
     .start_deadline = "reply_due_corrected"},
    {"close_uncorrected", "逾期未补正，终止办理", "awaiting_correction", "closed", WRITERS,
     {g_correction_period_over}, close_params, 1,
     .sets = {{"reply_type", "other_no_correction"}, {"replied_on", "@today"}},
     .confirm = "申请人逾期未补正，视为放弃申请。确认终止办理？"},
    /* art.33: 工作机构负责人 approves: a leader of the unit */
    {"extend", "延长答复期限", "processing consulting", NULL, R(ROLE_LEADER),
     {g_not_extended, g_extend_in_time}, extend_params, 2, .shown_if = g_not_extended,
     .extend_deadline = "reply_due reply_due_corrected",
     .sets = {{"extension_approved_by", "@actor"}}},
    {"consult", "征求第三方意见", "processing", "consulting", WRITERS, {NULL}, consult_params, 1,
     .start_deadline = "consultation_period", .sets = {{"consultation_started_on", "@today"},
     {"consultation_ended_on", "@null"}}, .after = consult_started,
     .confirm = "征求第三方意见期间（最长15个工作日）不计入答复期限。确认发出征求意见？"},
    {"consultation_done", "第三方意见已收到或逾期未提出", "consulting", "processing", WRITERS,
     {NULL}, note_param, 1, .stop_deadline = "consultation_period",
     .sets = {{"consultation_ended_on", "@today"}}, .after = consult_ended},
    {"reply", "答复申请人", "received processing", "replied", WRITERS, {g_reply_type},
     reply_params, 3, .stop_deadline = "reply_due reply_due_corrected",
     .set_date_field = "replied_on",
     .confirm = "答复将通过查询码向申请人公开。确认答复？"},
};
/* clang-format on */

static const struct workflow request_workflow = {
    request_states, sizeof request_states / sizeof request_states[0], request_transitions,
    sizeof request_transitions / sizeof request_transitions[0], "received"};

/* ---- record rules ------------------------------------------------------------------------ */

static bool phone_ok(const char *s)
{
    size_t digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr(" -+()", *p))
            return false;
    }
    return digits >= 5 && digits <= 20;
}

static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at > s && strchr(at + 1, '.') && !strchr(at + 1, '@') && !strpbrk(s, " <>\"'");
}

static const char *request_rules(const struct record *r, const struct record *before, int today,
                                 const char **field)
{
    (void)before;
    int received = day_of(guard_field(r, "received_on"));
    if (received > today) {
        *field = "received_on";
        return "收到申请日期不能晚于今天";
    }
    const struct value *phone = guard_field(r, "phone"), *email = guard_field(r, "email");
    const struct value *addr = guard_field(r, "address");
    bool has_phone = phone && phone->s[0], has_email = email && email->s[0];
    if (!has_phone && !has_email && !(addr && addr->s[0])) {
        *field = "phone";
        return "请至少填写一种联系方式：联系电话、电子邮箱或通信地址（第二十九条）";
    }
    if (has_phone && !phone_ok(phone->s)) {
        *field = "phone";
        return "联系电话格式不正确";
    }
    if (has_email && !email_ok(email->s)) {
        *field = "email";
        return "电子邮箱格式不正确";
    }
    return NULL;
}

/* ---- the tracking code ------------------------------------------------------------------- */

/* 16 characters of a 31-letter alphabet from the OS CSPRNG: about 79 bits, so a code cannot
 * be guessed; unique by a look-up in the same write transaction. */
static fz_err give_code(struct ctx *c, const struct record *r)
{
    static const char alphabet[] = TRACKING_CODE_ALPHABET;
    const unsigned n = sizeof alphabet - 1, limit = 256 - 256 % n;
    for (int attempt = 0; attempt < 5; attempt++) {
        char code[TRACKING_CODE_LEN + 1];
        size_t k = 0;
        while (k < TRACKING_CODE_LEN) {
            unsigned char bytes[32];
            if (random_bytes(bytes, sizeof bytes))
                return ctx_fail(c, FZ_EINTERNAL, NULL, "系统暂时无法生成查询码，请稍后重试");
            for (size_t i = 0; i < sizeof bytes && k < TRACKING_CODE_LEN; i++)
                if (bytes[i] < limit) /* rejection keeps every letter equally likely */
                    code[k++] = alphabet[bytes[i] % n];
        }
        code[k] = '\0';
        stmt *st = db_prepare(c->db, "SELECT COUNT(*) FROM disclosure_requests WHERE "
                                     "tracking_code = ?");
        if (!st)
            return FZ_EDB;
        db_bind_text(st, 1, code);
        enum db_step s = db_step(st);
        int64_t taken = s == DB_ROW ? db_col_int(st, 0) : -1;
        db_done(st);
        if (taken < 0)
            return FZ_EDB;
        if (taken)
            continue;
        st = db_prepare(c->db, "UPDATE disclosure_requests SET tracking_code = ? WHERE id = ?");
        if (!st)
            return FZ_EDB;
        db_bind_text(st, 1, code);
        db_bind_int(st, 2, r->id);
        return db_run(st);
    }
    return ctx_fail(c, FZ_EINTERNAL, NULL, "系统暂时无法生成查询码，请稍后重试");
}

const struct entity entity_disclosure_requests = {
    .name = "disclosure_requests",
    .label = "依申请公开",
    .icon = "申",
    .fields = request_fields,
    .nfields = sizeof request_fields / sizeof request_fields[0],
    .title_field = "content",
    .unit_field = "unit",
    .read_roles = READERS,
    .create_roles = WRITERS,
    .update_roles = WRITERS,
    .workflow = &request_workflow,
    .deadlines = request_deadlines,
    .ndeadlines = sizeof request_deadlines / sizeof request_deadlines[0],
    .create_deadline = "reply_due",
    .default_sort = "-received_on",
    .locked_when_terminal = true,
    .in_nav = true,
    .check = request_rules,
    .created = give_code,
    .audit_reads = true,
};
