/* files.c — content-addressed file storage in the store (blobs + files tables). */
#include "files.h"

#include <string.h>

#include "core/buf.h"
#include "core/mime.h"
#include "core/date.h"
#include "core/utf8.h"
#include "engine/access.h"
#include "engine/audit.h"
#include "engine/canon.h"
#include "engine/entity.h"
#include "engine/query.h"
#include "core/banned.h"

const struct upload_type upload_types[] = {
    {".pdf", "application/pdf"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".png", "image/png"},
    {".webp", "image/webp"},
    {".heic", "image/heic"},
    {".mp4", "video/mp4"},
    {".mov", "video/quicktime"},
    {".3gp", "video/3gpp"},
    {".3g2", "video/3gpp2"},
    {".webm", "video/webm"},
    {".mkv", "video/x-matroska"},
    {".mp3", "audio/mpeg"},
    {".m4a", "audio/mp4"},
    {".aac", "audio/aac"},
    {".amr", "audio/amr"},
    {".awb", "audio/amr-wb"},
    {".wav", "audio/wav"},
    {".ogg", "audio/ogg"},
    {".txt", "text/plain"},
    {".doc", "application/msword"},
    {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {".xls", "application/vnd.ms-excel"},
    {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {NULL, NULL},
};

const char file_types_refused[] =
    "无法识别或不支持此文件类型，请上传 PDF、JPEG/PNG/WebP/HEIC 图片、"
    "MP4/MOV/3GP/WebM/MKV 视频、MP3/M4A/AAC/AMR/WAV/OGG 音频、TXT 文本或 Word/Excel 文档";

bool file_mime_allowed(const char *mime)
{
    for (const struct upload_type *t = upload_types; t->ext; t++)
        if (mime && strcmp(t->mime, mime) == 0)
            return true;
    return false;
}

const char *file_clean_name(arena *a, const char *name)
{
    if (!name || !*name || !utf8_valid(name, strlen(name)))
        return "附件";
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    const char *bs = strrchr(base, '\\');
    base = bs ? bs + 1 : base;
    buf b;
    buf_init(&b, 0);
    for (const char *s = base; *s; s++)
        if ((unsigned char)*s >= 0x20 && *s != 0x7f && *s != '"')
            buf_putc(&b, *s);
    const char *out = b.len ? arena_strndup(a, b.p, utf8_prefix(b.p, FILE_NAME_MAX_CHARS)) : "附件";
    buf_release(&b);
    return out;
}

fz_err file_canon(struct ctx *c, int64_t id, buf *b)
{
    static const struct canon_col cols[] = {{"id", CANON_INT},          {"org_id", CANON_INT},
                                            {"sha256", CANON_TEXT},     {"size", CANON_INT},
                                            {"mime", CANON_TEXT},       {"name", CANON_TEXT},
                                            {"uploaded_by", CANON_INT}, {"uploaded_at", CANON_TEXT},
                                            {"version", CANON_INT},     {NULL, CANON_INT}};
    return canon_row(c->db, "files", cols, id, b);
}

fz_err file_upload_tenant(struct ctx *c, int64_t org_id, int64_t *tenant)
{
    stmt *st = db_prepare(c->db, "SELECT tenant_id FROM orgs WHERE id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, org_id);
    *tenant = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    if (!*tenant)
        return ctx_fail(c, FZ_EVALID, NULL, "上传者的机构不存在");
    if (!c->actor->system && !access_covers(c, ROLES_WRITERS, org_id))
        return ctx_fail(c, FZ_EFORBIDDEN, NULL, "您没有上传文件的权限");
    return FZ_OK;
}

fz_err file_insert(struct ctx *c, int64_t tenant, int64_t org_id, const char *name,
                   const char *mime, const char *sha, int64_t size, int64_t *id)
{
    char now[25];
    time_format_iso(c->now_ms, now);
    stmt *st =
        db_prepare(c->db, "INSERT INTO files (org_id, sha256, size, mime, name, uploaded_by, "
                          "uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, tenant);
    db_bind_text(st, 2, sha);
    db_bind_int(st, 3, size);
    db_bind_text(st, 4, mime);
    db_bind_text(st, 5, name);
    if (c->actor->user_id)
        db_bind_int(st, 6, c->actor->user_id);
    else
        db_bind_null(st, 6);
    db_bind_text(st, 7, now);
    *id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    if (!*id)
        return FZ_EDB;
    buf b;
    buf_init(&b, 0);
    if (file_canon(c, *id, &b) || b.err) {
        buf_release(&b);
        return FZ_EDB;
    }
    struct audit_entry ae = {.chain_id = tenant,
                             .org_id = org_id,
                             .action = "files.create",
                             .entity = "files",
                             .record_id = *id,
                             .after = arena_strndup(c->a, b.p, b.len)};
    buf_release(&b);
    return audit_append(c, &ae) ? FZ_EDB : FZ_OK;
}

fz_err file_store(struct ctx *c, int64_t org_id, const char *name, const char *declared,
                  const void *data, size_t n, struct file_info *out)
{
    (void)declared; /* what the client says a file is decides nothing */
    if (n == 0)
        return ctx_fail(c, FZ_EVALID, "file", "文件是空的");
    const char *mime = mime_sniff(data, n, name);
    if (!mime || !file_mime_allowed(mime))
        return ctx_fail(c, FZ_EMEDIA, "file", "%s", file_types_refused);
    char sha[DIGEST_HEX_LEN];
    if (digest_hex(HASH_SHA256, data, n, sha))
        return ctx_fail(c, FZ_EINTERNAL, NULL, NULL);
    int64_t tenant, id;
    fz_err err = file_upload_tenant(c, org_id, &tenant);
    if (err)
        return err;
    name = file_clean_name(c->a, name);
    if ((err = db_begin(c->db, true)))
        return ctx_fail(c, err, NULL, NULL);
    stmt *st = db_prepare(c->db, "INSERT INTO blobs (sha256, size, data) VALUES (?, ?, ?) "
                                 "ON CONFLICT (sha256) DO NOTHING");
    if (!st)
        goto fail;
    db_bind_text(st, 1, sha);
    db_bind_int(st, 2, (int64_t)n);
    db_bind_blob(st, 3, data, n);
    if (db_run(st) || file_insert(c, tenant, org_id, name, mime, sha, (int64_t)n, &id))
        goto fail;
    if ((err = db_commit(c->db)))
        return ctx_fail(c, err, NULL, NULL);
    if (out)
        return file_get(c, id, out);
    return FZ_OK;
fail:
    db_rollback(c->db);
    return ctx_fail(c, FZ_EDB, NULL, NULL);
}

bool file_visible(struct ctx *c, int64_t id, int64_t uploaded_by, int64_t tenant)
{
    if (c->actor->system)
        return true;
    if (!access_in_tenant(c, tenant))
        return false;
    if (uploaded_by && uploaded_by == c->actor->user_id)
        return true;
    /* Otherwise only through a record the reader may see that has it attached. */
    stmt *st = db_prepare(c->db, "SELECT entity, record_id, field FROM record_links "
                                 "WHERE target_id = ? AND org_id = ?");
    if (!st)
        return false;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, tenant);
    struct link {
        const struct entity *e;
        int64_t record;
    } links[32];
    int n = 0;
    while (n < 32 && db_step(st) == DB_ROW) {
        const struct entity *e = entity_find(db_col_text(st, 0));
        const struct field *f = e ? entity_field(e, db_col_text(st, 2)) : NULL;
        if (f && f->type == FT_FILES)
            links[n++] = (struct link){e, db_col_int(st, 1)};
    }
    db_done(st);
    for (int i = 0; i < n; i++)
        if (entity_visible(c, links[i].e, links[i].record))
            return true;
    return false;
}

fz_err file_get(struct ctx *c, int64_t id, struct file_info *out)
{
    stmt *st = db_prepare(c->db, "SELECT id, org_id, sha256, size, mime, name, uploaded_by, "
                                 "uploaded_at FROM files WHERE id = ?");
    if (!st)
        return FZ_EDB;
    db_bind_int(st, 1, id);
    enum db_step r = db_step(st);
    if (r == DB_ROW) {
        out->id = db_col_int(st, 0);
        out->org_id = db_col_int(st, 1);
        out->sha256 = arena_strdup(c->a, db_col_text(st, 2));
        out->size = db_col_int(st, 3);
        out->mime = arena_strdup(c->a, db_col_text(st, 4));
        out->name = arena_strdup(c->a, db_col_text(st, 5));
        out->uploaded_by = db_col_int(st, 6);
        out->uploaded_at = arena_strdup(c->a, db_col_text(st, 7));
    }
    db_done(st);
    if (r == DB_ERROR)
        return FZ_EDB;
    if (r != DB_ROW || !file_visible(c, out->id, out->uploaded_by, out->org_id))
        return ctx_fail(c, FZ_ENOTFOUND, NULL, "未找到该文件，或您无权查看");
    return FZ_OK;
}

fz_err file_content(struct ctx *c, const char *sha256, const void **data, size_t *n)
{
    stmt *st = db_prepare(c->db, "SELECT data, parts FROM blobs WHERE sha256 = ?");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, sha256);
    enum db_step r = db_step(st);
    if (r == DB_ROW && db_col_int(st, 1) > 0) {
        db_done(st);
        return FZ_ETOOBIG;
    }
    if (r == DB_ROW) {
        size_t len;
        const void *p = db_col_blob(st, 0, &len);
        void *copy = arena_alloc(c->a, len ? len : 1);
        if (len)
            memcpy(copy, p, len);
        *data = copy;
        *n = len;
    }
    db_done(st);
    return r == DB_ROW ? FZ_OK : r == DB_DONE ? FZ_ENOTFOUND : FZ_EDB;
}
