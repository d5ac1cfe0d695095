/* export.c — a list as a file: CSV (UTF-8 with a BOM, for Excel) or XLSX (libxlsxwriter),
 * with the list's own filters and scope. Both walk the list query a page of 1,000 at a time,
 * each page in an arena of its own freed once written, and write the same columns: number,
 * state, every field (personal data as "***"), created, creator, updated.
 *
 * The XLSX workbook is written in libxlsxwriter's constant-memory mode to a temporary file
 * that is unlinked at once and sent from its open descriptor as the response is read: an
 * export holds one page of records in memory, not the file. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/date.h"
#include "core/tmpfile.h"
#include "engine/workflow.h"
#include "http/handlers.h"
#include "http/render.h"
#include "core/banned.h"

#define EXPORT_PAGE 1000
#define EXPORT_MAX_PAGES 200 /* 200,000 rows */

/* ---- the columns ------------------------------------------------------------------------ */

static int ncolumns(const struct entity *e)
{
    return 1 + (e->workflow != NULL) + e->nfields + 3;
}

static void header(const struct entity *e, const char **out)
{
    int k = 0;
    out[k++] = "编号";
    if (e->workflow)
        out[k++] = "状态";
    for (int i = 0; i < e->nfields; i++)
        out[k++] = e->fields[i].label;
    out[k++] = "创建时间";
    out[k++] = "创建人";
    out[k++] = "更新时间";
}

static const char *local_time(arena *a, const char *iso)
{
    int64_t ms;
    char local[17] = "";
    if (iso && time_parse_iso(iso, &ms) == 0)
        time_format_local(ms, local);
    return arena_strdup(a, local);
}

/* The row's texts, column by column (from a). */
static void cells(arena *a, const struct record *r, const char **out)
{
    const struct entity *e = r->e;
    int k = 0;
    out[k++] = arena_printf(a, "%lld", (long long)r->id);
    if (e->workflow)
        out[k++] = wf_state_label(e->workflow, r->status);
    for (int i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        /* personal data stays out of exports */
        out[k++] = (f->flags & F_SENSITIVE) ? "***" : value_text(a, f, &r->v[i]);
    }
    out[k++] = local_time(a, r->created_at);
    out[k++] = r->created_by_name ? r->created_by_name : "";
    out[k++] = local_time(a, r->updated_at);
}

/* ---- the walk --------------------------------------------------------------------------- */

struct writer {
    void (*row)(struct writer *w, arena *a, const struct record *r);
    bool failed;   /* the output could not be written */
    bool too_many; /* the list holds more than EXPORT_MAX_PAGES pages */
};

/* Every record of the list, page by page, to w. On a list error the ctx's error stands (in
 * the request's arena) and the code is returned. */
static fz_err walk(struct request *req, const struct entity *e, struct kv *args, size_t nargs,
                   bool lenient, struct writer *w)
{
    struct kv *pa = arena_calloc(req->a, nargs + 3, sizeof *pa);
    size_t np = 0;
    for (size_t i = 0; i < nargs; i++)
        if (strcmp(args[i].key, "page") != 0 && strcmp(args[i].key, "per_page") != 0 &&
            strcmp(args[i].key, "format") != 0)
            pa[np++] = args[i];
    pa[np].key = "per_page";
    pa[np++].value = "1000";
    char page_text[16];
    pa[np].value = page_text;
    pa[np].key = "page";
    arena *req_arena = req->ctx.a;
    for (int page = 1; page <= EXPORT_MAX_PAGES && !w->failed; page++) {
        snprintf(page_text, sizeof page_text, "%d", page);
        arena *pa_arena = arena_new();
        req->ctx.a = pa_arena;
        struct list_result lr;
        fz_err e2 = lenient ? entity_list_lenient(&req->ctx, e, pa, np + 1, EXPORT_PAGE, &lr)
                            : entity_list(&req->ctx, e, pa, np + 1, EXPORT_PAGE, &lr);
        if (!e2)
            for (size_t i = 0; i < lr.n; i++)
                w->row(w, pa_arena, lr.rows[i]);
        req->ctx.a = req_arena;
        if (e2) {
            /* the error's text was made in the page's arena */
            fz_error *err = &req->ctx.err;
            if (err->message)
                err->message = arena_strdup(req_arena, err->message);
            if (err->field)
                err->field = arena_strdup(req_arena, err->field);
            arena_free(pa_arena);
            return e2;
        }
        bool last = (int64_t)page * EXPORT_PAGE >= lr.total;
        arena_free(pa_arena);
        if (last)
            break;
        if (page == EXPORT_MAX_PAGES)
            w->too_many = w->failed = true;
    }
    return FZ_OK;
}

