/* test_uploads.c — resumable uploads over HTTP (/api/v1/uploads): a file larger than one
 * request allows, sent in chunks with a dropped one resumed, comes back byte for byte
 * (streamed) as an audited file; out-of-order chunks, a wrong SHA-256, bad ranges, oversize
 * files and chunks, strangers, missing credentials and CSRF tokens are refused; uploads can
 * be cancelled, expire and are purged, are limited per user; and the file is attachable to
 * a record through the API and the staff form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../unit/t.h"
#include "harness.h"
#include "core/banned.h"

#define MIB ((size_t)1 << 20)

/* n bytes of an MP4 file (its ftyp box, then a pattern with NULs) in the test's arena. */
static unsigned char *mp4(size_t n, unsigned seed)
{
    unsigned char *d = arena_alloc(t_arena(), n);
    for (size_t i = 0; i < n; i++)
        d[i] = (unsigned char)((i * 131 + seed) ^ (i >> 11));
    memcpy(d,
           "\0\0\0\x18"
           "ftypisom\0\0\0\0isommp42",
           24);
    return d;
}

static struct resp *open_upload(struct browser *b, const char *name, size_t size, const char *sha)
{
    const char *json =
        sha ? tprintf("{\"name\":\"%s\",\"size\":%zu,\"sha256\":\"%s\"}", name, size, sha)
            : tprintf("{\"name\":\"%s\",\"size\":%zu}", name, size);
    return api(b, "POST", "/api/v1/uploads", json);
}

/* PUT bytes [from, to) of d with Content-Range "bytes from-(to-1)/total". */
static struct resp *put_chunk(struct browser *b, int64_t id, const unsigned char *d, size_t from,
                              size_t to, size_t total)
{
    struct req_opts o = {.content_type = "application/octet-stream",
                         .body = d + from,
                         .body_len = to - from,
                         .extra_headers =
                             tprintf("Content-Range: bytes %zu-%zu/%zu\r\n", from, to - 1, total)};
    return http_req(b, "PUT", tprintf("/api/v1/uploads/%lld", (long long)id), &o);
}

static const char *upload_path(int64_t id)
{
    return tprintf("/api/v1/uploads/%lld", (long long)id);
}

static int64_t parts_of(int64_t id)
{
    return db_int("SELECT COUNT(*) FROM upload_parts WHERE upload_id = %lld", (long long)id);
}

/* Sends d whole, in chunks of step bytes; the last answer. */
static struct resp *send_all_chunks(struct browser *b, int64_t id, const unsigned char *d, size_t n,
                                    size_t step)
{
    struct resp *r = NULL;
    for (size_t at = 0; at < n; at += step) {
        r = put_chunk(b, id, d, at, at + step < n ? at + step : n, n);
        if (r->status != 200)
            return r;
    }
    return r;
}

/* Sends d as a whole chunked upload named name; the stored file's id, or 0. */
static int64_t upload_whole(struct browser *b, const char *name, const unsigned char *d, size_t n)
{
    struct resp *r = open_upload(b, name, n, NULL);
    if (r->status != 201)
        return 0;
    r = send_all_chunks(b, jint(r->json, "id"), d, n, 4 * MIB);
    json_t *file = r && r->status == 200 ? json_object_get(r->json, "file") : NULL;
    return jint(file, "id");
}

