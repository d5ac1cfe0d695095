/* http.c — small helpers over requests and responses shared by every handler. */
#include "http.h"

#include <string.h>
#include <strings.h>

#include "http/form.h"
#include "http/layout.h"
#include "core/banned.h"

void resp_header(struct response *r, const char *name, const char *value)
{
    if (r->nheaders < HTTP_MAX_HEADERS) {
        r->headers[r->nheaders].name = name;
        r->headers[r->nheaders].value = value;
        r->nheaders++;
    }
}

bool parse_id(const char *s, int64_t *id)
{
    if (!s || !*s || strlen(s) > 18)
        return false;
    int64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (*s - '0');
    }
    *id = v;
    return v > 0;
}

void resp_header_set(struct response *r, const char *name, const char *value)
{
    for (int i = 0; i < r->nheaders; i++)
        if (strcasecmp(r->headers[i].name, name) == 0) {
            r->headers[i].value = value;
            return;
        }
    resp_header(r, name, value);
}

void resp_attachment(struct request *req, struct response *r, const char *ascii_name,
                     const char *name)
{
    buf b;
    buf_init(&b, 0);
    buf_puts(&b, "attachment; ");
    if (ascii_name)
        buf_printf(&b, "filename=\"%s\"; ", ascii_name);
    buf_puts(&b, "filename*=UTF-8''");
    buf_put_url(&b, name);
    resp_header(r, "Content-Disposition", arena_strndup(req->a, b.p ? b.p : "", b.len));
    buf_release(&b);
}

void resp_header_default(struct response *r, const char *name, const char *value)
{
    for (int i = 0; i < r->nheaders; i++)
        if (strcasecmp(r->headers[i].name, name) == 0)
            return;
    resp_header(r, name, value);
}

void resp_error(struct request *req, struct response *r, fz_err code, const char *message,
                const char *field)
{
    (void)req;
    r->status = err_status(code);
    r->content_type = "application/json; charset=utf-8";
    r->data = NULL;
    buf_reset(&r->body);
    buf_puts(&r->body, "{\"error\":{\"code\":");
    buf_put_json_str(&r->body, err_code(code));
    buf_puts(&r->body, ",\"message\":");
    buf_put_json_str(&r->body, message ? message : err_text(code));
    if (field) {
        buf_puts(&r->body, ",\"field\":");
        buf_put_json_str(&r->body, field);
    }
    buf_puts(&r->body, "}}");
}

void http_error(struct request *req, struct response *r, fz_err code, const char *message)
{
    const char *p = req->path ? req->path : "";
    if (strncmp(p, "/api/", 5) == 0 || strcmp(p, "/api") == 0)
        resp_error(req, r, code, message, NULL);
    else
        page_error(req, r, err_status(code), message ? message : err_text(code));
}

void resp_ctx_error(struct request *req, struct response *r, fz_err code)
{
    const fz_error *e = &req->ctx.err;
    if (e->code != FZ_OK && e->code != code)
        code = e->code;
    resp_error(req, r, code, e->message, e->field);
}

void resp_redirect(struct response *r, const char *location)
{
    r->status = 303;
    r->content_type = "text/plain; charset=utf-8";
    buf_reset(&r->body);
    resp_header(r, "Location", location);
}

const char *req_query(const struct request *req, const char *key)
{
    for (size_t i = 0; i < req->nquery; i++)
        if (strcmp(req->query[i].key, key) == 0)
            return req->query[i].value;
    return NULL;
}

const char *req_cookie(const struct request *req, const char *name)
{
    const char *c = req->cookie;
    size_t n = strlen(name);
    while (c && *c) {
        while (*c == ' ' || *c == ';')
            c++;
        if (strncmp(c, name, n) == 0 && c[n] == '=') {
            const char *v = c + n + 1;
            size_t len = strcspn(v, ";");
            return arena_strndup(req->a, v, len);
        }
        c = strchr(c, ';');
    }
    return NULL;
}

bool req_is_write(const struct request *req)
{
    return strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0;
}

struct form *req_form(struct request *req)
{
    if (req->form || req->form_bad)
        return req->form;
    const char *ct = req->content_type ? req->content_type : "";
    struct form *f = arena_alloc(req->a, sizeof *f);
    int rc;
    if (strncmp(ct, "application/x-www-form-urlencoded", 33) == 0)
        rc = form_parse_urlencoded(req->a, req->body, req->body_len, f);
    else if (strncmp(ct, "multipart/form-data", 19) == 0)
        rc = form_parse_multipart(req->a, req->body, req->body_len, form_boundary(req->a, ct), f);
    else
        rc = -1;
    if (rc) {
        req->form_bad = true;
        return NULL;
    }
    req->form = f;
    return f;
}

const char *form_value(struct request *req, const char *name)
{
    struct form *f = req_form(req);
    return f ? form_get(f, name) : NULL;
}
