/* ctx.c — engine context helpers. */
#include "ctx.h"

#include <stdarg.h>

#include "core/date.h"
#include "core/banned.h"

const struct actor actor_system = {
    .user_id = 0, .username = "system", .name = "系统", .system = true};
const struct actor actor_anonymous = {
    .user_id = 0, .username = "anonymous", .name = "访客", .system = false};

void ctx_init(struct ctx *c, sconn *db, arena *a, const calendar *cal, const struct actor *actor,
              enum hash_alg alg)
{
    c->db = db;
    c->a = a;
    c->cal = cal;
    c->actor = actor ? actor : &actor_anonymous;
    c->alg = alg;
    c->now_ms = time_now_ms();
    c->today = date_of_instant(c->now_ms);
    c->address = "";
    c->err = (fz_error){FZ_OK, NULL, NULL};
    c->pending = NULL;
}

fz_err ctx_fail(struct ctx *c, fz_err code, const char *field, const char *fmt, ...)
{
    c->err.code = code;
    /* copied: field often points into the caller's JSON, which may be freed first */
    c->err.field = field ? arena_strdup(c->a, field) : NULL;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        c->err.message = arena_vprintf(c->a, fmt, ap);
        va_end(ap);
    } else {
        c->err.message = err_text(code);
    }
    return code;
}
