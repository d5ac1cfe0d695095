/* disclosure.h — government information disclosure (政府信息公开, RULES.md §5): proactive
 * disclosure (proactive_disclosures), disclosure requests with their correction, extension,
 * third-party consultation and reply (disclosure_requests), reconsiderations and lawsuits
 * about them (disclosure_challenges), and the tables of the yearly disclosure report.
 *
 * The portal reads and writes through the plain functions below, never through the entity
 * API: they return only what the public may see (no F_SENSITIVE field, no staff-only
 * field), and a request submitted from the portal is audited with the actor "public".
 *
 * Ownership: everything returned comes from c->a. */
#ifndef FZ_DISCLOSURE_H
#define FZ_DISCLOSURE_H

#include "engine/entity.h"

extern const struct entity entity_proactive_disclosures;
extern const struct entity entity_disclosure_requests;
extern const struct entity entity_disclosure_challenges;

/* ---- periods (RULES.md §5; all in working days) ------------------------------------------ */

#define GIP_PROACTIVE_WORKING_DAYS 20     /* art.26: publish within 20 working days */
#define GIP_CORRECTION_WORKING_DAYS 7     /* art.30: ask for a correction within 7 */
#define GIP_REPLY_WORKING_DAYS 20         /* art.33: reply within 20 */
#define GIP_EXTENSION_MAX_WORKING_DAYS 20 /* art.33: extended by at most 20 */
#define GIP_CONSULTATION_WORKING_DAYS 15  /* art.32: the third party's time to answer */

/* The last day a correction may be asked for on a request received on `received`. */
int gip_correction_last_day(const calendar *cal, int received);
/* NULL when a correction asked on `today` is in time, else the reason (Chinese). */
const char *gip_correction_in_time(const calendar *cal, int received, int today);
/* The reply deadline counted from `from` (receipt, or the corrected application's date),
 * plus an approved extension and the working days a consultation stood the clock still. */
int gip_reply_due(const calendar *cal, int from, int extension_days, int excluded_days);

/* ---- reply types: one per result row of the report's table 三 ----------------------------
 * X(enum, value, group, group label, label): group is the row group 0 (一)予以公开 … 5
 * (六)其他处理. */
#define REPLY_TYPE_LIST(X)                                                                         \
    X(RT_GRANTED, "granted", 0, "予以公开", "予以公开")                                            \
    X(RT_PARTIAL, "partial", 1, "部分公开", "部分公开")                                            \
    X(RT_REFUSED_SECRET, "refused_secret", 2, "不予公开", "属于国家秘密")                          \
    X(RT_REFUSED_LAW, "refused_law", 2, "不予公开", "其他法律行政法规禁止公开")                    \
    X(RT_REFUSED_SAFETY, "refused_safety", 2, "不予公开", "危及“三安全一稳定”")                    \
    X(RT_REFUSED_THIRD_PARTY, "refused_third_party", 2, "不予公开", "保护第三方合法权益")          \
    X(RT_REFUSED_INTERNAL, "refused_internal", 2, "不予公开", "属于三类内部事务信息")              \
    X(RT_REFUSED_PROCESS, "refused_process", 2, "不予公开", "属于四类过程性信息")                  \
    X(RT_REFUSED_CASE_FILE, "refused_case_file", 2, "不予公开", "属于行政执法案卷")                \
    X(RT_REFUSED_INQUIRY, "refused_inquiry", 2, "不予公开", "属于行政查询事项")                    \
    X(RT_UNAVAILABLE_NOT_HELD, "unavailable_not_held", 3, "无法提供", "本机关不掌握相关政府信息")  \
    X(RT_UNAVAILABLE_NEEDS_MAKING, "unavailable_needs_making", 3, "无法提供",                      \
      "没有现成信息需要另行制作")                                                                  \
    X(RT_UNAVAILABLE_UNCLEAR, "unavailable_unclear", 3, "无法提供", "补正后申请内容仍不明确")      \
    X(RT_NOT_PROCESSED_PETITION, "not_processed_petition", 4, "不予处理", "信访举报投诉类申请")    \
    X(RT_NOT_PROCESSED_REPEAT, "not_processed_repeat", 4, "不予处理", "重复申请")                  \
    X(RT_NOT_PROCESSED_PUBLICATION, "not_processed_publication", 4, "不予处理",                    \
      "要求提供公开出版物")                                                                        \
    X(RT_NOT_PROCESSED_EXCESSIVE, "not_processed_excessive", 4, "不予处理",                        \
      "无正当理由大量反复申请")                                                                    \
    X(RT_NOT_PROCESSED_CONFIRM, "not_processed_confirm", 4, "不予处理",                            \
      "要求行政机关确认或重新出具已获取信息")                                                      \
    X(RT_OTHER_NO_CORRECTION, "other_no_correction", 5, "其他处理",                                \
      "申请人无正当理由逾期不补正、行政机关不再处理其申请")                                        \
    X(RT_OTHER_NO_FEE, "other_no_fee", 5, "其他处理",                                              \
      "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其申请")                                \
    X(RT_OTHER, "other", 5, "其他处理", "其他")

