/* parties.c — the parties of enforcement cases (当事人): citizens with their identity number,
 * organisations with their unified social credit code. Identity numbers, addresses and
 * telephone numbers are personal data: kept out of lists and exports, and each reading of a
 * party's record is audited. */
#include <string.h>

#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

#define HANDLERS (R(ROLE_ADMIN) | R(ROLE_LEADER) | R(ROLE_STAFF) | R(ROLE_OFFICER))

static const struct field party_fields[] = {
    {"kind", "当事人类型", FT_ENUM, F_REQUIRED | F_FIXED | F_LIST | F_FILTER,
     .choices = party_kind_choices},
    {"name", "姓名或名称", FT_TEXT, F_REQUIRED | F_LIST | F_SEARCH | F_SORT, 2, 100},
    {"org", "所在辖区", FT_ORG, F_REQUIRED | F_FILTER,
     .org_kinds = (1u << ORG_SUBDISTRICT) | (1u << ORG_COMMUNITY)},
    {"id_number", "公民身份号码", FT_TEXT, F_SENSITIVE, 18, 18, .help = "公民必填，18 位"},
    {"uscc", "统一社会信用代码", FT_TEXT, F_LIST | F_SEARCH, 18, 18,
     .help = "法人或其他组织必填，18 位"},
    {"legal_representative", "法定代表人或负责人", FT_TEXT, 0, 0, 50},
    {"address", "住所或地址", FT_TEXT, F_REQUIRED | F_SENSITIVE, 2, 200},
    {"phone", "联系电话", FT_TEXT, F_SENSITIVE, 0, 30},
};

static const char *party_rules(const struct record *r, const struct record *before, int today,
                               const char **field)
{
    (void)before, (void)today;
    const struct value *kind = guard_field(r, "kind");
    const struct value *idn = guard_field(r, "id_number"), *uscc = guard_field(r, "uscc");
    bool org = kind && strcmp(kind->s, "organisation") == 0;
    if (!org) {
        if (!idn || !id_number_valid(idn->s)) {
            *field = "id_number";
            return "请填写正确的 18 位公民身份号码（校验位不符）";
        }
    } else {
        if (!uscc || !uscc_valid(uscc->s)) {
            *field = "uscc";
            return "请填写正确的 18 位统一社会信用代码（校验位不符）";
        }
        if (idn) {
            *field = "id_number";
            return "法人或其他组织不填写公民身份号码";
        }
    }
    return NULL;
}

const struct entity entity_parties = {
    .name = "parties",
    .label = "当事人",
    .icon = "人",
    .fields = party_fields,
    .nfields = sizeof party_fields / sizeof party_fields[0],
    .title_field = "name",
    .unit_field = "org",
    /* a party's earlier penalties are found by identity number or credit code (cases.c) */
    .indexes = (const char *const[]){"id_number", "uscc", NULL},
    /* personal data: the enforcement office, its heads and reviewers, and supervisors */
    .read_roles = R(ROLE_ADMIN) | R(ROLE_LEADER) | R(ROLE_STAFF) | R(ROLE_OFFICER) |
                  R(ROLE_LEGAL_REVIEWER) | R(ROLE_SUPERVISOR),
    .tenant_read = true,
    .tenant_write = true,
    .create_roles = HANDLERS,
    .update_roles = HANDLERS,
    .default_sort = "name",
    .in_nav = true,
    .check = party_rules,
    .audit_reads = true,
};
