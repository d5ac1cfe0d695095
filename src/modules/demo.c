/* demo.c — acting as a demo user at a chosen moment. */
#include "demo.h"

#include <string.h>

#include "core/date.h"
#include "engine/people.h"
#include "core/banned.h"

fz_err demo_ctx(struct demo *d, const char *username, int day, int minute, struct ctx *out)
{
    struct actor *a = NULL;
    for (int i = 0; i < d->nactors; i++)
        if (strcmp(d->actor_names[i], username) == 0)
            a = &d->actors[i];
    if (!a) {
        if (d->nactors == (int)(sizeof d->actors / sizeof d->actors[0]))
            return FZ_EINTERNAL;
        struct ctx tmp;
        ctx_init(&tmp, d->db, d->a, d->cal, &actor_system, d->alg);
        int64_t id;
        const char *hash;
        bool active;
        fz_err e = user_lookup(&tmp, username, &id, &hash, &active);
        if (e || (e = actor_load(&tmp, id, &d->actors[d->nactors])))
            return e;
        d->actor_names[d->nactors] = arena_strdup(d->a, username);
        a = &d->actors[d->nactors++];
    }
    /* Asia/Shanghai wall time → UTC instant */
    time_pin((int64_t)day * DEMO_DAY_MS + (int64_t)minute * 60000 - 8LL * 3600 * 1000);
    ctx_init(out, d->db, d->a, d->cal, a, d->alg);
    return FZ_OK;
}

void demo_done(void)
{
    time_pin(0);
    time_pin_from_env(); /* back to FAZHI_NOW when the demo runs with a pinned clock */
}
