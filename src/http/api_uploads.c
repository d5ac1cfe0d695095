/* api_uploads.c — resumable uploads under /api/v1/uploads (engine/uploads.h): open one,
 * send its chunks (PUT with Content-Range, or ?offset=), ask where it stands, cancel it. The
 * last chunk's answer carries the stored file, as POST /api/v1/files answers. */
#include <jansson.h>
#include <string.h>

#include "engine/files.h"
#include "engine/uploads.h"
#include "http/content_range.h"
#include "http/handlers.h"
#include "core/banned.h"

#define JSON_TYPE "application/json; charset=utf-8"
#define RANGE_HELP "Content-Range 应为 “bytes 起始-结束/总长”，例如 bytes 0-8388607/104857600"

static bool upload_id(const struct request *req, int64_t *id)
{
    uint64_t v;
    if (!decimal_parse(req->seg[3], strlen(req->seg[3]), &v) || v == 0)
        return false;
    *id = (int64_t)v;
    return true;
}

static void upload_json(struct request *req, const struct upload *up, buf *b)
{
    buf_printf(b, "{\"id\":%lld,\"name\":", (long long)up->id);
    buf_put_json_str(b, up->name);
    buf_printf(b, ",\"size\":%lld,\"received\":%lld,\"chunk_size\":%zu,\"sha256\":",
               (long long)up->size, (long long)up->received, UPLOAD_CHUNK_MAX);
    if (up->sha256)
        buf_put_json_str(b, up->sha256);
    else
        buf_puts(b, "null");
    buf_puts(b, ",\"expires_at\":");
    buf_put_json_str(b, up->expires_at);
    buf_puts(b, ",\"file\":");
    struct file_info f;
    if (up->file_id && file_get(&req->ctx, up->file_id, &f) == FZ_OK)
        file_json(&f, b);
    else
        buf_puts(b, "null");
    buf_putc(b, '}');
}

static void answer(struct request *req, struct response *r, int status, const struct upload *up)
{
    r->status = status;
    r->content_type = JSON_TYPE;
    upload_json(req, up, &r->body);
}

void api_upload_create(struct request *req, struct response *r)
{
    json_t *j = read_json(req, r, false);
    if (!j)
        return;
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v)
    {
        if (strcmp(key, "name") != 0 && strcmp(key, "size") != 0 && strcmp(key, "sha256") != 0) {
            resp_error(req, r, FZ_EVALID, "请求体只能有 name、size 和 sha256", key);
            return;
        }
    }
    json_t *name = json_object_get(j, "name"), *size = json_object_get(j, "size");
    json_t *sha = json_object_get(j, "sha256");
    if (!json_is_string(name)) {
        resp_error(req, r, FZ_EVALID, "“name”应为文件名", "name");
        return;
    }
    if (!json_is_integer(size)) {
        resp_error(req, r, FZ_EVALID, "“size”应为文件的字节数（正整数）", "size");
        return;
    }
    if (sha && !json_is_null(sha) && !json_is_string(sha)) {
        resp_error(req, r, FZ_EVALID, "“sha256”应为 64 位十六进制数字", "sha256");
        return;
    }
    struct upload up = {0};
    fz_err e = upload_open(&req->ctx, req->actor.home_org_id, json_string_value(name),
                           (int64_t)json_integer_value(size),
                           json_is_string(sha) ? json_string_value(sha) : NULL, &up);
    if (e) {
        resp_ctx_error(req, r, e);
        return;
    }
    resp_header(r, "Location", arena_printf(req->a, "/api/v1/uploads/%lld", (long long)up.id));
    answer(req, r, 201, &up);
}

void api_upload_get(struct request *req, struct response *r)
{
    int64_t id;
    struct upload up = {0};
    if (!upload_id(req, &id)) {
        resp_error(req, r, FZ_ENOTFOUND, "上传编号无效", NULL);
        return;
    }
    fz_err e = upload_get(&req->ctx, id, &up);
    if (e) {
        resp_ctx_error(req, r, e);
        return;
    }
    answer(req, r, 200, &up);
}

/* Where the chunk goes: from Content-Range (which may only ask, "bytes * /N"), or from
 * ?offset= (the body's length makes the range). false with the response filled. */
static bool chunk_place(struct request *req, struct response *r, int64_t *first, int64_t *total)
{
    const char *offset = req_query(req, "offset");
    *total = -1;
    if (req->content_range && offset) {
        resp_error(req, r, FZ_EINVAL, "Content-Range 与 offset 只能给一个", "offset");
        return false;
    }
    if (offset) {
        uint64_t v;
        if (!decimal_parse(offset, strlen(offset), &v)) {
            resp_error(req, r, FZ_EINVAL, "参数 offset 应为从 0 起的字节位置", "offset");
            return false;
        }
        *first = (int64_t)v;
        return true;
    }
    struct content_range cr;
    if (!req->content_range) {
        resp_error(req, r, FZ_EINVAL, "缺少 Content-Range 请求头（或 offset 参数）", NULL);
        return false;
    }
    if (content_range_parse(req->content_range, &cr)) {
        resp_error(req, r, FZ_EINVAL, RANGE_HELP, NULL);
        return false;
    }
    if (cr.query ? req->body_len != 0 : cr.last - cr.first + 1 != req->body_len) {
        resp_error(req, r, FZ_EINVAL,
                   arena_printf(req->a, "Content-Range 所指的长度与请求体的 %zu 字节不一致",
                                req->body_len),
                   NULL);
        return false;
    }
    *first = (int64_t)cr.first;
    *total = (int64_t)cr.total;
    return true;
}

void api_upload_put(struct request *req, struct response *r)
{
    int64_t id, first, total;
    struct upload up = {0};
    if (!upload_id(req, &id)) {
        resp_error(req, r, FZ_ENOTFOUND, "上传编号无效", NULL);
        return;
    }
    if (!chunk_place(req, r, &first, &total))
        return;
    fz_err e = upload_write(&req->ctx, req->actor.home_org_id, id, first, total, req->body,
                            req->body_len, &up);
    if (e == FZ_EOFFSET) {
        /* the error, and where to go on */
        resp_ctx_error(req, r, e);
        buf_reset(&r->body);
        buf_puts(&r->body, "{\"error\":{\"code\":");
        buf_put_json_str(&r->body, err_code(e));
        buf_puts(&r->body, ",\"message\":");
        buf_put_json_str(&r->body, req->ctx.err.message ? req->ctx.err.message : err_text(e));
        buf_printf(&r->body, "},\"received\":%lld}", (long long)up.received);
        return;
    }
    if (e) {
        resp_ctx_error(req, r, e);
        return;
    }
    answer(req, r, 200, &up);
}

void api_upload_delete(struct request *req, struct response *r)
{
    int64_t id;
    if (!upload_id(req, &id)) {
        resp_error(req, r, FZ_ENOTFOUND, "上传编号无效", NULL);
        return;
    }
    fz_err e = upload_cancel(&req->ctx, id);
    if (e) {
        resp_ctx_error(req, r, e);
        return;
    }
    r->status = 204;
    r->content_type = JSON_TYPE;
}
