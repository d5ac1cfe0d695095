/* proactive.c — proactive disclosure (主动公开, RULES.md §5 arts.20, 21, 26): an item is
 * drafted by the unit's staff, published within 20 working days of being made (the
 * publish_due deadline runs from creation and stops at publication, so a late item shows in
 * the staff's "my work"), and withdrawn with a reason. The portal lists published items
 * through disclosure_list_published(), which returns public fields only. */
#include <string.h>

#include "engine/workflow.h"
#include "modules/disclosure/disclosure.h"
#include "core/banned.h"

#define WRITERS (R(ROLE_STAFF) | R(ROLE_LEADER) | R(ROLE_ADMIN))
#define UNITS ((1u << ORG_SUBDISTRICT) | (1u << ORG_DEPARTMENT))

/* art.20's items that concern a subdistrict, then art.21's extras for townships and
 * subdistricts. */
const struct choice proactive_categories[] = {{"regulations", "规范性文件"},      /* 20(一) */
                                              {"organisation", "机构职能"},       /* 20(二) */
                                              {"plans", "规划计划"},              /* 20(三) */
                                              {"statistics", "统计信息"},         /* 20(四) */
                                              {"services", "办事服务"},           /* 20(五) */
                                              {"enforcement", "行政执法"},        /* 20(六) */
                                              {"budget", "财政预决算"},           /* 20(七) */
                                              {"fees", "收费项目"},               /* 20(八) */
                                              {"procurement", "政府采购"},        /* 20(九) */
                                              {"projects", "重大建设项目"},       /* 20(十) */
                                              {"social_policy", "民生政策"},      /* 20(十一) */
                                              {"emergency", "应急管理"},          /* 20(十二) */
                                              {"supervision", "监督检查"},        /* 20(十三) */
                                              {"recruitment", "招录信息"},        /* 20(十四) */
                                              {"rural_policy", "农业农村政策"},   /* 21 */
                                              {"irrigation", "农田水利"},         /* 21 */
                                              {"land_contracts", "土地承包流转"}, /* 21 */
                                              {"homesteads", "宅基地"},           /* 21 */
                                              {"expropriation", "征收补偿"},      /* 21 */
                                              {"fundraising", "筹资筹劳"},        /* 21 */
                                              {"social_assistance", "社会救助"},  /* 21 */
                                              {"other", "其他"},                  /* 20(十五) */
                                              {NULL, NULL}};

static const struct field proactive_fields[] = {
    {"title", "标题", FT_TEXT, F_REQUIRED | F_LIST | F_SEARCH | F_SORT, 2, 200},
    {"category", "公开类别", FT_ENUM, F_REQUIRED | F_LIST | F_FILTER,
     .choices = proactive_categories, .help = "政府信息公开条例第二十条、第二十一条规定的事项"},
    {"unit", "公开单位", FT_ORG, F_REQUIRED | F_FIXED | F_FILTER, .org_kinds = UNITS},
    {"body", "正文", FT_LONGTEXT, F_REQUIRED | F_SEARCH, 2, 20000},
    {"attachments", "附件", FT_FILES, 0, .max = 20,
     .help = "公开的文件原件，如 PDF 或 Office 文档"},
    {"published_on", "公开日期", FT_DATE, F_SYSTEM | F_LIST | F_SORT | F_FILTER},
    {"withdrawn_on", "撤回日期", FT_DATE, F_SYSTEM},
    {"withdrawal_reason", "撤回理由", FT_LONGTEXT, F_SYSTEM},
};

static const struct wf_state proactive_states[] = {
    {"draft", "待公开", false},
    {"published", "已公开", false},
    {"withdrawn", "已撤回", true},
    {"cancelled", "不予公开", true},
};

/* RULES.md §5 art.26: within 20 working days of the information being made. */
static const struct deadline_def proactive_deadlines[] = {
    {"publish_due", "主动公开期限（20个工作日）", DL_WORKING_DAYS, GIP_PROACTIVE_WORKING_DAYS,
     NULL},
};

static const struct field withdraw_params[] = {
    {"withdrawal_reason", "撤回理由", FT_LONGTEXT, F_REQUIRED, 2, 2000}};
static const struct field cancel_params[] = {
    {"withdrawal_reason", "不予公开的理由", FT_LONGTEXT, F_REQUIRED, 2, 2000,
     .help = "如经保密审查不宜公开（政府信息公开条例第十四条至第十七条）"}};

/* clang-format off */
static const struct wf_transition proactive_transitions[] = {
    {"publish", "公开", "draft", "published", WRITERS, {NULL}, NULL, 0,
     .stop_deadline = "publish_due", .sets = {{"published_on", "@today"}},
     .confirm = "确认向社会公开此信息？公开前应完成保密审查。"},
    {"withdraw", "撤回", "published", "withdrawn", WRITERS, {NULL}, withdraw_params, 1,
     .sets = {{"withdrawn_on", "@today"}}, .confirm = "确认从门户网站撤回此信息？"},
    {"cancel", "不予公开", "draft", "cancelled", R(ROLE_LEADER) | R(ROLE_ADMIN), {NULL},
     cancel_params, 1, .stop_deadline = "publish_due"},
};
/* clang-format on */

static const struct workflow proactive_workflow = {
    proactive_states, sizeof proactive_states / sizeof proactive_states[0], proactive_transitions,
    sizeof proactive_transitions / sizeof proactive_transitions[0], "draft"};