static void test_chunked_upload_resumes_after_a_dropped_chunk(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    size_t chunk = 8 * MIB, n = 2 * chunk + 5 * MIB + 12345; /* more than one request takes */
    unsigned char *d = mp4(n, 1);
    const char *sha = sha256_hex(d, n);
    int64_t audit0 = audit_max_id();
    int64_t files = db_int("SELECT COUNT(*) FROM files");
    struct resp *r = open_upload(&b, "执法记录仪 0427.mp4", n, sha);
    CHECK_INT(r->status, 201);
    int64_t id = jint(r->json, "id");
    CHECK(id > 0);
    CHECK_INT(jint(r->json, "received"), 0);
    CHECK_INT(jint(r->json, "chunk_size"), (int64_t)chunk);
    CHECK_INT(jint(r->json, "size"), (int64_t)n);
    CHECK(jstr(r->json, "expires_at") != NULL);
    CHECK(json_is_null(json_object_get(r->json, "file")));
    CHECK_STR(resp_header_value(r, "Location"), upload_path(id));

    r = put_chunk(&b, id, d, 0, chunk, n);
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "received"), (int64_t)chunk);
    /* the second chunk's connection drops halfway through its body */
    int fd;
    r = http_hold("PUT", upload_path(id),
                  tprintf("Content-Type: application/octet-stream\r\nContent-Length: %zu\r\n"
                          "Content-Range: bytes %zu-%zu/%zu\r\nExpect: 100-continue\r\n"
                          "Cookie: fz_session=%s\r\nX-CSRF-Token: %s\r\n",
                          chunk, chunk, 2 * chunk - 1, n, jar_get(&b, "fz_session"), b.csrf),
                  &fd);
    CHECK_INT(r->status, 100);
    if (fd >= 0) {
        CHECK(write(fd, d + chunk, chunk / 2) == (ssize_t)(chunk / 2));
        close(fd);
    }
    /* the client asks where it stands, and goes on from there */
    r = get(&b, upload_path(id));
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "received"), (int64_t)chunk);
    /* so does "bytes * /N" with no body */
    struct req_opts ask = {.extra_headers = tprintf("Content-Range: bytes */%zu\r\n", n)};
    r = http_req(&b, "PUT", upload_path(id), &ask);
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "received"), (int64_t)chunk);
    r = put_chunk(&b, id, d, chunk, 2 * chunk, n);
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "received"), (int64_t)(2 * chunk));
    /* the same chunk again (its answer was lost): the same state, no error */
    r = put_chunk(&b, id, d, chunk, 2 * chunk, n);
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "received"), (int64_t)(2 * chunk));
    CHECK_INT(db_int("SELECT COUNT(*) FROM files"), files);

    /* the last chunk: the file, as POST /api/v1/files answers it */
    r = put_chunk(&b, id, d, 2 * chunk, n, n);
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "received"), (int64_t)n);
    json_t *file = json_object_get(r->json, "file");
    int64_t fid = jint(file, "id");
    CHECK(fid > 0);
    CHECK_STR(jstr(file, "sha256"), sha);
    CHECK_INT(jint(file, "size"), (int64_t)n);
    CHECK_STR(jstr(file, "mime"), "video/mp4");
    CHECK_STR(jstr(file, "name"), "执法记录仪 0427.mp4");
    CHECK(jstr(file, "uploaded_at") != NULL);
    CHECK_INT(db_int("SELECT COUNT(*) FROM files"), files + 1);
    CHECK_INT(audit_count_since(audit0, "files.create"), 1);
    CHECK_INT(parts_of(id), 0);
    CHECK(db_int("SELECT parts FROM blobs WHERE sha256 = '%s'", sha) > 1);
    /* asked again, or the last chunk again: the same file */
    r = get(&b, upload_path(id));
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(json_object_get(r->json, "file"), "id"), fid);
    r = put_chunk(&b, id, d, 2 * chunk, n, n);
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(json_object_get(r->json, "file"), "id"), fid);
    CHECK_INT(audit_count_since(audit0, "files.create"), 1);

    /* it comes back byte for byte, streamed from its chunks */
    r = get(&b, tprintf("/api/v1/files/%lld/content", (long long)fid));
    CHECK_INT(r->status, 200);
    CHECK_INT(r->body_len, n);
    CHECK(r->body_len == n && memcmp(r->body, d, n) == 0);
    CHECK_STR(resp_header_value(r, "Content-Length"), tprintf("%zu", n));
    CHECK_STR(resp_header_value(r, "Content-Type"), "video/mp4");
    CHECK_STR(resp_header_value(r, "ETag"), tprintf("\"%s\"", sha));
    CHECK_CONTAINS(resp_header_value(r, "Content-Security-Policy"), "sandbox");
    struct req_opts o = {.extra_headers = tprintf("If-None-Match: \"%s\"\r\n", sha)};
    CHECK_INT(http_req(&b, "GET", tprintf("/app/files/%lld", (long long)fid), &o)->status, 304);
    r = http_req(&b, "HEAD", tprintf("/api/v1/files/%lld/content", (long long)fid), NULL);
    CHECK_INT(r->status, 200);
    CHECK(server_healthy());
}

