/* test_files.c — uploads: the stored SHA-256 is the one we compute, the bytes come back
 * unchanged, disallowed types and oversize bodies are refused without a trace, other
 * subdistricts cannot read a file, and a file can be attached to a progress report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../unit/t.h"
#include "harness.h"
#include "core/buf.h"
#include "core/banned.h"

static struct resp *upload(struct browser *b, const char *name, const char *mime, const void *data,
                           size_t n)
{
    struct req_opts o = {.content_type = mime, .body = data, .body_len = n};
    return http_req(b, "POST", tprintf("/api/v1/files?name=%s", urlenc(name)), &o);
}

static void test_upload_and_download(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    /* every byte value, NULs included */
    size_t n = 70000;
    unsigned char *data = arena_alloc(t_arena(), n);
    memcpy(data, "%PDF-1.7\n", 9);
    for (size_t i = 9; i < n; i++)
        data[i] = (unsigned char)(i * 131 + (i >> 8));
    struct counts before = counts_now();
    int64_t audit0 = audit_max_id();
    struct resp *r = upload(&b, "a.pdf", "application/pdf", data, n);
    CHECK_INT(r->status, 201);
    int64_t id = jint(r->json, "id");
    CHECK(id > 0);
    CHECK_STR(jstr(r->json, "sha256"), sha256_hex(data, n));
    CHECK_INT(jint(r->json, "size"), (int64_t)n);
    CHECK_STR(jstr(r->json, "name"), "a.pdf");
    CHECK_STR(jstr(r->json, "mime"), "application/pdf");
    CHECK_STR(resp_header_value(r, "Location"), tprintf("/api/v1/files/%lld", (long long)id));
    struct counts after = counts_now();
    CHECK_INT(after.files, before.files + 1);
    CHECK_INT(audit_count_since(audit0, "files.create"), 1);
    CHECK_STR(db_text("SELECT sha256 FROM files WHERE id = %lld", (long long)id),
              sha256_hex(data, n));

    r = get(&b, tprintf("/api/v1/files/%lld", (long long)id));
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(r->json, "sha256"), sha256_hex(data, n));

    r = get(&b, tprintf("/api/v1/files/%lld/content", (long long)id));
    CHECK_INT(r->status, 200);
    CHECK_INT(r->body_len, n);
    CHECK(r->body_len == n && memcmp(r->body, data, n) == 0);
    CHECK_STR(resp_header_value(r, "Content-Type"), "application/pdf");
    CHECK_STR(resp_header_value(r, "ETag"), tprintf("\"%s\"", sha256_hex(data, n)));
    CHECK_CONTAINS(resp_header_value(r, "Content-Disposition"), "attachment");
    CHECK_STR(resp_header_value(r, "X-Content-Type-Options"), "nosniff");

    /* the same bytes again: a second file record, one blob */
    int64_t blobs = db_int("SELECT COUNT(*) FROM blobs");
    r = upload(&b, "copy.pdf", "application/pdf", data, n);
    CHECK_INT(r->status, 201);
    CHECK_INT(db_int("SELECT COUNT(*) FROM blobs"), blobs);
}

static void test_file_names_are_cleaned(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    struct resp *r = upload(&b, "../../etc/passwd.txt", "text/plain", "root:x:0:0", 10);
    CHECK_INT(r->status, 201);
    CHECK_STR(jstr(r->json, "name"), "passwd.txt");
    r = upload(&b, "C:\\temp\\照片.png", "image/png", "\x89PNG\r\n\x1a\n", 8);
    CHECK_INT(r->status, 201);
    CHECK_STR(jstr(r->json, "name"), "照片.png");
    r = upload(&b, "a\"b\x01.pdf", "application/pdf", "%PDF-1.4", 8);
    CHECK_INT(r->status, 201);
    CHECK_STR(jstr(r->json, "name"), "ab.pdf");
    /* the download names it safely */
    r = get(&b, tprintf("/api/v1/files/%lld/content", (long long)jint(r->json, "id")));
    CHECK_INT(r->status, 200);
    CHECK_STR(resp_header_value(r, "Content-Disposition"), "attachment; filename*=UTF-8''ab.pdf");
}

