/* officers.c — enforcement certificates (执法证) and training records. Every act on a case
 * needs at least two officers whose certificates are in force and cover its matter
 * (行政处罚法 art.42; RULES.md §1). */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

#define KEEPERS (R(ROLE_ADMIN) | R(ROLE_LEADER))

static const struct field certificate_fields[] = {
    {"number", "证件编号", FT_TEXT, F_REQUIRED | F_FIXED | F_LIST | F_SEARCH | F_SORT, 4, 32},
    {"holder", "持证人", FT_USER, F_REQUIRED | F_FIXED | F_LIST | F_FILTER},
    {"org", "所在单位", FT_ORG, F_REQUIRED | F_FILTER},
    {"issuer", "发证机关", FT_TEXT, F_REQUIRED | F_LIST, 2, 100},
    {"scope_all", "覆盖全部赋权事项", FT_BOOL, 0, .help = "综合行政执法证：覆盖本街道全部执法事项"},
    {"matters", "执法事项范围", FT_REFS, 0, .max = 200, .ref = "matters",
     .help = "未勾选“覆盖全部”时，列出可以执法的事项"},
    {"valid_from", "有效期起", FT_DATE, F_REQUIRED | F_LIST},
    {"valid_until", "有效期至", FT_DATE, F_REQUIRED | F_LIST | F_SORT | F_FILTER},
    {"revoked_on", "注销日期", FT_DATE, F_SYSTEM},
};

static const struct wf_state certificate_states[] = {
    {"active", "有效", false},
    {"revoked", "已注销", true},
};

static const struct field revoke_params[] = {
    {"reason", "注销原因", FT_LONGTEXT, F_REQUIRED, 2, 500},
};

static const struct wf_transition certificate_transitions[] = {
    {"revoke",
     "注销",
     "active",
     "revoked",
     KEEPERS,
     {NULL},
     revoke_params,
     1,
     .stop_deadline = "expiry",
     .set_date_field = "revoked_on",
     .confirm = "注销后该证件不能再用于执法，确认注销？"},
};

static const struct workflow certificate_workflow = {certificate_states, 2, certificate_transitions,
                                                     1, "active"};

static const struct deadline_def certificate_deadlines[] = {
    {"expiry", "执法证有效期", DL_ON_DATE, 0, "valid_until"},
};

static const char *certificate_rules(const struct record *r, const struct record *before, int today,
                                     const char **field)
{
    (void)before, (void)today;
    const struct value *from = guard_field(r, "valid_from"), *to = guard_field(r, "valid_until");
    if (from && to && to->i < from->i) {
        *field = "valid_until";
        return "有效期至不能早于有效期起";
    }
    const struct value *all = guard_field(r, "scope_all"), *m = guard_field(r, "matters");
    if ((!all || !all->i) && (!m || !m->n)) {
        *field = "matters";
        return "请勾选“覆盖全部赋权事项”，或列出可以执法的事项";
    }
    return NULL;
}

static const struct record_page certificate_pages[] = {
    {"card", "打印执法证核验卡"},
};

const struct entity entity_certificates = {
    .name = "certificates",
    .label = "执法证",
    .icon = "证",
    .fields = certificate_fields,
    .nfields = sizeof certificate_fields / sizeof certificate_fields[0],
    .title_field = "number",
    .unit_field = "org",
    .read_roles = ROLES_ALL,
    .tenant_read = true,
    .ref_label =
        "(SELECT u.name FROM users u WHERE u.id = @.holder) || '（执法证 ' || @.number || '）'",
    .create_roles = KEEPERS,
    .update_roles = KEEPERS,
    .workflow = &certificate_workflow,
    .deadlines = certificate_deadlines,
    .ndeadlines = 1,
    .create_deadline = "expiry",
    .default_sort = "number",
    .locked_when_terminal = true,
    .in_nav = true,
    .check = certificate_rules,
    .pages = certificate_pages,
    .npages = 1,
};

/* RULES.md §1 art.42: a certificate is in force from valid_from to valid_until inclusive,
 * unless revoked, and covers its matters (or all of them). */
const char *certificate_problem(const struct record *cert, int64_t matter_id, int day)
{
    static __thread char msg[200];
    const struct value *num = guard_field(cert, "number");
    const char *n = num ? num->s : "?";
    const struct value *from = guard_field(cert, "valid_from");
    const struct value *to = guard_field(cert, "valid_until");
    if (cert->status && strcmp(cert->status, "active") != 0) {
        snprintf(msg, sizeof msg, "执法证 %s 已注销", n);
        return msg;
    }
    if (!from || day < from->i) {
        snprintf(msg, sizeof msg, "执法证 %s 尚未生效", n);
        return msg;
    }
    if (!to || day > to->i) {
        snprintf(msg, sizeof msg, "执法证 %s 已于 %s 过期", n, to ? to->s : "?");
        return msg;
    }
    const struct value *all = guard_field(cert, "scope_all");
    if (all && all->i)
        return NULL;
    const struct value *m = guard_field(cert, "matters");
    for (size_t k = 0; m && k < m->n; k++)
        if (m->ids[k] == matter_id)
            return NULL;
    snprintf(msg, sizeof msg, "执法证 %s 的执法范围不包括本案事项", n);
    return msg;
}

const char *officers_rule(const struct guard_ctx *g)
{
    static __thread char msg[300];
    const struct value *matter = guard_field(g->rec, "matter");
    const struct record **certs;
    size_t n = g->refs(g, "officers", &certs);
    int64_t holders[16];
    size_t good = 0;
    const char *problem = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *p = certificate_problem(certs[i], matter ? matter->i : 0, g->today);
        if (p) {
            if (!problem) {
                snprintf(msg, sizeof msg, "%s", p);
                problem = msg;
            }
            continue;
        }
        const struct value *h = guard_field(certs[i], "holder");
        bool seen = false;
        for (size_t k = 0; k < good; k++)
            seen |= h && holders[k] == h->i;
        if (h && !seen && good < 16)
            holders[good++] = h->i;
    }
    if (good >= 2)
        return NULL;
    if (problem) {
        size_t len = strlen(msg);
        snprintf(msg + len, sizeof msg - len, "；执法须由两名以上持有效执法证的人员进行");
        return msg;
    }
    return "执法须由两名以上持有有效执法证、且执法范围覆盖本案事项的人员进行（行政处罚法第四十二条"
           "）";
}

/* ---- training ---------------------------------------------------------------------------- */

static const struct field training_fields[] = {
    {"trainee", "参训人员", FT_USER, F_REQUIRED | F_LIST | F_FILTER},
    {"org", "所在单位", FT_ORG, F_REQUIRED | F_FILTER},
    {"course", "培训内容", FT_TEXT, F_REQUIRED | F_LIST | F_SEARCH, 2, 100},
    {"hours", "学时", FT_INT, F_REQUIRED | F_LIST, 1, 200},
    {"completed_on", "完成日期", FT_DATE, F_REQUIRED | F_LIST | F_SORT | F_FILTER},
    {"certificate", "结业证明", FT_FILES, 0, .max = 5},
};

const struct entity entity_trainings = {
    .name = "trainings",
    .label = "培训记录",
    .icon = "训",
    .fields = training_fields,
    .nfields = sizeof training_fields / sizeof training_fields[0],
    .title_field = "course",
    .unit_field = "org",
    .read_roles = ROLES_ALL,
    .tenant_read = true,
    .create_roles = KEEPERS | R(ROLE_STAFF),
    .update_roles = KEEPERS | R(ROLE_STAFF),
    .default_sort = "-completed_on",
};