static void test_chunks_out_of_order_are_refused(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    size_t n = 3 * MIB;
    unsigned char *d = mp4(n, 2);
    struct resp *r = open_upload(&b, "a.mp4", n, NULL);
    int64_t id = jint(r->json, "id");
    r = put_chunk(&b, id, d, MIB, 2 * MIB, n);
    CHECK_INT(r->status, 409);
    CHECK_STR(err_code_of(r), "offset_mismatch");
    CHECK_INT(jint(r->json, "received"), 0);
    CHECK_CONTAINS(err_message_of(r), "已收到 0 字节");
    CHECK_INT(parts_of(id), 0);
    CHECK_INT(put_chunk(&b, id, d, 0, MIB, n)->status, 200);
    /* overlapping what arrived, or past it */
    r = put_chunk(&b, id, d, MIB / 2, MIB + MIB / 2, n);
    CHECK_INT(r->status, 409);
    CHECK_INT(jint(r->json, "received"), (int64_t)MIB);
    r = put_chunk(&b, id, d, 2 * MIB, 3 * MIB, n);
    CHECK_INT(r->status, 409);
    CHECK_INT(jint(r->json, "received"), (int64_t)MIB);
    /* ?offset= instead of Content-Range */
    struct req_opts o = {.body = d + MIB, .body_len = MIB};
    r = http_req(&b, "PUT", tprintf("%s?offset=%zu", upload_path(id), MIB), &o);
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "received"), (int64_t)(2 * MIB));
    CHECK_INT(api(&b, "DELETE", upload_path(id), NULL)->status, 204);
}

static void test_wrong_sha256_stores_nothing(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    size_t n = 2 * MIB + 7;
    unsigned char *d = mp4(n, 3);
    struct resp *r = open_upload(&b, "b.mp4", n, sha256_hex("something else", 14));
    CHECK_INT(r->status, 201);
    int64_t id = jint(r->json, "id");
    int64_t blobs = db_int("SELECT COUNT(*) FROM blobs");
    int64_t chunks = db_int("SELECT COUNT(*) FROM chunks");
    struct counts before = counts_now();
    CHECK_INT(put_chunk(&b, id, d, 0, MIB, n)->status, 200);
    r = put_chunk(&b, id, d, MIB, n, n);
    CHECK_INT(r->status, 422);
    CHECK_STR(err_code_of(r), "validation_failed");
    CHECK_STR(err_field_of(r), "sha256");
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
    CHECK_INT(db_int("SELECT COUNT(*) FROM blobs"), blobs);
    CHECK_INT(db_int("SELECT COUNT(*) FROM chunks"), chunks);
    CHECK_INT(get(&b, upload_path(id))->status, 404);
    /* a malformed declared SHA-256 is refused at once */
    r = open_upload(&b, "b.mp4", n, "xyz");
    CHECK_INT(r->status, 422);
    CHECK_STR(err_field_of(r), "sha256");
}

static void test_another_users_upload_is_not_found(void)
{
    struct browser dh = {0}, leader = {0}, xl = {0};
    CHECK(signin(&dh, "dh.staff"));
    CHECK(signin(&leader, "dh.leader"));
    CHECK(signin(&xl, "xl.staff"));
    size_t n = 2 * MIB;
    unsigned char *d = mp4(n, 4);
    int64_t id = jint(open_upload(&dh, "c.mp4", n, NULL)->json, "id");
    CHECK_INT(put_chunk(&dh, id, d, 0, MIB, n)->status, 200);
    struct browser *others[] = {&leader, &xl};
    for (size_t i = 0; i < 2; i++) {
        struct resp *r = get(others[i], upload_path(id));
        CHECK_INT(r->status, 404);
        CHECK_STR(err_code_of(r), "not_found");
        CHECK_INT(put_chunk(others[i], id, d, MIB, n, n)->status, 404);
        CHECK_INT(api(others[i], "DELETE", upload_path(id), NULL)->status, 404);
    }
    CHECK_INT(jint(get(&dh, upload_path(id))->json, "received"), (int64_t)MIB);
    CHECK_INT(get(&dh, "/api/v1/uploads/999999999")->status, 404);
    CHECK_INT(get(&dh, "/api/v1/uploads/abc")->status, 404);
    CHECK_INT(api(&dh, "DELETE", upload_path(id), NULL)->status, 204);
}