static void test_refused_uploads(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    struct counts before = counts_now();
    struct resp *r = upload(&b, "setup.exe", "application/x-msdownload", "MZ\x90\x00", 4);
    CHECK_INT(r->status, 415);
    CHECK_STR(err_code_of(r), "unsupported_media_type");
    r = upload(&b, "page.html", "text/html", "<script>x</script>", 18);
    CHECK_INT(r->status, 415);
    r = upload(&b, "no-type.bin", NULL, "abc", 3);
    CHECK_INT(r->status, 415);
    /* the bytes decide, not the declared type or the name: a page renamed to .pdf */
    r = upload(&b, "invoice.pdf", "application/pdf", "<html><script>x</script>", 24);
    CHECK_INT(r->status, 415);
    r = upload(&b, "photo.jpg", "image/jpeg", "GIF89a\x01\x00\x01\x00", 10);
    CHECK_INT(r->status, 415);
    r = upload(&b, "empty.pdf", "application/pdf", "", 0);
    CHECK(r->status == 422 || r->status == 400);
    /* over 20 MiB */
    size_t big = ((size_t)20 << 20) + 1;
    char *data = arena_alloc(t_arena(), big);
    memset(data, 'x', big);
    memcpy(data, "%PDF-1.7\n", 9);
    r = upload(&b, "big.pdf", "application/pdf", data, big);
    CHECK_INT(r->status, 413);
    CHECK_STR(err_code_of(r), "body_too_large");
    CHECK(server_healthy());
    /* without the CSRF token */
    b.no_csrf = true;
    r = upload(&b, "a.pdf", "application/pdf", "%PDF-1.4", 8);
    CHECK_INT(r->status, 403);
    CHECK_STR(err_code_of(r), "csrf_failed");
    b.no_csrf = false;
    /* not signed in */
    r = upload(NULL, "a.pdf", "application/pdf", "%PDF-1.4", 8);
    CHECK_INT(r->status, 401);
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
    /* exactly 20 MiB is accepted */
    r = upload(&b, "big.pdf", "application/pdf", data, big - 1);
    CHECK_INT(r->status, 201);
    CHECK_INT(jint(r->json, "size"), (int64_t)(big - 1));
}

static void test_other_tenant_cannot_read(void)
{
    struct browser dh = {0}, xl = {0}, sup = {0};
    CHECK(signin(&dh, "dh.staff"));
    CHECK(signin(&xl, "xl.staff"));
    CHECK(signin(&sup, "qc.supervisor"));
    struct resp *r = upload(&dh, "东湖内部.pdf", "application/pdf", "%PDF-1.4 dh only", 16);
    CHECK_INT(r->status, 201);
    int64_t id = jint(r->json, "id");
    CHECK_INT(get(&xl, tprintf("/api/v1/files/%lld", (long long)id))->status, 404);
    r = get(&xl, tprintf("/api/v1/files/%lld/content", (long long)id));
    CHECK_INT(r->status, 404);
    CHECK(!strstr(r->body, "dh only"));
    CHECK_INT(get(&xl, tprintf("/app/files/%lld", (long long)id))->status, 404);
    /* an upload attached to nothing is its uploader's alone, even in the same district */
    CHECK_INT(get(&sup, tprintf("/api/v1/files/%lld/content", (long long)id))->status, 404);
    /* once attached to a record, whoever may read the record may read the file */
    const char *task = tprintf("%lld", (long long)db_int("SELECT id FROM tasks WHERE status = "
                                                         "'in_progress' AND department = "
                                                         "(SELECT id FROM orgs WHERE code = "
                                                         "'DH-DZB') LIMIT 1"));
    r = api(&dh, "POST", "/api/v1/progress_reports",
            tprintf("{\"task\":%s,\"percent\":50,\"content\":\"附件测试\",\"attachments\":[%lld]}",
                    task, (long long)id));
    CHECK_INT(r->status, 201);
    CHECK_INT(get(&sup, tprintf("/api/v1/files/%lld/content", (long long)id))->status, 200);
    CHECK_INT(get(&xl, tprintf("/api/v1/files/%lld/content", (long long)id))->status, 404);
    /* and a grid worker who cannot see that task cannot see the file either */
    struct browser grid = {0};
    CHECK(signin(&grid, "dh.grid1"));
    CHECK_INT(get(&grid, tprintf("/api/v1/tasks/%s", task))->status, 404);
    CHECK_INT(get(&grid, tprintf("/app/files/%lld", (long long)id))->status, 404);
    CHECK_INT(get(&dh, "/api/v1/files/abc")->status, 404);
    CHECK_INT(get(&dh, "/api/v1/files/99999999/content")->status, 404);
}

