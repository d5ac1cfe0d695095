/* disclosure_xlsx.c — writing the yearly disclosure report's tables to XLSX (see
 * disclosure_xlsx.h). libxlsxwriter here writes files only, so the workbook goes to a
 * mkstemp file in TMPDIR that is read back and unlinked before returning. */
#include "disclosure_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/buf.h"
#include "core/tmpfile.h"
#include "core/log.h"
#include "core/banned.h"

static void write_grid(lxw_workbook *wb, const struct gip_annual *rep, const struct gip_grid *g,
                       lxw_format *title, lxw_format *head, lxw_format *cell, lxw_format *bad,
                       arena *a)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, g->sheet_name);
    if (!ws)
        return;
    /* the first row names the report; the table starts on the third */
    worksheet_merge_range(
        ws, 0, 0, 0, (lxw_col_t)(g->cols - 1),
        arena_printf(a, "%s%d年政府信息公开工作年度报告 %s", rep->org_name, rep->year, g->title),
        title);
    worksheet_set_row(ws, 0, 28, NULL);
    worksheet_set_column(ws, 0, (lxw_col_t)(g->cols - 1), 12, NULL);
    if (g->cols > 9) /* table 三's row labels are long */
        worksheet_set_column(ws, 0, 2, 18, NULL);
    for (size_t i = 0; i < g->n; i++) {
        const struct gip_cell *c = &g->cells[i];
        lxw_row_t r = (lxw_row_t)(c->row + 2);
        lxw_col_t col = (lxw_col_t)c->col;
        lxw_format *f = c->header ? head : c->bad ? bad : cell;
        if (c->rowspan > 1 || c->colspan > 1) {
            worksheet_merge_range(ws, r, col, (lxw_row_t)(r + c->rowspan - 1),
                                  (lxw_col_t)(col + c->colspan - 1), c->number ? "" : c->text, f);
            if (!c->number)
                continue;
        }
        if (c->number && strchr(c->text, '.')) /* an amount: fen shown in 万元 */
            worksheet_write_number(ws, r, col, (double)c->value / 1000000.0, f);
        else if (c->number)
            worksheet_write_number(ws, r, col, (double)c->value, f);
        else
            worksheet_write_string(ws, r, col, c->text, f);
    }
}

int disclosure_xlsx(const struct gip_annual *rep, const struct gip_grid grids[GIP_GRIDS], arena *a,
                    const void **data, size_t *len)
{
    char path[512];
    int fd = tmp_file("fazhi-report", path, sizeof path);
    if (fd < 0)
        return -1;
    close(fd);
    int rc = -1;
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        goto done;
    lxw_format *title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    format_set_align(title, LXW_ALIGN_CENTER);
    format_set_align(title, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_bg_color(head, 0xE7ECF3);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_CENTER);
    format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format *cell = workbook_add_format(wb);
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_align(cell, LXW_ALIGN_CENTER);
    format_set_align(cell, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format *bad = workbook_add_format(wb);
    format_set_border(bad, LXW_BORDER_THIN);
    format_set_align(bad, LXW_ALIGN_CENTER);
    format_set_font_color(bad, LXW_COLOR_RED);
    for (int i = 0; i < GIP_GRIDS; i++)
        write_grid(wb, rep, &grids[i], title, head, cell, bad, a);
    if (workbook_close(wb) != LXW_NO_ERROR) {
        log_error("xlsx: cannot write the workbook");
        goto done;
    }
    FILE *in = fopen(path, "rb");
    if (!in)
        goto done;
    buf b;
    buf_init(&b, 0);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
        buf_put(&b, chunk, n);
    bool read_ok = !ferror(in) && !b.err;
    fclose(in);
    if (read_ok) {
        void *copy = arena_alloc(a, b.len ? b.len : 1);
        memcpy(copy, b.p, b.len);
        *data = copy;
        *len = b.len;
        rc = 0;
    }
    buf_release(&b);
done:
    unlink(path);
    return rc;
}