static void test_oversize_files_and_chunks_are_413(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    struct resp *r = open_upload(&b, "huge.mp4", ((size_t)512 << 20) + 1, NULL);
    CHECK_INT(r->status, 413);
    CHECK_STR(err_code_of(r), "body_too_large");
    CHECK_CONTAINS(err_message_of(r), "512 MB");
    r = open_upload(&b, "empty.mp4", 0, NULL);
    CHECK_INT(r->status, 422);
    /* exactly 512 MiB may be opened */
    r = open_upload(&b, "big.mp4", (size_t)512 << 20, NULL);
    CHECK_INT(r->status, 201);
    int64_t id = jint(r->json, "id");
    /* a chunk over 8 MiB is refused by its declared length, before it is read */
    int fd;
    r = http_hold("PUT", upload_path(id),
                  tprintf("Content-Length: %zu\r\nContent-Range: bytes 0-%zu/%zu\r\n"
                          "Expect: 100-continue\r\nCookie: fz_session=%s\r\nX-CSRF-Token: %s\r\n",
                          8 * MIB + 1, 8 * MIB, (size_t)512 << 20, jar_get(&b, "fz_session"),
                          b.csrf),
                  &fd);
    CHECK_INT(r->status, 413);
    if (fd >= 0)
        close(fd);
    /* and so is one sent without a length */
    size_t big = 8 * MIB + 1;
    unsigned char *d = mp4(big, 5);
    struct req_opts o = {
        .body = d,
        .body_len = big,
        .chunked = true,
        .extra_headers = tprintf("Content-Range: bytes 0-%zu/%zu\r\n", big - 1, (size_t)512 << 20)};
    r = http_req(&b, "PUT", upload_path(id), &o);
    CHECK_INT(r->status, 413);
    CHECK_CONTAINS(err_message_of(r), "8 MB");
    CHECK_INT(parts_of(id), 0);
    /* PUT is the chunk route only: elsewhere a body over 1 MiB is 413 as ever */
    r = http_req(&b, "PUT", "/api/v1/uploads", &o);
    CHECK_INT(r->status, 413);
    CHECK_INT(api(&b, "DELETE", upload_path(id), NULL)->status, 204);
    CHECK(server_healthy());
}

static void test_bad_content_range_is_400(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    size_t n = 2 * MIB;
    unsigned char *d = mp4(n, 6);
    int64_t id = jint(open_upload(&b, "d.mp4", n, NULL)->json, "id");
    const char *path = upload_path(id);
    static const char *const bad[] = {
        "bytes 0-99",         "bytes=0-99/2097152",   "bytes 99-0/2097152",  "bytes 0-99/*",
        "items 0-99/2097152", "bytes 0-99/2097152/1", "bytes -0-99/2097152",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct req_opts o = {
            .body = d, .body_len = 100, .extra_headers = tprintf("Content-Range: %s\r\n", bad[i])};
        struct resp *r = http_req(&b, "PUT", path, &o);
        if (r->status != 400)
            t_fail(__FILE__, __LINE__, "Content-Range \"%s\" answered %d", bad[i], r->status);
        CHECK_STR(err_code_of(r), "bad_request");
    }
    /* the range does not match the body; the total is not the upload's size; past the end */
    struct req_opts o = {.body = d,
                         .body_len = MIB,
                         .extra_headers = "Content-Range: bytes "
                                          "0-99/2097152\r\n"};
    struct resp *r = http_req(&b, "PUT", path, &o);
    CHECK_INT(r->status, 400);
    CHECK_CONTAINS(err_message_of(r), "不一致");
    r = put_chunk(&b, id, d, 0, MIB, n + 1);
    CHECK_INT(r->status, 400);
    o = (struct req_opts){.body = d, .body_len = MIB};
    r = http_req(&b, "PUT", tprintf("%s?offset=%zu", path, n - MIB / 2), &o);
    CHECK_INT(r->status, 400);
    /* neither header nor offset; both; a bad offset */
    CHECK_INT(http_req(&b, "PUT", path, &o)->status, 400);
    o.extra_headers = tprintf("Content-Range: bytes 0-%zu/%zu\r\n", MIB - 1, n);
    CHECK_INT(http_req(&b, "PUT", tprintf("%s?offset=0", path), &o)->status, 400);
    o.extra_headers = NULL;
    CHECK_INT(http_req(&b, "PUT", tprintf("%s?offset=-1", path), &o)->status, 400);
    CHECK_INT(parts_of(id), 0);
    CHECK_INT(api(&b, "DELETE", path, NULL)->status, 204);
}

