/* catalogue.c — what the subdistrict may enforce and how: matters (赋权事项), discretion
 * benchmarks (裁量基准) per matter, exemption lists (减免责清单), and the thresholds a
 * province sets (较大数额, review time limits). Data an administrator keeps, versioned by the
 * dates they take effect. */
#include <string.h>

#include "modules/enforcement/enforcement.h"
#include "core/banned.h"

#define CATALOGUE_KEEPERS (R(ROLE_ADMIN) | R(ROLE_LEADER) | R(ROLE_LEGAL_REVIEWER))
#define TENANTS ((1u << ORG_SUBDISTRICT) | (1u << ORG_DISTRICT))

/* Effective dates: an end before the start is a typing mistake. */
static const char *effective_dates(const struct record *r, const struct record *before, int today,
                                   const char **field)
{
    (void)before, (void)today;
    int from = entity_field_index(r->e, "effective_from");
    int to = entity_field_index(r->e, "effective_to");
    if (!r->v[to].null && !r->v[from].null && r->v[to].i < r->v[from].i) {
        *field = "effective_to";
        return "失效日期不能早于生效日期";
    }
    return NULL;
}

/* ---- matters ----------------------------------------------------------------------------- */

static const struct choice matter_categories[] = {
    {"city_appearance", "市容环境"},
    {"sanitation", "环境卫生"},
    {"construction_waste", "建筑垃圾"},
    {"outdoor_ads", "户外广告"},
    {"fire_safety", "消防安全"},
    {"planning", "规划建设"},
    {"market", "市场管理"},
    {"other", "其他"},
    {NULL, NULL},
};

static const struct field matter_fields[] = {
    {"code", "事项编码", FT_TEXT, F_REQUIRED | F_LIST | F_SEARCH | F_SORT | F_FILTER, 1, 32},
    {"name", "事项名称", FT_TEXT, F_REQUIRED | F_LIST | F_SEARCH, 2, 100},
    {"org", "实施主体", FT_ORG, F_REQUIRED | F_FIXED | F_FILTER, .org_kinds = TENANTS},
    {"category", "类别", FT_ENUM, F_REQUIRED | F_LIST | F_FILTER, .choices = matter_categories},
    {"legal_basis", "违法依据", FT_LONGTEXT, F_REQUIRED, 2, 2000,
     .help = "法律、法规、规章中规定该行为违法的条款"},
    {"penalty_basis", "处罚依据", FT_LONGTEXT, F_REQUIRED, 2, 2000,
     .help = "规定处罚种类和幅度的条款"},
    {"competent_body", "原主管部门", FT_TEXT, 0, 0, 100},
    {"delegated", "省级赋权事项", FT_BOOL, F_FILTER},
    {"delegation_basis", "赋权依据", FT_TEXT, 0, 0, 200,
     .help = "省政府关于乡镇街道综合行政执法的决定等（行政处罚法第二十四条）"},
    {"effective_from", "生效日期", FT_DATE, F_REQUIRED | F_LIST | F_SORT},
    {"effective_to", "失效日期", FT_DATE, F_SORT},
};

const struct entity entity_matters = {
    .name = "matters",
    .label = "执法事项",
    .icon = "项",
    .fields = matter_fields,
    .nfields = sizeof matter_fields / sizeof matter_fields[0],
    .title_field = "name",
    .unit_field = "org",
    .read_roles = ROLES_ALL,
    .tenant_read = true,
    .create_roles = CATALOGUE_KEEPERS,
    .update_roles = CATALOGUE_KEEPERS,
    .default_sort = "code",
    .in_nav = true,
    .check = effective_dates,
};

/* ---- discretion benchmarks --------------------------------------------------------------- */

static const struct choice tiers[] = {
    {"lenient", "从轻"}, {"general", "一般"}, {"severe", "从重"}, {NULL, NULL}};

const struct choice party_kind_choices[] = {
    {"citizen", "公民"}, {"organisation", "法人或其他组织"}, {NULL, NULL}};

static const struct choice benchmark_parties[] = {
    {"any", "不限"}, {"citizen", "公民"}, {"organisation", "法人或其他组织"}, {NULL, NULL}};