/* ---- CSV -------------------------------------------------------------------------------- */

struct csv_writer {
    struct writer w;
    buf *b;
    int ncols;
};

static void csv_line(buf *b, const char **texts, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(b, ',');
        buf_put_csv(b, texts[i]);
    }
    buf_puts(b, "\r\n");
}

static void csv_record(struct writer *w, arena *a, const struct record *r)
{
    struct csv_writer *cw = (struct csv_writer *)w;
    const char **texts = arena_alloc(a, (size_t)cw->ncols * sizeof *texts);
    cells(a, r, texts);
    csv_line(cw->b, texts, cw->ncols);
    w->failed = cw->b->err != 0;
}

/* ---- XLSX ------------------------------------------------------------------------------- */

struct xlsx_writer {
    struct writer w;
    lxw_worksheet *ws;
    lxw_format *number, *money;
    const struct entity *e;
    lxw_row_t row;
};

static void xlsx_record(struct writer *w, arena *a, const struct record *r)
{
    struct xlsx_writer *xw = (struct xlsx_writer *)w;
    int n = ncolumns(xw->e);
    const char **texts = arena_alloc(a, (size_t)n * sizeof *texts);
    cells(a, r, texts);
    int first_field = 1 + (xw->e->workflow != NULL);
    lxw_error err = worksheet_write_number(xw->ws, xw->row, 0, (double)r->id, xw->number);
    for (int c = 1; c < n && !err; c++) {
        const struct field *f = c >= first_field && c < first_field + xw->e->nfields
                                    ? &xw->e->fields[c - first_field]
                                    : NULL;
        const struct value *v = f ? &r->v[c - first_field] : NULL;
        /* numbers stay numbers, for sums and sorting in the spreadsheet */
        if (f && !(f->flags & F_SENSITIVE) && v && !v->null && f->type == FT_INT)
            err = worksheet_write_number(xw->ws, xw->row, (lxw_col_t)c, (double)v->i, xw->number);
        else if (f && !(f->flags & F_SENSITIVE) && v && !v->null && f->type == FT_MONEY)
            err = worksheet_write_number(xw->ws, xw->row, (lxw_col_t)c, (double)v->i / 100.0,
                                         xw->money);
        else if (texts[c][0])
            err = worksheet_write_string(xw->ws, xw->row, (lxw_col_t)c, texts[c], NULL);
    }
    xw->row++;
    w->failed = err != LXW_NO_ERROR;
}

/* The response body read from an open file (unlinked already), closed at the end. */
static long file_read(void *cls, uint64_t pos, char *dst, size_t max)
{
    int fd = (int)(intptr_t)cls;
    ssize_t n = pread(fd, dst, max, (off_t)pos);
    return n < 0 ? -1 : (long)n;
}

static void file_close(void *cls)
{
    close((int)(intptr_t)cls);
}