#define RT_ENUM(e, v, g, gl, l) e,
enum reply_type { REPLY_TYPE_LIST(RT_ENUM) RT__MAX };
#undef RT_ENUM

/* The reply type's row group: "予以公开" … "其他处理". */
extern const char *const reply_group_labels[6];
/* reply_type ↔ value; -1 for an unknown value. */
int reply_type_parse(const char *value);
const char *reply_type_value(enum reply_type t);
/* Its row group: the index into reply_group_labels. */
int reply_type_group(enum reply_type t);
/* The label the applicant sees: "不予公开：属于国家秘密" (group and row). */
const char *reply_type_public_label(enum reply_type t);

/* ---- applicant kinds: the columns of table 三 -------------------------------------------- */
#define APPLICANT_KIND_LIST(X)                                                                     \
    X(AK_PERSON, "natural_person", "自然人")                                                       \
    X(AK_BUSINESS, "business", "商业企业")                                                         \
    X(AK_RESEARCH, "research", "科研机构")                                                         \
    X(AK_PUBLIC_INTEREST, "public_interest", "社会公益组织")                                       \
    X(AK_LEGAL_SERVICE, "legal_service", "法律服务机构")                                           \
    X(AK_OTHER, "other", "其他")

#define AK_ENUM(e, v, l) e,
enum applicant_kind { APPLICANT_KIND_LIST(AK_ENUM) AK__MAX };
#undef AK_ENUM
int applicant_kind_parse(const char *value);
const char *applicant_kind_label(enum applicant_kind k);

/* ---- the portal ----------------------------------------------------------------------------- */

/* The actor a request submitted on the portal is created and audited as: the public, not a
 * user and not the system. */
extern const struct actor actor_public;

/* One published proactive item, as the public sees it. */
struct proactive_item {
    int64_t id;
    const char *title, *category, *category_label, *body, *published_on;
    int64_t *file_ids; /* the attachments, in order */
    size_t nfiles;
};

/* Lists the published items placed at org_id or below it, newest published first.
 * category NULL: every category (an unknown one: FZ_EINVAL). page counts from 1; per_page
 * 1..100. *total gets the number of matching items. Needs no signed-in actor. */
fz_err disclosure_list_published(struct ctx *c, int64_t org_id, const char *category, int page,
                                 int per_page, struct proactive_item **out, size_t *n,
                                 int64_t *total);
/* The categories of proactive items: value/label pairs ending with {NULL, NULL}. */
extern const struct choice proactive_categories[];

#define TRACKING_CODE_LEN 16
/* The unambiguous alphabet of tracking codes (no 0/O, 1/I/L). */
#define TRACKING_CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

/* The fields an application on the portal may carry (JSON keys of `application`). */
extern const char *const disclosure_application_keys[];

/* Submits a request from the portal to the unit with code org_code (a subdistrict or one of
 * its departments): application holds the applicant's fields (keys from
 * disclosure_application_keys; any other key is refused); the channel is "portal" and the
 * receipt date today (art.31: the system confirms the online application at once). Created
 * as actor_public whatever c->actor is. code gets the tracking code (NUL-terminated). On a
 * refusal c->err names the field. */
fz_err disclosure_submit(struct ctx *c, const char *org_code, json_t *application,
                         char code[TRACKING_CODE_LEN + 1]);