static const struct field benchmark_fields[] = {
    {"matter", "执法事项", FT_REF, F_REQUIRED | F_FIXED | F_LIST, .ref = "matters"},
    {"tier", "裁量档次", FT_ENUM, F_REQUIRED | F_LIST | F_FILTER, .choices = tiers},
    {"party_kind", "适用对象", FT_ENUM, F_REQUIRED | F_LIST, .choices = benchmark_parties},
    {"fine_min", "罚款下限", FT_MONEY, F_REQUIRED | F_LIST},
    {"fine_max", "罚款上限", FT_MONEY, F_REQUIRED | F_LIST},
    {"circumstances", "适用情形", FT_LONGTEXT, F_REQUIRED | F_LIST, 2, 2000},
    {"effective_from", "生效日期", FT_DATE, F_REQUIRED},
    {"effective_to", "失效日期", FT_DATE, 0},
};

static const char *benchmark_rules(const struct record *r, const struct record *before, int today,
                                   const char **field)
{
    const char *m = effective_dates(r, before, today, field);
    if (m)
        return m;
    if (r->v[4].i < r->v[3].i) {
        *field = "fine_max";
        return "罚款上限不能低于下限";
    }
    return NULL;
}

const struct entity entity_discretion_benchmarks = {
    .name = "discretion_benchmarks",
    .label = "裁量基准",
    .fields = benchmark_fields,
    .nfields = sizeof benchmark_fields / sizeof benchmark_fields[0],
    .title_field = "circumstances",
    .parent_field = "matter",
    .read_roles = ROLES_ALL,
    .tenant_read = true,
    .create_roles = CATALOGUE_KEEPERS,
    .update_roles = CATALOGUE_KEEPERS,
    .default_sort = "id",
    .check = benchmark_rules,
};

/* ---- exemption lists --------------------------------------------------------------------- */

static const struct choice exemption_kinds[] = {{"first_violation", "首违不罚"},
                                                {"minor", "轻微不罚"},
                                                {"mitigation", "从轻减轻"},
                                                {NULL, NULL}};

static const struct field exemption_fields[] = {
    {"matter", "执法事项", FT_REF, F_REQUIRED | F_FIXED | F_LIST, .ref = "matters"},
    {"kind", "类别", FT_ENUM, F_REQUIRED | F_LIST | F_FILTER, .choices = exemption_kinds},
    {"conditions", "适用条件", FT_LONGTEXT, F_REQUIRED | F_LIST, 2, 2000,
     .help = "如：初次违法、危害后果轻微并及时改正（行政处罚法第三十三条）"},
    {"effective_from", "生效日期", FT_DATE, F_REQUIRED},
    {"effective_to", "失效日期", FT_DATE, 0},
};

const struct entity entity_exemptions = {
    .name = "exemptions",
    .label = "减免责清单",
    .fields = exemption_fields,
    .nfields = sizeof exemption_fields / sizeof exemption_fields[0],
    .title_field = "conditions",
    .parent_field = "matter",
    .read_roles = ROLES_ALL,
    .tenant_read = true,
    .create_roles = CATALOGUE_KEEPERS,
    .update_roles = CATALOGUE_KEEPERS,
    .default_sort = "id",
    .check = effective_dates,
};

/* ---- thresholds -------------------------------------------------------------------------- */

static const struct choice threshold_keys[] = {
    {THRESHOLD_HEARING_CITIZEN, "较大数额罚款（公民）"},
    {THRESHOLD_HEARING_ORG, "较大数额罚款（法人或其他组织）"},
    {NULL, NULL}};

static const struct field threshold_fields[] = {
    {"key", "标准", FT_ENUM, F_REQUIRED | F_FIXED | F_LIST | F_FILTER | F_SORT,
     .choices = threshold_keys},
    {"org", "适用范围", FT_ORG, F_REQUIRED | F_FIXED, .org_kinds = TENANTS},
    {"amount", "数额", FT_MONEY, F_REQUIRED | F_LIST},
    {"basis", "依据", FT_TEXT, F_REQUIRED | F_LIST, 2, 200, .help = "省级规定的文件名称和条款"},
    {"effective_from", "生效日期", FT_DATE, F_REQUIRED | F_LIST},
};

const struct entity entity_thresholds = {
    .name = "thresholds",
    .label = "省定标准",
    .fields = threshold_fields,
    .nfields = sizeof threshold_fields / sizeof threshold_fields[0],
    .title_field = "basis",
    .unit_field = "org",
    .read_roles = ROLES_ALL,
    .tenant_read = true,
    .create_roles = CATALOGUE_KEEPERS,
    .update_roles = CATALOGUE_KEEPERS,
    .default_sort = "key",
};

int64_t threshold_amount(const struct guard_ctx *g, const char *key, int64_t fallback)
{
    const struct record *t = g->find(g, "thresholds", "key", key);
    const struct value *v = t ? guard_field(t, "amount") : NULL;
    return v ? v->i : fallback;
}
