/* canon.c — canonical JSON writer. */
#include "canon.h"

#include <string.h>

#include "core/crypto.h"

#include "core/banned.h"

static void key(buf *b, const char *k)
{
    if (b->len && b->p[b->len - 1] != '{')
        buf_putc(b, ',');
    buf_put_json_str(b, k);
    buf_putc(b, ':');
}

void canon_begin(buf *b)
{
    buf_putc(b, '{');
}

void canon_int(buf *b, const char *k, int64_t v)
{
    key(b, k);
    buf_printf(b, "%lld", (long long)v);
}

void canon_text(buf *b, const char *k, const char *s)
{
    key(b, k);
    if (s)
        buf_put_json_str(b, s);
    else
        buf_puts(b, "null");
}

void canon_null(buf *b, const char *k)
{
    key(b, k);
    buf_puts(b, "null");
}

void canon_ints(buf *b, const char *k, const int64_t *v, size_t n)
{
    key(b, k);
    buf_putc(b, '[');
    for (size_t i = 0; i < n; i++)
        buf_printf(b, i ? ",%lld" : "%lld", (long long)v[i]);
    buf_putc(b, ']');
}

void canon_raw_key(buf *b, const char *k)
{
    key(b, k);
}

void canon_end(buf *b)
{
    buf_putc(b, '}');
}

fz_err canon_row(sconn *db, const char *table, const struct canon_col *cols, int64_t id, buf *b)
{
    buf sql;
    buf_init(&sql, 0);
    buf_puts(&sql, "SELECT ");
    for (int i = 0; cols[i].column; i++)
        buf_printf(&sql, "%s%s", i ? ", " : "", cols[i].column);
    buf_printf(&sql, " FROM %s WHERE id = ?", table);
    stmt *st = sql.err ? NULL : db_prepare(db, sql.p);
    buf_release(&sql);
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, id);
    enum db_step r = db_step(st);
    if (r == DB_ROW) {
        canon_begin(b);
        for (int i = 0; cols[i].column; i++) {
            const char *k = cols[i].key ? cols[i].key : cols[i].column;
            const char *t = db_col_text(st, i);
            char hd[DIGEST_HEX_LEN];
            switch (cols[i].kind) {
            case CANON_INT:
                canon_int(b, k, db_col_int(st, i));
                break;
            case CANON_TEXT:
                canon_text(b, k, t);
                break;
            case CANON_DIGEST:
                digest_hex(HASH_SHA256, t ? t : "", t ? strlen(t) : 0, hd);
                canon_text(b, k, hd);
                break;
            }
        }
        canon_end(b);
    }
    db_done(st);
    return r == DB_ROW ? FZ_OK : r == DB_DONE ? FZ_ENOTFOUND : FZ_EDB;
}