static void test_attach_to_progress_report(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    struct resp *r = upload(&b, "照片.jpg", "image/jpeg", "\xff\xd8\xff\xe0 jpeg", 9);
    CHECK_INT(r->status, 201);
    int64_t file = jint(r->json, "id");
    int64_t task = db_int("SELECT id FROM tasks WHERE status = 'in_progress' AND org_id = "
                          "(SELECT id FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    r = api(&b, "POST", "/api/v1/progress_reports",
            tprintf("{\"task\":%lld,\"percent\":70,\"content\":\"现场照片见附件\","
                    "\"attachments\":[%lld]}",
                    (long long)task, (long long)file));
    CHECK_INT(r->status, 201);
    json_t *att = json_object_get(r->json, "attachments");
    CHECK_INT(json_array_size(att), 1);
    CHECK_INT(json_integer_value(json_array_get(att, 0)), file);
    json_t *files = json_object_get(r->json, "attachments_files");
    CHECK_STR(jstr(json_array_get(files, 0), "sha256"), sha256_hex("\xff\xd8\xff\xe0 jpeg", 9));
    /* a repeated file is refused */
    struct counts before = counts_now();
    r = api(&b, "POST", "/api/v1/progress_reports",
            tprintf("{\"task\":%lld,\"percent\":70,\"content\":\"同一附件两次\","
                    "\"attachments\":[%lld,%lld]}",
                    (long long)task, (long long)file, (long long)file));
    CHECK_INT(r->status, 422);
    CHECK_STR(err_field_of(r), "attachments");
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
}

/* A file's content: a sandbox policy (never run as one of our pages), and a cached copy is
 * confirmed by its ETag (304, no body). */
static void test_download_sandbox_and_etag(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    static const char pdf[] = "%PDF-1.4 etag test";
    struct resp *r = upload(&b, "etag.pdf", "application/pdf", pdf, sizeof pdf - 1);
    CHECK_INT(r->status, 201);
    int64_t id = jint(r->json, "id");
    const char *etag = tprintf("\"%s\"", sha256_hex(pdf, sizeof pdf - 1));
    const char *paths[] = {tprintf("/api/v1/files/%lld/content", (long long)id),
                           tprintf("/app/files/%lld", (long long)id)};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        const char *path = paths[i];
        r = get(&b, path);
        CHECK_INT(r->status, 200);
        CHECK_STR(resp_header_value(r, "ETag"), etag);
        CHECK_CONTAINS(resp_header_value(r, "Content-Security-Policy"), "sandbox");
        CHECK_INT(r->body_len, sizeof pdf - 1);
        struct req_opts o = {.extra_headers = tprintf("If-None-Match: %s\r\n", etag)};
        r = http_req(&b, "GET", path, &o);
        CHECK_INT(r->status, 304);
        CHECK_INT(r->body_len, 0);
        CHECK_STR(resp_header_value(r, "ETag"), etag);
        /* one of several, and the weak form */
        o.extra_headers = tprintf("If-None-Match: \"abc\", W/%s\r\n", etag);
        CHECK_INT(http_req(&b, "GET", path, &o)->status, 304);
        /* another tag: the bytes */
        o.extra_headers = "If-None-Match: \"0000\"\r\n";
        r = http_req(&b, "GET", path, &o);
        CHECK_INT(r->status, 200);
        CHECK_INT(r->body_len, sizeof pdf - 1);
    }
    /* a tag says nothing to someone who may not see the file */
    struct browser xl = {0};
    CHECK(signin(&xl, "xl.staff"));
    struct req_opts o = {.extra_headers = tprintf("If-None-Match: %s\r\n", etag)};
    CHECK_INT(
        http_req(&xl, "GET", tprintf("/api/v1/files/%lld/content", (long long)id), &o)->status,
        404);
    /* pages keep the ordinary policy */
    CHECK(strstr(resp_header_value(get(&b, "/app"), "Content-Security-Policy"), "sandbox") == NULL);
}

