/* tokens.h — API tokens for integrations (Authorization: Bearer fzt_…). The secret is shown
 * once, when the token is made; the store keeps its SHA-256. Tokens are audited records:
 * creation and revocation are on the chain, and verify checks their rows. */
#ifndef FZ_TOKENS_H
#define FZ_TOKENS_H

#include "engine/ctx.h"

#define TOKEN_MAX_CHARS 64

struct token_row {
    int64_t id, user_id;
    const char *username, *name, *created_at, *expires_at, *revoked_at, *last_used_at;
};

/* The user a token acts as. FZ_EUNAUTH if unknown, revoked or expired. */
fz_err token_lookup(struct ctx *c, const char *token, int64_t *user_id);
/* Makes a token for a user; the secret goes to out once. days 0 = no expiry. */
fz_err token_create(struct ctx *c, int64_t user_id, const char *name, int days,
                    char out[TOKEN_MAX_CHARS], int64_t *id_out);
/* Revokes a token (it stops working at once). */
fz_err token_revoke(struct ctx *c, int64_t id);
/* Every token (or one user's, user_id > 0), newest first. */
fz_err token_list(struct ctx *c, int64_t user_id, struct token_row **out, size_t *n);
fz_err token_canon(struct ctx *c, int64_t id, buf *b);

#endif
