/* rules.c — the Administrative Penalty Law's rules as plain functions (RULES.md §1). */
#include "rules.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/banned.h"

static const char *const kind_names[PK__MAX] = {
#define PK_NAME(e, id, label) [e] = id,
    PENALTY_KIND_LIST(PK_NAME)
#undef PK_NAME
};

int penalty_kind_parse(const char *s)
{
    for (int i = 0; s && i < PK__MAX; i++)
        if (strcmp(kind_names[i], s) == 0)
            return i;
    return -1;
}

const char *penalty_kind_name(enum penalty_kind k)
{
    return (unsigned)k < PK__MAX ? kind_names[k] : "?";
}

static const char *const kind_labels[PK__MAX] = {
#define PK_LABEL(e, id, label) [e] = label,
    PENALTY_KIND_LIST(PK_LABEL)
#undef PK_LABEL
};

const char *penalty_kind_label(enum penalty_kind k)
{
    return (unsigned)k < PK__MAX ? kind_labels[k] : "?";
}

/* RULES.md §1 art.51 */
const char *summary_allowed(enum penalty_kind k, int64_t fine, bool organisation)
{
    if (k == PK_WARNING)
        return fine > 0 ? "警告不填写罚款数额" : NULL;
    if (k != PK_FINE)
        return "简易程序只能给予警告或者小额罚款，其他处罚须适用普通程序";
    int64_t limit = organisation ? SUMMARY_FINE_ORG_FEN : SUMMARY_FINE_CITIZEN_FEN;
    if (fine > limit)
        return organisation ? "当场罚款对法人或者其他组织不得超过 3000 元，请适用普通程序"
                            : "当场罚款对公民不得超过 200 元，请适用普通程序";
    if (fine <= 0)
        return "请填写罚款数额";
    return NULL;
}

/* RULES.md §1 art.36: N years later the same month and day (29 Feb → 28 Feb). */
int limitation_last_day(int from, bool serious)
{
    int y, m, d;
    date_to_ymd(from, &y, &m, &d);
    y += serious ? 5 : 2;
    if (m == 2 && d == 29 && !date_valid_ymd(y, 2, 29))
        d = 28;
    return date_from_ymd(y, m, d);
}

/* RULES.md §1 art.63 */
bool hearing_eligible(enum penalty_kind k, int64_t amount, bool organisation,
                      int64_t threshold_citizen, int64_t threshold_org)
{
    switch (k) {
    case PK_SUSPEND_LICENCE:
    case PK_RESTRICT:
    case PK_REVOKE_LICENCE:
        return true;
    case PK_FINE:
    case PK_CONFISCATION:
        return amount >= (organisation ? threshold_org : threshold_citizen);
    default:
        return false;
    }
}

/* RULES.md §1 art.64 (7 days before; working days by art.85) */
const char *hearing_notice_ok(const calendar *cal, int notice_on, int hearing_on)
{
    if (hearing_on <= notice_on ||
        calendar_working_days_between(cal, notice_on, hearing_on) < HEARING_NOTICE_WORKING_DAYS)
        return "听证应当在举行的七个工作日前通知当事人，请推后听证日期";
    return NULL;
}

/* RULES.md §1 art.64 (5 days after the notice; working days by art.85) */
const char *hearing_request_in_time(const calendar *cal, int notice_on, int requested_on)
{
    if (requested_on < notice_on)
        return "听证申请日期不能早于事先告知日期";
    int last = calendar_add_working_days(cal, notice_on, HEARING_REQUEST_WORKING_DAYS, NULL, NULL);
    if (requested_on > last) {
        char d[24];
        date_format_cn(last, d);
        static __thread char msg[160];
        snprintf(msg, sizeof msg, "当事人应在告知后五个工作日内（%s前）申请听证，已逾期", d);
        return msg;
    }
    return NULL;
}