static void test_small_chunks_that_do_not_end_the_file_are_refused(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    size_t n = 2 * MIB;
    unsigned char *d = mp4(n, 7);
    int64_t id = jint(open_upload(&b, "e.mp4", n, NULL)->json, "id");
    struct resp *r = put_chunk(&b, id, d, 0, 1000, n);
    CHECK_INT(r->status, 400);
    CHECK_CONTAINS(err_message_of(r), "64 KB");
    CHECK_INT(api(&b, "DELETE", upload_path(id), NULL)->status, 204);
    /* a small file goes in one chunk */
    r = open_upload(&b, "small.mp4", 1000, NULL);
    id = jint(r->json, "id");
    r = put_chunk(&b, id, d, 0, 1000, 1000);
    CHECK_INT(r->status, 200);
    CHECK(jint(json_object_get(r->json, "file"), "id") > 0);
}

static void test_unsupported_types_are_refused_at_the_first_chunk(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    size_t n = 2 * MIB;
    unsigned char *d = mp4(n, 8);
    memcpy(d, "<html><script>", 14);
    int64_t id = jint(open_upload(&b, "page.mp4", n, NULL)->json, "id");
    struct resp *r = put_chunk(&b, id, d, 0, MIB, n);
    CHECK_INT(r->status, 415);
    CHECK_STR(err_code_of(r), "unsupported_media_type");
    CHECK_INT(get(&b, upload_path(id))->status, 404);
    CHECK_INT(parts_of(id), 0);
}

static void test_uploads_need_sign_in_and_csrf(void)
{
    size_t n = 2 * MIB;
    unsigned char *d = mp4(n, 9);
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    struct counts before = counts_now();
    int64_t uploads = db_int("SELECT COUNT(*) FROM uploads");
    struct resp *r = open_upload(NULL, "f.mp4", n, NULL);
    CHECK_INT(r->status, 401);
    CHECK_STR(err_code_of(r), "unauthenticated");
    int64_t id = jint(open_upload(&b, "f.mp4", n, NULL)->json, "id");
    CHECK_INT(put_chunk(NULL, id, d, 0, 100000, n)->status, 401);
    CHECK_INT(get(NULL, upload_path(id))->status, 401);
    /* a chunk over 1 MiB without credentials: refused before its body is read */
    int fd;
    r = http_hold("PUT", upload_path(id),
                  tprintf("Content-Length: %zu\r\nContent-Range: bytes 0-%zu/%zu\r\n"
                          "Expect: 100-continue\r\n",
                          2 * MIB, 2 * MIB - 1, n),
                  &fd);
    CHECK_INT(r->status, 401);
    if (fd >= 0)
        close(fd);
    /* a cookie without the CSRF token */
    b.no_csrf = true;
    r = open_upload(&b, "f.mp4", n, NULL);
    CHECK_INT(r->status, 403);
    CHECK_STR(err_code_of(r), "csrf_failed");
    CHECK_INT(put_chunk(&b, id, d, 0, MIB, n)->status, 403);
    CHECK_INT(api(&b, "DELETE", upload_path(id), NULL)->status, 403);
    /* nor from another site */
    b.no_csrf = false;
    struct req_opts o = {.body = d,
                         .body_len = MIB,
                         .extra_headers = tprintf("Content-Range: bytes 0-%zu/%zu\r\n"
                                                  "Origin: http://evil.example\r\n",
                                                  MIB - 1, n)};
    CHECK_INT(http_req(&b, "PUT", upload_path(id), &o)->status, 403);
    CHECK_INT(parts_of(id), 0);
    /* reading needs no token */
    b.no_csrf = true;
    CHECK_INT(get(&b, upload_path(id))->status, 200);
    b.no_csrf = false;
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
    CHECK_INT(db_int("SELECT COUNT(*) FROM uploads"), uploads + 1);
    /* an API token needs no CSRF token */
    const char *out = NULL;
    CHECK_INT(run_fazhi(&out, "token", "add", "--db", harness_db_path(), "--username", "dh.staff",
                        "--name", "chunked-upload", (const char *)NULL),
              0);
    struct browser tok = {0};
    snprintf(tok.bearer, sizeof tok.bearer, "%.*s", out ? (int)strcspn(out, "\r\n") : 0,
             out ? out : "");
    CHECK_INT(put_chunk(&tok, id, d, 0, MIB, n)->status, 200);
    CHECK_INT(put_chunk(&tok, id, d, MIB, n, n)->status, 200);
    CHECK(jint(json_object_get(get(&tok, upload_path(id))->json, "file"), "id") > 0);
}

