/* crypto.h — digests (SHA-256, or SM3 for deployments bound to the national algorithms),
 * random tokens, hex/base64url, constant-time comparison, and argon2id password hashes.
 * All through OpenSSL libcrypto and libargon2. */
#ifndef FZ_CRYPTO_H
#define FZ_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

enum hash_alg { HASH_SHA256, HASH_SM3 };

#define DIGEST_LEN 32
#define DIGEST_HEX_LEN 65 /* with NUL */

/* "sha256" / "sm3" ↔ enum; returns -1 for an unknown name. */
int hash_alg_parse(const char *name, enum hash_alg *out);
const char *hash_alg_name(enum hash_alg a);

/* Digest of data as lowercase hex. Returns 0 on success. */
int digest_hex(enum hash_alg alg, const void *data, size_t n, char out[DIGEST_HEX_LEN]);

/* Incremental digest (for streams of parts). */
typedef struct digest_ctx digest_ctx;
digest_ctx *digest_begin(enum hash_alg alg);
void digest_update(digest_ctx *d, const void *data, size_t n);
int digest_end(digest_ctx *d, char out[DIGEST_HEX_LEN]); /* frees d */

/* n random bytes from the OS CSPRNG; 0 on success. */
int random_bytes(void *p, size_t n);
/* A random token of nbytes bytes as base64url without padding into out (outlen bytes,
 * needs 4*nbytes/3 + 2). 0 on success. */
int random_token(char *out, size_t outlen, size_t nbytes);

/* HMAC-SHA256 of data under key, as lowercase hex. Returns 0 on success. */
int hmac_sha256_hex(const void *key, size_t keylen, const void *data, size_t n,
                    char out[DIGEST_HEX_LEN]);

void hex_encode(const unsigned char *in, size_t n, char *out); /* out: 2n+1 bytes */
bool ct_equal(const char *a, const char *b);                   /* constant time for equal lengths */

/* argon2id (RFC 9106 second recommendation: m=19 MiB, t=2, p=1), PHC string format. */
#define PASSWORD_HASH_MAX 128
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
/* true if password matches the encoded hash. */
bool password_verify(const char *encoded, const char *password);

#endif
