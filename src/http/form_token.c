/* form_token.c — issuing and checking the public forms' tokens (form_token.h). */
#include "form_token.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/crypto.h"
#include "store/migrate.h"
#include "core/banned.h"

#define SECRET_KEY "portal_form_secret"

/* The secret, made once: the first writer wins, every later reader sees the same value. */
static const char *secret(sconn *db, arena *a)
{
    const char *s = meta_get(db, SECRET_KEY, a);
    if (s)
        return s;
    char fresh[64];
    if (random_token(fresh, sizeof fresh, 32))
        return NULL;
    stmt *st = db_prepare(db, "INSERT INTO meta (key, value) VALUES (?, ?) "
                              "ON CONFLICT (key) DO NOTHING");
    if (!st)
        return NULL;
    db_bind_text(st, 1, SECRET_KEY);
    db_bind_text(st, 2, fresh);
    if (db_run(st))
        return NULL;
    return meta_get(db, SECRET_KEY, a);
}

static int mac(sconn *db, arena *a, const char *purpose, long long ts, char out[DIGEST_HEX_LEN])
{
    const char *key = secret(db, a);
    if (!key)
        return -1;
    buf m;
    buf_init(&m, 0);
    buf_printf(&m, "%s\n%lld", purpose, ts);
    int rc = m.err ? -1 : hmac_sha256_hex(key, strlen(key), m.p, m.len, out);
    buf_release(&m);
    return rc;
}

const char *form_token_issue(sconn *db, arena *a, const char *purpose, int64_t now_ms)
{
    char hex[DIGEST_HEX_LEN];
    long long ts = (long long)(now_ms / 1000);
    if (mac(db, a, purpose, ts, hex))
        return NULL;
    return arena_printf(a, "%lld.%s", ts, hex);
}

bool form_token_valid(sconn *db, arena *a, const char *purpose, const char *token, int64_t now_ms,
                      int max_age_s)
{
    /* only the spelling we issue: strtoll alone would also take leading blanks, a sign and
     * leading zeros, so one token would have many accepted forms */
    if (!token || token[0] < '1' || token[0] > '9')
        return false;
    char *end;
    long long ts = strtoll(token, &end, 10);
    if (*end != '.' || ts <= 0)
        return false;
    long long now = (long long)(now_ms / 1000);
    if (ts > now + 60 || now - ts > max_age_s)
        return false;
    char hex[DIGEST_HEX_LEN];
    return mac(db, a, purpose, ts, hex) == 0 && strlen(end + 1) == DIGEST_HEX_LEN - 1 &&
           ct_equal(end + 1, hex);
}