/* RULES.md §1 art.45 */
const char *not_heavier(enum penalty_kind proposed, int64_t proposed_fine,
                        enum penalty_kind decided, int64_t decided_fine)
{
    static __thread char msg[200];
    /* a different kind is lighter only if it is lower in art.9's order and, when both carry
     * an amount (a fine for a confiscation), the amount is not higher */
    if (decided != proposed && decided_fine > proposed_fine && proposed_fine > 0) {
        snprintf(msg, sizeof msg,
                 "事先告知的数额为 %lld.%02lld 元，改变处罚种类也不得提高数额（不得因陈述、申辩加重"
                 "处罚）",
                 (long long)(proposed_fine / 100), (long long)(proposed_fine % 100));
        return msg;
    }
    if (decided > proposed) {
        snprintf(msg, sizeof msg,
                 "事先告知的是“%s”，不得给予更重的处罚种类（不得因陈述、申辩加重处罚）",
                 penalty_kind_label(proposed));
        return msg;
    }
    if (decided == proposed && decided_fine > proposed_fine) {
        snprintf(msg, sizeof msg,
                 "处罚数额不得高于事先告知的数额 %lld.%02lld 元（不得因陈述、申辩加重处罚）",
                 (long long)(proposed_fine / 100), (long long)(proposed_fine % 100));
        return msg;
    }
    return NULL;
}

/* RULES.md §1 art.72 */
int64_t late_payment_charge(int64_t fine, int days_late)
{
    if (days_late <= 0 || fine <= 0)
        return 0;
    /* 3% a day; integer fen, rounded down; never above the fine */
    if ((int64_t)days_late * 3 >= 100)
        return fine;
    int64_t charge = fine * 3 * days_late / 100;
    return charge > fine ? fine : charge;
}

static bool empty(const char *s)
{
    return !s || !*s;
}

/* RULES.md §1 art.59 */
const char *decision_complete(const struct decision_elements *d)
{
    if (empty(d->party_name))
        return "决定书缺少当事人的姓名或者名称";
    if (empty(d->party_address))
        return "决定书缺少当事人的地址";
    if (empty(d->facts))
        return "决定书缺少违反法律、法规、规章的事实";
    if (d->evidence_count <= 0)
        return "决定书缺少证据：请先收集并登记证据";
    if (empty(d->penalty_basis))
        return "决定书缺少行政处罚的种类和依据";
    if (empty(d->performance))
        return "决定书缺少行政处罚的履行方式和期限";
    if (empty(d->remedy))
        return "决定书缺少申请行政复议、提起行政诉讼的途径和期限";
    if (empty(d->agency) || d->decided_on <= 0)
        return "决定书缺少作出决定的行政机关名称和作出决定的日期";
    return NULL;
}

/* GB 11643-1999: weights 2^(17-i) mod 11, check "10X98765432"[sum mod 11]. */
char id_number_check(const char *s)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        sum += (s[i] - '0') * w[i];
    }
    return check[sum % 11];
}

bool id_number_valid(const char *s)
{
    if (!s || strlen(s) != 18)
        return false;
    char want = id_number_check(s);
    char last = s[17] == 'x' ? 'X' : s[17];
    /* the birth date must be a date */
    int y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 + (s[9] - '0');
    int m = (s[10] - '0') * 10 + (s[11] - '0'), d = (s[12] - '0') * 10 + (s[13] - '0');
    return want && want == last && date_valid_ymd(y, m, d);
}

/* GB 32100-2015: 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY", weights 3^i mod 31,
 * check = 31 - (sum mod 31) (31 → 0). */
static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

char uscc_check(const char *s)
{
    static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        const char *p = s[i] ? strchr(uscc_chars, s[i]) : NULL;
        if (!p)
            return 0;
        sum += (int)(p - uscc_chars) * w[i];
    }
    int c = 31 - sum % 31;
    return uscc_chars[c == 31 ? 0 : c];
}

bool uscc_valid(const char *s)
{
    if (!s || strlen(s) != 18)
        return false;
    char want = uscc_check(s);
    return want && s[17] == want;
}
