/* auth.h — sign-in, sessions, API tokens and sign-in throttling, over the store.
 *
 * Sessions and tokens are random 256-bit secrets given to the client once; the store keeps
 * only their SHA-256, so a copy of the database does not let anyone sign in. Sessions live in
 * the database so that several server processes share them. Failed sign-ins are throttled
 * per username and per client address (signin_failures). */
#ifndef FZ_AUTH_H
#define FZ_AUTH_H

#include "engine/ctx.h"

#define SESSION_TOKEN_BYTES 32
#define SESSION_TTL_MS (12LL * 3600 * 1000)     /* idle sessions end after 12 hours */
#define SESSION_MAX_MS (7LL * 24 * 3600 * 1000) /* and every session after 7 days */
#include "engine/tokens.h"                      /* API tokens, TOKEN_MAX_CHARS */

/* Throttling: after this many failures within the window the key is locked. */
#define THROTTLE_USER_ADDR_FAILURES 5 /* one username from one address */
#define THROTTLE_USER_FAILURES 20     /* one username from anywhere */
#define THROTTLE_ADDR_FAILURES 30     /* one address, any usernames */
#define THROTTLE_WINDOW_MS (15LL * 60 * 1000)
#define THROTTLE_LOCK_MS (15LL * 60 * 1000)

struct session {
    int64_t user_id;
    char token[TOKEN_MAX_CHARS]; /* the secret for the cookie (only after create) */
    char csrf_token[TOKEN_MAX_CHARS];
};

/* Checks username/password with throttling; on success creates a session and audits the
 * sign-in; on failure audits the refusal. FZ_EUNAUTH (bad credentials; same answer for an
 * unknown user), FZ_ETHROTTLED (*retry_after_s set), FZ_EFORBIDDEN (disabled account). */
fz_err auth_signin(struct ctx *c, const char *username, const char *password, struct session *out,
                   int *retry_after_s);
/* Looks up a session cookie; refreshes last_seen. FZ_EUNAUTH if unknown or expired. */
fz_err auth_session(struct ctx *c, const char *token, struct session *out);
/* Ends the session and audits the sign-out. */
fz_err auth_signout(struct ctx *c, const char *token, int64_t user_id);

#endif
