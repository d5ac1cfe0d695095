/* http.h — a request as the handlers see it, and the response they fill. No libmicrohttpd
 * type appears here: handlers are plain functions over these structs (server.c adapts).
 *
 * Ownership: everything in a request comes from req->a, the request's arena, freed when the
 * response has been sent. The response body is a buf the server sends and frees. */
#ifndef FZ_HTTP_H
#define FZ_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "engine/ctx.h"
#include "engine/query.h"
#include "engine/uploads.h"
#include "http/auth.h"

#define HTTP_MAX_BODY ((size_t)1 << 20)    /* JSON and forms: 1 MiB */
#define HTTP_MAX_UPLOAD ((size_t)20 << 20) /* file uploads by signed-in users: 20 MiB */
/* One chunk of a resumable upload (PUT /api/v1/uploads/<id>): engine/uploads.h. */
#define HTTP_MAX_CHUNK UPLOAD_CHUNK_MAX
/* Request bodies buffered at once, over every connection: past it new bodies get 503. */
#define HTTP_MAX_BUFFERED ((size_t)256 << 20)
#define HTTP_MAX_QUERY_ARGS 64
#define HTTP_MAX_HEADERS 12
/* The Content-Security-Policy of every response that does not set its own. */
#define HTTP_CSP                                                                                   \
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; object-src 'none'; "  \
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

/* Public writes (a form on the portal) per client address: PER_MIN a minute, BURST at once. */
#define HTTP_PUBLIC_WRITES_PER_MIN 5
#define HTTP_PUBLIC_WRITES_BURST 5
/* … and per unit whose form it is ("/p/DH", "/p/DH-ZF"), whatever the addresses: PER_HOUR an
 * hour, BURST at once — a flood spread over many addresses cannot file thousands of requests
 * that each start a legal reply clock. */
#define HTTP_UNIT_WRITES_PER_HOUR 120
#define HTTP_UNIT_WRITES_BURST 60

struct ratelimit; /* http/ratelimit.h */

struct server_config {
    const char *host;
    int port;
    int threads;
    bool secure_cookies; /* behind TLS: add Secure to cookies */
    bool trust_proxy;    /* behind a reverse proxy: the client is X-Real-IP */
    store *st;
    const calendar *cal;
    enum hash_alg alg;
    /* Limits writes to public routes per client address (router.c); NULL: no limit. Owned
     * by whoever made the config (cmd_serve.c). */
    struct ratelimit *public_writes;
    /* The same per portal address ("/p/DH"); NULL: no limit. Owned likewise. */
    struct ratelimit *unit_writes;
    /* The portal's address as the public reaches it ("https://fazhi.example.gov.cn"), for
     * links that leave the site (an officer card's QR code); NULL: as the request came. */
    const char *public_url;
};

struct request {
    arena *a;
    const struct server_config *cfg;
    const char *method, *path; /* path is percent-decoded */
    struct kv *query;
    size_t nquery;
    const char *body; /* NUL-terminated copy of the body */
    size_t body_len;
    bool body_too_big;
    const char *content_type, *cookie, *csrf_header, *authorization, *origin, *host;
    const char *if_none_match;
    const char *content_range; /* of an upload chunk (http/content_range.h) */
    const char *address;
    const char *seg[8]; /* path segments */
    int nseg;
    /* filled by authentication */
    sconn *db;
    struct ctx ctx;
    struct actor actor;
    bool authed, via_token;
    const char *session_token;  /* the cookie's secret (when signed in by cookie) */
    char csrf[TOKEN_MAX_CHARS]; /* the session's CSRF token */
    struct form *form;          /* the parsed form body, once asked for */
    bool form_bad;
};

struct response {
    int status;
    const char *content_type;
    buf body;
    struct {
        const char *name, *value;
    } headers[HTTP_MAX_HEADERS];
    int nheaders;
    const void *data; /* a body that is not in buf (file downloads): lives in req->a */
    size_t data_len;
    /* A body read piece by piece after the handler returns (a file stored in chunks): read
     * copies up to max bytes at pos into dst and returns the count (-1: failed); close
     * frees cls, whether or not the body was sent. Set last by a handler: the server then
     * owns cls. */
    struct body_stream {
        int64_t size;
        long (*read)(void *cls, uint64_t pos, char *dst, size_t max);
        void (*close)(void *cls);
        void *cls;
    } stream;
};

void resp_header(struct response *r, const char *name, const char *value);
/* The header of that name replaced (or added): for headers that appear once. */
void resp_header_set(struct response *r, const char *name, const char *value);
/* Content-Disposition: attachment, named name (UTF-8, percent-encoded) and, for clients
 * that read only the plain form, ascii_name (ASCII without quotes; NULL: none). */
void resp_attachment(struct request *req, struct response *r, const char *ascii_name,
                     const char *name);
/* The header added unless the response already has one of that name. */
void resp_header_default(struct response *r, const char *name, const char *value);
/* JSON error {"error":{"code","message"[,"field"]}} with the code's status. */
void resp_error(struct request *req, struct response *r, fz_err code, const char *message,
                const char *field);
/* An error in the form the path's client reads: the JSON error under /api/, the HTML error
 * page (layout.h page_error) everywhere else. message NULL: err_text(code). */
void http_error(struct request *req, struct response *r, fz_err code, const char *message);
/* The ctx's recorded error (falls back to err_text). */
void resp_ctx_error(struct request *req, struct response *r, fz_err code);
void resp_redirect(struct response *r, const char *location);

/* A record id as a URL segment or form value writes it: 1 to 18 digits, above zero. */
bool parse_id(const char *s, int64_t *id);
/* The query-string value for key, or NULL. */
const char *req_query(const struct request *req, const char *key);
/* The value of cookie name, or NULL (from req->a). */
const char *req_cookie(const struct request *req, const char *name);
bool req_is_write(const struct request *req);
/* The parsed form body (urlencoded or multipart), parsed on first use; NULL if the body is
 * not a form or is malformed (req->form_bad). */
struct form *req_form(struct request *req);
/* A plain field of the form body, or NULL. */
const char *form_value(struct request *req, const char *name);

/* Route handlers return nothing: they fill the response. */
typedef void (*handler_fn)(struct request *req, struct response *r);

/* Whether a write to a public route may go on (router.c asks before the handler): true, or
 * false with r filled as 429 with Retry-After and a message saying when to try again, when
 * req->address has used up its share of cfg->public_writes, or the portal it writes to
 * (the path's first two segments) its share of cfg->unit_writes. */
bool http_public_write_allowed(struct request *req, struct response *r);

/* Dispatches a request (router.c). */
void http_dispatch(struct request *req, struct response *r);

/* server.c: runs until SIGINT/SIGTERM. Prints the URL once listening. Returns 0 on a clean
 * stop. */
int http_serve(struct server_config *cfg);

#endif