static void test_cancel_removes_what_arrived(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    size_t n = 3 * MIB;
    unsigned char *d = mp4(n, 10);
    int64_t id = jint(open_upload(&b, "g.mp4", n, NULL)->json, "id");
    int64_t chunks = db_int("SELECT COUNT(*) FROM chunks");
    CHECK_INT(put_chunk(&b, id, d, 0, 2 * MIB, n)->status, 200);
    CHECK(db_int("SELECT COUNT(*) FROM chunks") > chunks);
    struct resp *r = api(&b, "DELETE", upload_path(id), NULL);
    CHECK_INT(r->status, 204);
    CHECK_INT(r->body_len, 0);
    CHECK_INT(db_int("SELECT COUNT(*) FROM chunks"), chunks);
    CHECK_INT(db_int("SELECT COUNT(*) FROM uploads WHERE id = %lld", (long long)id), 0);
    CHECK_INT(get(&b, upload_path(id))->status, 404);
    CHECK_INT(put_chunk(&b, id, d, 2 * MIB, n, n)->status, 404);
    CHECK_INT(api(&b, "DELETE", upload_path(id), NULL)->status, 404);
}

static void test_expired_uploads_are_purged(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.mediator"));
    size_t n = 2 * MIB;
    unsigned char *d = mp4(n, 11);
    int64_t id = jint(open_upload(&b, "h.mp4", n, NULL)->json, "id");
    int64_t other = jint(open_upload(&b, "i.mp4", n, NULL)->json, "id");
    CHECK_INT(put_chunk(&b, id, d, 0, MIB, n)->status, 200);
    CHECK_INT(put_chunk(&b, other, d, 0, MIB, n)->status, 200);
    CHECK(db_exec_rw(tprintf("UPDATE uploads SET expires_at = '2026-11-20T00:00:00.000Z' "
                             "WHERE id IN (%lld, %lld)",
                             (long long)id, (long long)other)) == 0);
    /* found expired: gone */
    CHECK_INT(get(&b, upload_path(id))->status, 404);
    CHECK_INT(db_int("SELECT COUNT(*) FROM uploads WHERE id = %lld", (long long)id), 0);
    CHECK_INT(parts_of(id), 0);
    /* the next upload anyone opens purges the others */
    struct browser c = {0};
    CHECK(signin(&c, "dh.staff"));
    int64_t third = jint(open_upload(&c, "j.mp4", n, NULL)->json, "id");
    CHECK(third > 0);
    CHECK_INT(db_int("SELECT COUNT(*) FROM uploads WHERE id = %lld", (long long)other), 0);
    CHECK_INT(parts_of(other), 0);
    CHECK_INT(api(&c, "DELETE", upload_path(third), NULL)->status, 204);
}

