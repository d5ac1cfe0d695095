/* challenges.c — administrative reconsiderations and lawsuits about disclosure requests
 * (政府信息公开行政复议、行政诉讼): what table 四 of the yearly report counts. A challenge
 * belongs to the request it is about; its outcome stays "pending" until decided. */
#include <string.h>

#include "core/date.h"
#include "engine/workflow.h"
#include "modules/disclosure/disclosure.h"
#include "core/banned.h"

#define WRITERS (R(ROLE_STAFF) | R(ROLE_LEADER) | R(ROLE_ADMIN))

/* The order is table 四's: values index CH_* and CO_* (annual.c). */
static const struct choice challenge_kinds[] = {
    {"reconsideration", "行政复议"},
    {"litigation", "行政诉讼（未经复议直接起诉）"},
    {"litigation_after_reconsideration", "行政诉讼（复议后起诉）"},
    {NULL, NULL}};

static const struct choice outcomes[] = {{"upheld", "结果维持"},
                                         {"corrected", "结果纠正"},
                                         {"other", "其他结果"},
                                         {"pending", "尚未审结"},
                                         {NULL, NULL}};

static const struct field challenge_fields[] = {
    {"request", "所涉申请", FT_REF, F_REQUIRED | F_FIXED | F_LIST, .ref = "disclosure_requests"},
    {"kind", "类型", FT_ENUM, F_REQUIRED | F_FIXED | F_LIST | F_FILTER, .choices = challenge_kinds},
    {"filed_on", "申请复议或起诉日期", FT_DATE, F_REQUIRED | F_LIST | F_SORT | F_FILTER},
    {"case_number", "案号", FT_TEXT, F_SEARCH, 0, 100},
    {"outcome", "结果", FT_ENUM, F_REQUIRED | F_LIST | F_FILTER, .choices = outcomes,
     .help = "复议决定或裁判作出前为“尚未审结”"},
    {"decided_on", "复议决定或裁判日期", FT_DATE, F_LIST | F_SORT},
    {"summary", "主要情况", FT_LONGTEXT, F_SEARCH, 0, 5000},
};

static const char *challenge_rules(const struct record *r, const struct record *before, int today,
                                   const char **field)
{
    (void)before;
    int filed = -1, decided = -1;
    const struct value *f = guard_field(r, "filed_on"), *d = guard_field(r, "decided_on");
    const struct value *o = guard_field(r, "outcome");
    if (f)
        date_parse(f->s, &filed);
    if (d)
        date_parse(d->s, &decided);
    bool pending = o && strcmp(o->s, "pending") == 0;
    if (filed > today) {
        *field = "filed_on";
        return "申请复议或起诉日期不能晚于今天";
    }
    if (pending && d) {
        *field = "decided_on";
        return "尚未审结的，不填写决定或裁判日期";
    }
    if (!pending && !d) {
        *field = "decided_on";
        return "已有结果的，请填写复议决定或裁判日期";
    }
    if (d && (decided < filed || decided > today)) {
        *field = "decided_on";
        return "决定或裁判日期应在申请复议或起诉日期之后，且不晚于今天";
    }
    return NULL;
}

const struct entity entity_disclosure_challenges = {
    .name = "disclosure_challenges",
    .label = "信息公开复议诉讼",
    .icon = "诉",
    .fields = challenge_fields,
    .nfields = sizeof challenge_fields / sizeof challenge_fields[0],
    .title_field = "case_number",
    .parent_field = "request",
    .read_roles = WRITERS | R(ROLE_SUPERVISOR),
    .create_roles = WRITERS,
    .update_roles = WRITERS,
    .default_sort = "-filed_on",
    .check = challenge_rules,
};
