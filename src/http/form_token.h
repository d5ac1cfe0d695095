/* form_token.h — proof that a public form was served by us, for POSTs that carry no session
 * (the portal's application form): "<unix seconds>.<HMAC-SHA256 hex>" over the purpose and
 * the time, keyed by a random secret kept in the meta table (made on first use). Valid for
 * a limited time; not single-use (the rate limiter and the form's own checks do the rest). */
#ifndef FZ_FORM_TOKEN_H
#define FZ_FORM_TOKEN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "store/store.h"

#define FORM_TOKEN_MAX_AGE_S (2 * 3600)

/* A token for purpose (e.g. "apply:DH") at now_ms into *out (from a); NULL on failure. */
const char *form_token_issue(sconn *db, arena *a, const char *purpose, int64_t now_ms);
/* Whether token was issued for purpose less than max_age_s seconds before now_ms (and not
 * more than a minute ahead of it). */
bool form_token_valid(sconn *db, arena *a, const char *purpose, const char *token, int64_t now_ms,
                      int max_age_s);

#endif