/* A body over 1 MiB is for signed-in users on upload routes only. Elsewhere it is refused by
 * its declared length (413), and on an upload route without valid credentials it is refused
 * (401) before any of it is read: the answer comes instead of "100 Continue". */
static void test_large_bodies_need_sign_in(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    size_t n = (size_t)2 << 20;
    char *data = arena_alloc(t_arena(), n);
    memcpy(data, "%PDF-1.4\n", 9);
    memset(data + 9, 'x', n - 9);
    struct counts before = counts_now();
    /* a multipart body to a route that takes no upload, signed in or not */
    struct req_opts mp = {
        .content_type = "multipart/form-data; boundary=XyZ", .body = data, .body_len = n};
    struct resp *r = http_req(NULL, "POST", "/healthz", &mp);
    CHECK_INT(r->status, 413);
    r = http_req(&b, "POST", "/healthz", &mp);
    CHECK_INT(r->status, 413);
    int64_t task = db_int("SELECT id FROM tasks WHERE status = 'in_progress' AND org_id = "
                          "(SELECT id FROM orgs WHERE code = 'DH') ORDER BY id LIMIT 1");
    r = http_req(&b, "POST", tprintf("/app/tasks/%lld/transitions/complete", (long long)task), &mp);
    CHECK_INT(r->status, 413);
    r = http_req(&b, "POST", "/app/tasks", &mp); /* tasks have no files field */
    CHECK_INT(r->status, 413);

    /* an upload route without credentials, or with made-up ones: 401 before the body */
    const char *hdr = tprintf("Content-Type: application/pdf\r\nContent-Length: %zu\r\n"
                              "Expect: 100-continue\r\n",
                              n);
    int fd;
    r = http_hold("POST", "/api/v1/files?name=a.pdf", hdr, &fd);
    CHECK_INT(r->status, 401);
    close(fd);
    r = http_hold("POST", "/api/v1/files?name=a.pdf",
                  tprintf("%sCookie: fz_session=not-a-session\r\n", hdr), &fd);
    CHECK_INT(r->status, 401);
    close(fd);
    r = http_hold("POST", "/api/v1/files?name=a.pdf",
                  tprintf("%sAuthorization: Bearer fzt_not-a-token\r\n", hdr), &fd);
    CHECK_INT(r->status, 401);
    close(fd);
    const char *form_hdr = tprintf("Content-Type: multipart/form-data; boundary=XyZ\r\n"
                                   "Content-Length: %zu\r\nExpect: 100-continue\r\n",
                                   n);
    r = http_hold("POST", "/app/progress_reports", form_hdr, &fd);
    CHECK_INT(r->status, 401);
    CHECK_CONTAINS(resp_header_value(r, "Content-Type"), "text/html");
    close(fd);
    /* signed in, the server asks for the body */
    const char *cookie = tprintf("Cookie: fz_session=%s\r\n", jar_get(&b, "fz_session"));
    r = http_hold("POST", "/api/v1/files?name=a.pdf", tprintf("%s%s", hdr, cookie), &fd);
    CHECK_INT(r->status, 100);
    close(fd);
    r = http_hold("POST", "/app/progress_reports", tprintf("%s%s", form_hdr, cookie), &fd);
    CHECK_INT(r->status, 100);
    close(fd);
    /* without a declared length (chunked) and without credentials: 1 MiB, then refused */
    struct req_opts chunked = {
        .content_type = "application/pdf", .body = data, .body_len = n, .chunked = true};
    r = http_req(NULL, "POST", "/api/v1/files?name=a.pdf", &chunked);
    CHECK_INT(r->status, 401);
    CHECK(server_healthy());
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));

    /* the same 2 MiB from a signed-in user: as a file, by token, and as a form's attachment */
    r = upload(&b, "big.pdf", "application/pdf", data, n);
    CHECK_INT(r->status, 201);
    CHECK_INT(jint(r->json, "size"), (int64_t)n);
    const char *out = NULL;
    CHECK_INT(run_fazhi(&out, "token", "add", "--db", harness_db_path(), "--username", "dh.staff",
                        "--name", "big-upload", (const char *)NULL),
              0);
    struct browser tok = {0};
    snprintf(tok.bearer, sizeof tok.bearer, "%.*s", out ? (int)strcspn(out, "\r\n") : 0,
             out ? out : "");
    r = upload(&tok, "token.pdf", "application/pdf", data, n);
    CHECK_INT(r->status, 201);
    buf form;
    buf_init(&form, 0);
    buf_printf(&form,
               "--XyZ\r\nContent-Disposition: form-data; name=\"task\"\r\n\r\n%lld\r\n"
               "--XyZ\r\nContent-Disposition: form-data; name=\"percent\"\r\n\r\n80\r\n"
               "--XyZ\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\n"
               "附上 2 MB 的扫描件\r\n"
               "--XyZ\r\nContent-Disposition: form-data; name=\"attachments__upload\"; "
               "filename=\"scan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n",
               (long long)task);
    buf_put(&form, data, n);
    buf_puts(&form, "\r\n--XyZ--\r\n");
    struct req_opts fo = {.content_type = "multipart/form-data; boundary=XyZ",
                          .body = arena_strndup(t_arena(), form.p, form.len),
                          .body_len = form.len};
    buf_release(&form);
    r = http_req(&b, "POST", "/app/progress_reports", &fo);
    CHECK_INT(r->status, 303);
    CHECK_INT(db_int("SELECT MAX(size) FROM files WHERE name = 'scan.pdf'"), (int64_t)n);
}

