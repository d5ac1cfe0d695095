/* annual_grid.c — tables 二, 三 and 四 of the yearly disclosure report laid out as the 2021
 * template prints them (RULES.md §5): the same rows, columns and merged heading cells for
 * the staff page and the XLSX export. Layout only; the figures come from annual.c. */
#include <string.h>

#include "modules/disclosure/disclosure.h"
#include "core/banned.h"

struct grid_builder {
    arena *a;
    struct gip_grid *g;
    size_t cap;
};

static struct gip_cell *put(struct grid_builder *b, int row, int col, int rs, int cs,
                            const char *text, bool header)
{
    struct gip_grid *g = b->g;
    if (g->n == b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 64;
        struct gip_cell *bigger = arena_calloc(b->a, ncap, sizeof *bigger);
        if (g->n)
            memcpy(bigger, g->cells, g->n * sizeof *bigger);
        g->cells = bigger;
        b->cap = ncap;
    }
    struct gip_cell *c = &g->cells[g->n++];
    *c = (struct gip_cell){row, col, rs, cs, text, header, false, false, 0};
    if (row + rs > g->rows)
        g->rows = row + rs;
    if (col + cs > g->cols)
        g->cols = col + cs;
    return c;
}

static void num(struct grid_builder *b, int row, int col, int64_t v, bool bad)
{
    struct gip_cell *c = put(b, row, col, 1, 1, arena_printf(b->a, "%lld", (long long)v), false);
    c->number = true;
    c->value = v;
    c->bad = bad;
}

/* 万元 with four decimals from fen (1 万元 = 1,000,000 fen). */
static void money(struct grid_builder *b, int row, int col, int64_t fen)
{
    struct gip_cell *c = put(b, row, col, 1, 1,
                             arena_printf(b->a, "%lld.%04lld", (long long)(fen / 1000000),
                                          (long long)(fen % 1000000 / 100)),
                             false);
    c->number = true;
    c->value = fen;
}

static void table2(const struct gip_annual *rep, struct grid_builder *b)
{
    const struct gip_table2 *t = &rep->t2;
    b->g->title = "二、主动公开政府信息情况";
    b->g->sheet_name = "二、主动公开";
    int r = 0;
    put(b, r++, 0, 1, 4, "第二十条第（一）项", true);
    put(b, r, 0, 1, 1, "信息内容", true);
    put(b, r, 1, 1, 1, "本年制发件数", true);
    put(b, r, 2, 1, 1, "本年废止件数", true);
    put(b, r++, 3, 1, 1, "现行有效件数", true);
    put(b, r, 0, 1, 1, "规章", false);
    for (int k = 0; k < 3; k++)
        num(b, r, 1 + k, t->rules[k], false);
    r++;
    put(b, r, 0, 1, 1, "行政规范性文件", false);
    for (int k = 0; k < 3; k++)
        num(b, r, 1 + k, t->normative[k], false);
    r++;
    put(b, r++, 0, 1, 4, "第二十条第（五）项", true);
    put(b, r, 0, 1, 1, "信息内容", true);
    put(b, r++, 1, 1, 3, "本年处理决定数量", true);
    put(b, r, 0, 1, 1, "行政许可", false);
    num(b, r++, 1, t->licensing, false);
    put(b, r++, 0, 1, 4, "第二十条第（六）项", true);
    put(b, r, 0, 1, 1, "信息内容", true);
    put(b, r++, 1, 1, 3, "本年处理决定数量", true);
    put(b, r, 0, 1, 1, "行政处罚", false);
    num(b, r++, 1, t->penalties, false);
    put(b, r, 0, 1, 1, "行政强制", false);
    num(b, r++, 1, t->coercion, false);
    put(b, r++, 0, 1, 4, "第二十条第（八）项", true);
    put(b, r, 0, 1, 1, "信息内容", true);
    put(b, r++, 1, 1, 3, "本年收费金额（单位：万元）", true);
    put(b, r, 0, 1, 1, "行政事业性收费", false);
    money(b, r++, 1, t->fees_fen);
    /* the figures of a one-figure row span the three columns in the template */
    for (size_t i = 0; i < b->g->n; i++) {
        struct gip_cell *c = &b->g->cells[i];
        if (c->number && c->col == 1 && c->row > 3)
            c->colspan = 3;
    }
}

static const char *const t3_group_heads[6] = {
    "（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开", "（四）无法提供",
    "（五）不予处理", "（六）其他处理"};

