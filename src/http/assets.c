/* assets.c — the staff app's CSS and JavaScript, built into the binary (one program, no
 * files to deploy beside it), served with an ETag; and the health check. */
#include <pthread.h>
#include <string.h>

#include "core/crypto.h"
#include "http/handlers.h"
#include "core/banned.h"

/* .incbin takes the files at build time (paths from the repository root, where make runs). */
#define ASSET(sym, path)                                                                           \
    __asm__(".section .rodata\n"                                                                   \
            ".balign 16\n"                                                                         \
            ".global " #sym "_start\n" #sym "_start:\n"                                            \
            ".incbin \"" path "\"\n"                                                               \
            ".global " #sym "_end\n" #sym "_end:\n"                                                \
            ".byte 0\n"                                                                            \
            ".previous\n");                                                                        \
    extern const char sym##_start[], sym##_end[];

ASSET(asset_app_css, "web/app.css")
ASSET(asset_app_js, "web/app.js")
ASSET(asset_portal_css, "web/portal.css")
ASSET(asset_favicon, "web/favicon.svg")

struct asset {
    const char *name, *type;
    const char *start, *end;
    char etag[DIGEST_HEX_LEN + 2];
};

static struct asset assets[] = {
    {"app.css", "text/css; charset=utf-8", asset_app_css_start, asset_app_css_end, ""},
    {"app.js", "text/javascript; charset=utf-8", asset_app_js_start, asset_app_js_end, ""},
    {"portal.css", "text/css; charset=utf-8", asset_portal_css_start, asset_portal_css_end, ""},
    {"favicon.svg", "image/svg+xml", asset_favicon_start, asset_favicon_end, ""},
};

static pthread_once_t etags_once = PTHREAD_ONCE_INIT;

static void make_etags(void)
{
    for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++) {
        char hex[DIGEST_HEX_LEN];
        digest_hex(HASH_SHA256, assets[i].start, (size_t)(assets[i].end - assets[i].start), hex);
        assets[i].etag[0] = '"';
        memcpy(assets[i].etag + 1, hex, 16);
        assets[i].etag[17] = '"';
        assets[i].etag[18] = '\0';
    }
}

void asset_get(struct request *req, struct response *r)
{
    pthread_once(&etags_once, make_etags);
    for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++) {
        if (strcmp(req->seg[1], assets[i].name) != 0)
            continue;
        resp_header(r, "ETag", assets[i].etag);
        resp_header(r, "Cache-Control", "no-cache");
        r->content_type = assets[i].type;
        if (req->if_none_match && strcmp(req->if_none_match, assets[i].etag) == 0) {
            r->status = 304;
            return;
        }
        r->status = 200;
        r->data = assets[i].start;
        r->data_len = (size_t)(assets[i].end - assets[i].start);
        return;
    }
    resp_error(req, r, FZ_ENOTFOUND, "没有这个文件", NULL);
}

/* Browsers ask for /favicon.ico whatever the page says; send them the SVG. */
void favicon_get(struct request *req, struct response *r)
{
    (void)req;
    resp_header(r, "Location", "/static/favicon.svg");
    resp_header(r, "Cache-Control", "public, max-age=86400");
    r->status = 301;
}

void health_get(struct request *req, struct response *r)
{
    (void)req;
    r->content_type = "text/plain; charset=utf-8";
    buf_puts(&r->body, "ok\n");
}