static void test_open_uploads_are_limited_per_user(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.grid1"));
    int64_t ids[16];
    int opened = 0;
    struct resp *r = NULL;
    while (opened < 16) {
        r = open_upload(&b, "k.mp4", 4 * MIB, NULL);
        if (r->status != 201)
            break;
        ids[opened++] = jint(r->json, "id");
    }
    CHECK_INT(opened, 8);
    CHECK_INT(r ? r->status : 0, 409);
    CHECK_STR(err_code_of(r), "guard_refused");
    CHECK_CONTAINS(err_message_of(r), "8 个未完成的上传");
    /* one cancelled makes room */
    CHECK_INT(api(&b, "DELETE", upload_path(ids[0]), NULL)->status, 204);
    r = open_upload(&b, "k.mp4", 4 * MIB, NULL);
    CHECK_INT(r->status, 201);
    ids[0] = jint(r->json, "id");
    for (int i = 0; i < opened; i++)
        CHECK_INT(api(&b, "DELETE", upload_path(ids[i]), NULL)->status, 204);
}

static void test_uploaded_file_is_attachable(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    size_t n = 3 * MIB + 3;
    unsigned char *d = mp4(n, 12);
    int64_t fid = upload_whole(&b, "现场录像.mp4", d, n);
    CHECK(fid > 0);
    int64_t task = db_int("SELECT id FROM tasks WHERE status = 'in_progress' AND org_id = "
                          "(SELECT id FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    /* through the API */
    struct resp *r = api(&b, "POST", "/api/v1/progress_reports",
                         tprintf("{\"task\":%lld,\"percent\":60,\"content\":\"现场录像见附件\","
                                 "\"attachments\":[%lld]}",
                                 (long long)task, (long long)fid));
    CHECK_INT(r->status, 201);
    json_t *files = json_object_get(r->json, "attachments_files");
    CHECK_STR(jstr(json_array_get(files, 0), "sha256"), sha256_hex(d, n));
    /* through the staff form, by id beside (no) multipart files: a refused form keeps it */
    int64_t fid2 = upload_whole(&b, "第二段录像.mp4", mp4(n, 13), n);
    CHECK(fid2 > 0);
    r = form_post(
        &b, "/app/progress_reports",
        tprintf("task=%lld&percent=&content=x&attachments=%lld", (long long)task, (long long)fid2));
    CHECK_INT(r->status, 422);
    CHECK_CONTAINS(r->body, "保留：第二段录像.mp4");
    CHECK_CONTAINS(r->body, tprintf("name=\"attachments\" value=\"%lld\"", (long long)fid2));
    r = form_post(&b, "/app/progress_reports",
                  tprintf("task=%lld&percent=70&content=%s&attachments=%lld", (long long)task,
                          urlenc("第二段录像已上传"), (long long)fid2));
    CHECK_INT(r->status, 303);
    CHECK_INT(db_int("SELECT COUNT(*) FROM record_links WHERE entity = 'progress_reports' AND "
                     "field = 'attachments' AND target_id = %lld",
                     (long long)fid2),
              1);
    /* someone else's upload cannot be attached by id */
    struct browser x = {0};
    CHECK(signin(&x, "dh.leader"));
    int64_t mine = upload_whole(&x, "领导的文件.mp4", mp4(n, 14), n);
    r = api(&b, "POST", "/api/v1/progress_reports",
            tprintf("{\"task\":%lld,\"percent\":60,\"content\":\"别人的文件\","
                    "\"attachments\":[%lld]}",
                    (long long)task, (long long)mine));
    CHECK_INT(r->status, 422);
    CHECK_STR(err_field_of(r), "attachments");
}

void suite_uploads(void)
{
    RUN(test_chunked_upload_resumes_after_a_dropped_chunk);
    RUN(test_chunks_out_of_order_are_refused);
    RUN(test_wrong_sha256_stores_nothing);
    RUN(test_another_users_upload_is_not_found);
    RUN(test_oversize_files_and_chunks_are_413);
    RUN(test_bad_content_range_is_400);
    RUN(test_small_chunks_that_do_not_end_the_file_are_refused);
    RUN(test_unsupported_types_are_refused_at_the_first_chunk);
    RUN(test_uploads_need_sign_in_and_csrf);
    RUN(test_cancel_removes_what_arrived);
    RUN(test_expired_uploads_are_purged);
    RUN(test_open_uploads_are_limited_per_user);
    RUN(test_uploaded_file_is_attachable);
}