/* Bodies held at once are capped over all connections together (256 MiB): twelve 20 MiB
 * uploads in progress fit, the thirteenth is turned away (503) before it is read. */
static void test_buffered_bodies_are_capped(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.staff"));
    const char *hdr = tprintf("Content-Type: application/pdf\r\nContent-Length: %zu\r\n"
                              "Expect: 100-continue\r\nCookie: fz_session=%s\r\n",
                              (size_t)20 << 20, jar_get(&b, "fz_session"));
    int fds[16];
    int nfd = 0, accepted = 0;
    struct resp *refused = NULL;
    while (nfd < 16) {
        struct resp *r = http_hold("POST", "/api/v1/files?name=big.pdf", hdr, &fds[nfd]);
        nfd++;
        if (r->status != 100) {
            refused = r;
            break;
        }
        accepted++;
    }
    CHECK(refused != NULL);
    CHECK_INT(refused ? refused->status : 0, 503);
    CHECK_CONTAINS(refused ? resp_header_value(refused, "Content-Type") : "", "application/json");
    /* (other requests may still be finishing, so "about twelve") */
    CHECK(accepted >= 10 && accepted <= 12);
    /* a staff page's form gets the HTML page */
    int fd;
    struct resp *r = http_hold("POST", "/app/progress_reports",
                               tprintf("Content-Type: multipart/form-data; boundary=XyZ\r\n"
                                       "Content-Length: %zu\r\nExpect: 100-continue\r\n"
                                       "Cookie: fz_session=%s\r\n",
                                       (size_t)20 << 20, jar_get(&b, "fz_session")),
                               &fd);
    CHECK_INT(r->status, 503);
    CHECK_CONTAINS(resp_header_value(r, "Content-Type"), "text/html");
    close(fd);
    /* small bodies still pass meanwhile */
    CHECK(server_healthy());
    CHECK_INT(api(&b, "GET", "/api/v1/session", NULL)->status, 200);
    for (int i = 0; i < nfd; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    CHECK(server_healthy());
}

void suite_files(void)
{
    RUN(test_upload_and_download);
    RUN(test_file_names_are_cleaned);
    RUN(test_refused_uploads);
    RUN(test_other_tenant_cannot_read);
    RUN(test_attach_to_progress_report);
    RUN(test_download_sandbox_and_etag);
    RUN(test_large_bodies_need_sign_in);
    RUN(test_buffered_bodies_are_capped);
}