static const int t3_groups[RT__MAX] = {
#define RT_GROUP(e, v, g, gl, l) [e] = g,
    REPLY_TYPE_LIST(RT_GROUP)
#undef RT_GROUP
};
static const char *const t3_labels[RT__MAX] = {
#define RT_LABEL(e, v, g, gl, l) [e] = l,
    REPLY_TYPE_LIST(RT_LABEL)
#undef RT_LABEL
};

static void t3_row(struct grid_builder *b, int r, const int64_t *v, const bool *check)
{
    for (int k = 0; k < GIP_T3_COLS; k++)
        num(b, r, 3 + k, v[k], check && !check[k]);
}

static void table3(const struct gip_annual *rep, struct grid_builder *b)
{
    const struct gip_table3 *t = &rep->t3;
    b->g->title = "三、收到和处理政府信息公开申请情况";
    b->g->sheet_name = "三、收到和处理申请";
    /* heading: 申请人情况 over the row labels; 法人或其他组织 over its five kinds */
    put(b, 0, 0, 2, 3, "申请人情况", true);
    put(b, 0, 3, 2, 1, gip_t3_column_labels[AK_PERSON], true);
    put(b, 0, 4, 1, 5, "法人或其他组织", true);
    put(b, 0, 9, 2, 1, gip_t3_column_labels[GIP_T3_COLS - 1], true);
    for (int k = AK_BUSINESS; k < AK__MAX; k++)
        put(b, 1, 3 + k, 1, 1, gip_t3_column_labels[k], true);
    int r = 2;
    put(b, r, 0, 1, 3, "一、本年新收政府信息公开申请数量", true);
    t3_row(b, r++, t->new_this_year, NULL);
    put(b, r, 0, 1, 3, "二、上年结转政府信息公开申请数量", true);
    t3_row(b, r++, t->carried_in, NULL);
    /* 三: one row per reply type, grouped, then (七)总计 */
    put(b, r, 0, RT__MAX + 1, 1, "三、本年度办理结果", true);
    for (int grp = 0; grp < 6; grp++) {
        int first = -1, count = 0;
        for (int i = 0; i < RT__MAX; i++)
            if (t3_groups[i] == grp) {
                if (first < 0)
                    first = i;
                count++;
            }
        if (grp < 2) {
            put(b, r, 1, 1, 2, t3_group_heads[grp], true);
            t3_row(b, r++, t->results[first], NULL);
            continue;
        }
        put(b, r, 1, count, 1, t3_group_heads[grp], true);
        for (int k = 0; k < count; k++) {
            put(b, r, 2, 1, 1, arena_printf(b->a, "%d.%s", k + 1, t3_labels[first + k]), true);
            t3_row(b, r++, t->results[first + k], NULL);
        }
    }
    put(b, r, 1, 1, 2, "（七）总计", true);
    t3_row(b, r++, t->results_total, t->check_ok);
    put(b, r, 0, 1, 3, "四、结转下年度继续办理", true);
    t3_row(b, r++, t->carried_out, t->check_ok);
}

static void table4(const struct gip_annual *rep, struct grid_builder *b)
{
    b->g->title = "四、政府信息公开行政复议、行政诉讼情况";
    b->g->sheet_name = "四、复议诉讼";
    put(b, 0, 0, 2, CO__MAX, "行政复议", true);
    put(b, 0, CO__MAX, 1, 2 * CO__MAX, "行政诉讼", true);
    put(b, 1, CO__MAX, 1, CO__MAX, gip_t4_kind_labels[CH_LITIGATION], true);
    put(b, 1, 2 * CO__MAX, 1, CO__MAX, gip_t4_kind_labels[CH_LITIGATION_AFTER], true);
    for (int k = 0; k < CH__MAX; k++)
        for (int o = 0; o < CO__MAX; o++)
            put(b, 2, k * CO__MAX + o, 1, 1, gip_t4_outcome_labels[o], true);
    for (int k = 0; k < CH__MAX; k++)
        for (int o = 0; o < CO__MAX; o++)
            num(b, 3, k * CO__MAX + o, rep->t4.cells[k][o], false);
}

void gip_annual_grids(const struct gip_annual *rep, arena *a, struct gip_grid out[GIP_GRIDS])
{
    void (*const build[GIP_GRIDS])(const struct gip_annual *,
                                   struct grid_builder *) = {table2, table3, table4};
    for (int i = 0; i < GIP_GRIDS; i++) {
        memset(&out[i], 0, sizeof out[i]);
        struct grid_builder b = {a, &out[i], 0};
        build[i](rep, &b);
    }
}