const struct entity entity_proactive_disclosures = {
    .name = "proactive_disclosures",
    .label = "主动公开",
    .icon = "开",
    .fields = proactive_fields,
    .nfields = sizeof proactive_fields / sizeof proactive_fields[0],
    .title_field = "title",
    .unit_field = "unit",
    .read_roles = ROLES_ALL,
    .create_roles = WRITERS,
    .update_roles = WRITERS,
    .workflow = &proactive_workflow,
    .deadlines = proactive_deadlines,
    .ndeadlines = 1,
    .create_deadline = "publish_due",
    .default_sort = "-id",
    .locked_when_terminal = true,
    .in_nav = true,
};

/* ---- the portal's list ------------------------------------------------------------------- */

/* Published items placed in org's subtree (the unit column holds the placing org). */
#define PUBLISHED_WHERE                                                                            \
    " FROM proactive_disclosures WHERE status = 'published' AND unit IN (SELECT descendant_id "    \
    "FROM org_closure WHERE ancestor_id = ?) AND (CAST(? AS TEXT) IS NULL OR category = ?)"

static const char *dup(struct ctx *c, const char *s)
{
    return s ? arena_strdup(c->a, s) : NULL;
}

static fz_err load_files(struct ctx *c, struct proactive_item *it)
{
    stmt *st = db_prepare(c->db, "SELECT target_id FROM record_links WHERE entity = "
                                 "'proactive_disclosures' AND record_id = ? AND field = "
                                 "'attachments' ORDER BY pos");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, it->id);
    size_t cap = 0;
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        if (it->nfiles == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            int64_t *bigger = arena_calloc(c->a, ncap, sizeof *bigger);
            if (it->nfiles)
                memcpy(bigger, it->file_ids, it->nfiles * sizeof *bigger);
            it->file_ids = bigger;
            cap = ncap;
        }
        it->file_ids[it->nfiles++] = db_col_int(st, 0);
    }
    db_done(st);
    return s == DB_ERROR ? FZ_EDB : FZ_OK;
}

fz_err disclosure_list_published(struct ctx *c, int64_t org_id, const char *category, int page,
                                 int per_page, struct proactive_item **out, size_t *n,
                                 int64_t *total)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    const struct field *cf = entity_field(&entity_proactive_disclosures, "category");
    bool known = !category;
    for (const struct choice *ch = proactive_categories; category && ch->value; ch++)
        known = known || strcmp(ch->value, category) == 0;
    if (!known)
        return ctx_fail(c, FZ_EINVAL, "category", "没有这个公开类别");
    if (page < 1 || per_page < 1 || per_page > 100)
        return ctx_fail(c, FZ_EINVAL, "page", "页码或每页条数不正确");
    stmt *st = db_prepare(c->db, "SELECT COUNT(*)" PUBLISHED_WHERE);
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, org_id);
    db_bind_text(st, 2, category);
    db_bind_text(st, 3, category);
    enum db_step s = db_step(st);
    *total = s == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    if (s == DB_ERROR)
        return FZ_EDB;
    st = db_prepare(c->db, "SELECT id, title, category, body, published_on" PUBLISHED_WHERE
                           " ORDER BY published_on DESC, id DESC LIMIT ? OFFSET ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, org_id);
    db_bind_text(st, 2, category);
    db_bind_text(st, 3, category);
    db_bind_int(st, 4, per_page);
    db_bind_int(st, 5, (int64_t)(page - 1) * per_page);
    struct proactive_item *items = arena_calloc(c->a, (size_t)per_page, sizeof *items);
    size_t k = 0;
    while (k < (size_t)per_page && (s = db_step(st)) == DB_ROW) {
        struct proactive_item *it = &items[k++];
        it->id = db_col_int(st, 0);
        it->title = dup(c, db_col_text(st, 1));
        it->category = dup(c, db_col_text(st, 2));
        it->category_label = enum_label(cf, it->category);
        it->body = dup(c, db_col_text(st, 3));
        it->published_on = dup(c, db_col_text(st, 4));
    }
    db_done(st);
    if (s == DB_ERROR)
        return FZ_EDB;
    for (size_t i = 0; i < k; i++) {
        fz_err e = load_files(c, &items[i]);
        if (e)
            return e;
    }
    *out = items;
    *n = k;
    return FZ_OK;
}

fz_err disclosure_get_published(struct ctx *c, int64_t org_id, int64_t id,
                                struct proactive_item *out)
{
    memset(out, 0, sizeof *out);
    stmt *st = db_prepare(c->db, "SELECT id, title, category, body, published_on" PUBLISHED_WHERE
                                 " AND id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, org_id);
    db_bind_null(st, 2);
    db_bind_null(st, 3);
    db_bind_int(st, 4, id);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        out->id = db_col_int(st, 0);
        out->title = dup(c, db_col_text(st, 1));
        out->category = dup(c, db_col_text(st, 2));
        out->category_label =
            enum_label(entity_field(&entity_proactive_disclosures, "category"), out->category);
        out->body = dup(c, db_col_text(st, 3));
        out->published_on = dup(c, db_col_text(st, 4));
    }
    db_done(st);
    if (s == DB_ERROR)
        return FZ_EDB;
    if (s != DB_ROW)
        return ctx_fail(c, FZ_ENOTFOUND, NULL, "没有这条公开信息");
    return load_files(c, out);
}