/* Writes the workbook to a temporary file; returns its open descriptor (unlinked), or -1. */
static int xlsx_file(struct request *req, const struct entity *e, struct kv *args, size_t nargs,
                     bool lenient, fz_err *list_err, bool *too_many)
{
    *list_err = FZ_OK;
    *too_many = false;
    char path[512];
    int fd = tmp_file("fazhi-export", path, sizeof path);
    if (fd < 0)
        return -1;
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)tmp_dir()};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    bool ok = wb != NULL;
    if (ok) {
        struct xlsx_writer xw = {.w = {.row = xlsx_record}, .e = e, .row = 1};
        xw.ws = workbook_add_worksheet(wb, NULL);
        lxw_format *head = workbook_add_format(wb);
        format_set_bold(head);
        format_set_bg_color(head, 0xE7ECF3);
        format_set_border(head, LXW_BORDER_THIN);
        xw.number = workbook_add_format(wb);
        format_set_num_format(xw.number, "0");
        xw.money = workbook_add_format(wb);
        format_set_num_format(xw.money, "#,##0.00");
        int n = ncolumns(e);
        const char **titles = arena_alloc(req->a, (size_t)n * sizeof *titles);
        header(e, titles);
        for (int c = 0; xw.ws && c < n; c++) {
            worksheet_write_string(xw.ws, 0, (lxw_col_t)c, titles[c], head);
            worksheet_set_column(xw.ws, (lxw_col_t)c, (lxw_col_t)c, c == 0 ? 8 : 16, NULL);
        }
        if (xw.ws)
            worksheet_freeze_panes(xw.ws, 1, 0);
        ok = xw.ws != NULL;
        if (ok)
            *list_err = walk(req, e, args, nargs, lenient, &xw.w);
        ok = ok && !*list_err && !xw.w.failed;
        *too_many = xw.w.too_many;
        ok = workbook_close(wb) == LXW_NO_ERROR && ok;
    }
    unlink(path);
    if (!ok) {
        close(fd);
        return -1;
    }
    return fd;
}

/* ---- both ------------------------------------------------------------------------------- */

static void disposition(struct request *req, struct response *r, const struct entity *e,
                        const char *ext)
{
    resp_attachment(req, r, arena_printf(req->a, "%s.%s", e->name, ext),
                    arena_printf(req->a, "%s.%s", e->label, ext));
    resp_header(r, "Cache-Control", "no-store");
}

void entity_export(struct request *req, struct response *r, const struct entity *e,
                   struct kv *args, size_t nargs, bool lenient, enum export_format format)
{
    if (format == EXPORT_XLSX) {
        fz_err list_err;
        bool too_many;
        int fd = xlsx_file(req, e, args, nargs, lenient, &list_err, &too_many);
        if (list_err) {
            resp_ctx_error(req, r, list_err);
            return;
        }
        if (too_many) {
            resp_error(req, r, FZ_ETOOBIG, "导出的数据过多（超过 20 万条），请缩小筛选范围", NULL);
            return;
        }
        struct stat sb;
        if (fd < 0 || fstat(fd, &sb) != 0) {
            if (fd >= 0)
                close(fd);
            resp_error(req, r, FZ_EINTERNAL, "暂时无法导出 Excel 文件，请稍后重试", NULL);
            return;
        }
        r->status = 200;
        r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        disposition(req, r, e, "xlsx");
        r->stream = (struct body_stream){.size = sb.st_size,
                                         .read = file_read,
                                         .close = file_close,
                                         .cls = (void *)(intptr_t)fd};
        return;
    }
    buf *b = &r->body;
    buf_puts(b, "\xEF\xBB\xBF");
    int n = ncolumns(e);
    const char **titles = arena_alloc(req->a, (size_t)n * sizeof *titles);
    header(e, titles);
    csv_line(b, titles, n);
    struct csv_writer cw = {.w = {.row = csv_record}, .b = b, .ncols = n};
    fz_err err = walk(req, e, args, nargs, lenient, &cw.w);
    if (err) {
        buf_reset(b);
        resp_ctx_error(req, r, err);
        return;
    }
    if (b->err || cw.w.too_many) {
        buf_reset(b);
        resp_error(req, r, FZ_ETOOBIG, "导出的数据过多（超过 20 万条），请缩小筛选范围", NULL);
        return;
    }
    r->status = 200;
    r->content_type = "text/csv; charset=utf-8";
    disposition(req, r, e, "csv");
}