/* What an applicant may see of their request. */
struct disclosure_status {
    int64_t tenant; /* the subdistrict the request went to */
    const char *tracking_code, *org_name;
    const char *state, *state_label;
    const char *received_on, *due_on, *replied_on;          /* due_on NULL when no clock runs */
    const char *correction_items, *correction_until;        /* when a correction was asked */
    int64_t extension_days;                                 /* 0: not extended */
    const char *extension_reason;
    const char *reply_type, *reply_type_label, *reply_text; /* NULL until replied */
    int64_t *reply_file_ids;
    size_t nreply_files;
};

/* One published item placed at org_id or below it, with its attachments: FZ_ENOTFOUND when
 * there is none (a draft, a withdrawn item, another subdistrict's). Needs no actor. */
fz_err disclosure_get_published(struct ctx *c, int64_t org_id, int64_t id,
                                struct proactive_item *out);

/* Looks a request up by its tracking code (case and spaces or dashes ignored). FZ_ENOTFOUND
 * when no request has it. Never returns the applicant's personal fields. */
fz_err disclosure_track(struct ctx *c, const char *code, struct disclosure_status *out);

/* ---- the yearly report (政府信息公开工作年度报告, template 国办公开办函〔2021〕30号) ----------
 */

/* Table 二: 第二十条 (一) 规章 and 行政规范性文件 × 本年制发 | 本年废止 | 现行有效; (五) 行政许可
 * and (六) 行政处罚, 行政强制 × 本年处理决定数量; (八) 行政事业性收费 × 本年收费金额（万元）. */
struct gip_table2 {
    int64_t rules[3], normative[3];
    int64_t licensing, penalties, coercion;
    int64_t fees_fen; /* shown in 万元 */
};

/* Table 三: rows × columns (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计). */
#define GIP_T3_COLS (AK__MAX + 1)
struct gip_table3 {
    int64_t new_this_year[GIP_T3_COLS];
    int64_t carried_in[GIP_T3_COLS];
    int64_t results[RT__MAX][GIP_T3_COLS];
    int64_t results_total[GIP_T3_COLS]; /* (七)总计 */
    int64_t carried_out[GIP_T3_COLS];
    bool check_ok[GIP_T3_COLS]; /* 一 + 二 = 三(七) + 四 */
};

/* Table 四: 行政复议, 未经复议直接起诉, 复议后起诉 × 维持 | 纠正 | 其他 | 尚未审结 | 总计. */
enum { CH_RECONSIDERATION, CH_LITIGATION, CH_LITIGATION_AFTER, CH__MAX };
enum { CO_UPHELD, CO_CORRECTED, CO_OTHER, CO_PENDING, CO_TOTAL, CO__MAX };
struct gip_table4 {
    int64_t cells[CH__MAX][CO__MAX];
};

struct gip_annual {
    int year;
    int64_t org_id;
    const char *org_code, *org_name;
    int64_t proactive_published; /* items published in the year (一、总体情况) */
    struct gip_table2 t2;
    struct gip_table3 t3;
    struct gip_table4 t4;
    bool check_ok; /* every column of table 三 balances */
};

/* Computes the report of organisation org_id (a subdistrict: its tenant's records) for the
 * year. Access is the caller's: check the actor may read org's disclosure requests. */
fz_err gip_annual_compute(struct ctx *c, int64_t org_id, int year, struct gip_annual *out);

/* The row labels of table 三's header and of its result rows, for the page and the XLSX. */
extern const char *const gip_t3_column_labels[GIP_T3_COLS];
extern const char *const gip_t4_outcome_labels[CO__MAX];
extern const char *const gip_t4_kind_labels[CH__MAX];

/* The tables laid out as the template prints them, for the HTML page and the XLSX export
 * alike: cells in row-major order of their top-left corner, with their spans. */
struct gip_cell {
    int row, col, rowspan, colspan;
    const char *text;
    bool header; /* a heading cell (the template's grey cells) */
    bool number; /* value holds the figure; text its decimal form */
    bool bad;    /* a total that fails the table's check */
    int64_t value;
};
struct gip_grid {
    const char *title;      /* "二、主动公开政府信息情况" */
    const char *sheet_name; /* a short name for a worksheet (at most 31 characters) */
    int rows, cols;
    struct gip_cell *cells;
    size_t n;
};
#define GIP_GRIDS 3
/* Lays out tables 二, 三 and 四 of rep into out (allocated from a). */
void gip_annual_grids(const struct gip_annual *rep, arena *a, struct gip_grid out[GIP_GRIDS]);

#endif
