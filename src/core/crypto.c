/* crypto.c — digests, randomness and password hashing over OpenSSL and libargon2. */
#include "crypto.h"

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

#define ARGON2_T 2
#define ARGON2_M_KIB 19456
#define ARGON2_P 1
#define SALT_LEN 16

int hash_alg_parse(const char *name, enum hash_alg *out)
{
    if (strcmp(name, "sha256") == 0)
        *out = HASH_SHA256;
    else if (strcmp(name, "sm3") == 0)
        *out = HASH_SM3;
    else
        return -1;
    return 0;
}

const char *hash_alg_name(enum hash_alg a)
{
    return a == HASH_SM3 ? "sm3" : "sha256";
}

struct digest_ctx {
    EVP_MD_CTX *md;
};

/* The digests, fetched from the provider once: EVP_sha256() makes every EVP_DigestInit_ex
 * fetch it again (OpenSSL 3), which cost more than the hash of a token and took a lock
 * every request. Kept for the life of the process. */
static const EVP_MD *md_sha256, *md_sm3;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

static void md_fetch(void)
{
    md_sha256 = EVP_MD_fetch(NULL, "SHA2-256", NULL);
    md_sm3 = EVP_MD_fetch(NULL, "SM3", NULL);
}

static const EVP_MD *md_of(enum hash_alg alg)
{
    pthread_once(&md_once, md_fetch);
    if (alg == HASH_SM3)
        return md_sm3 ? md_sm3 : EVP_sm3();
    return md_sha256 ? md_sha256 : EVP_sha256();
}

digest_ctx *digest_begin(enum hash_alg alg)
{
    digest_ctx *d = malloc(sizeof *d);
    if (!d)
        return NULL;
    d->md = EVP_MD_CTX_new();
    const EVP_MD *type = md_of(alg);
    if (!d->md || !type || EVP_DigestInit_ex(d->md, type, NULL) != 1) {
        EVP_MD_CTX_free(d->md);
        free(d);
        return NULL;
    }
    return d;
}

void digest_update(digest_ctx *d, const void *data, size_t n)
{
    if (d)
        EVP_DigestUpdate(d->md, data, n);
}

int digest_end(digest_ctx *d, char out[DIGEST_HEX_LEN])
{
    if (!d)
        return -1;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    int ok = EVP_DigestFinal_ex(d->md, md, &len) == 1 && len == DIGEST_LEN;
    EVP_MD_CTX_free(d->md);
    free(d);
    if (!ok)
        return -1;
    hex_encode(md, len, out);
    return 0;
}

int digest_hex(enum hash_alg alg, const void *data, size_t n, char out[DIGEST_HEX_LEN])
{
    digest_ctx *d = digest_begin(alg);
    digest_update(d, data, n);
    return digest_end(d, out);
}

int random_bytes(void *p, size_t n)
{
    return RAND_bytes(p, (int)n) == 1 ? 0 : -1;
}

int random_token(char *out, size_t outlen, size_t nbytes)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char raw[64];
    if (nbytes > sizeof raw || outlen < nbytes * 4 / 3 + 2 || random_bytes(raw, nbytes))
        return -1;
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < nbytes; i++) {
        acc = (acc << 8) | raw[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out[o++] = alphabet[(acc >> bits) & 63];
        }
    }
    if (bits > 0)
        out[o++] = alphabet[(acc << (6 - bits)) & 63];
    out[o] = '\0';
    OPENSSL_cleanse(raw, sizeof raw);
    return 0;
}

void hex_encode(const unsigned char *in, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[in[i] >> 4];
        out[2 * i + 1] = hex[in[i] & 15];
    }
    out[2 * n] = '\0';
}

bool ct_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return false;
    return CRYPTO_memcmp(a, b, la) == 0;
}

/* argon2id takes 19 MiB and tens of milliseconds of one CPU: more hashes at once than CPUs
 * finish no sooner and only add memory (a sign-in flood on a server with many threads), so
 * they wait their turn here. */
static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static int gate_busy, gate_max;

static void gate_enter(void)
{
    pthread_mutex_lock(&gate_mu);
    if (!gate_max) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        gate_max = n < 1 ? 1 : n > 64 ? 64 : (int)n;
    }
    while (gate_busy >= gate_max)
        pthread_cond_wait(&gate_cv, &gate_mu);
    gate_busy++;
    pthread_mutex_unlock(&gate_mu);
}

static void gate_leave(void)
{
    pthread_mutex_lock(&gate_mu);
    gate_busy--;
    pthread_cond_signal(&gate_cv);
    pthread_mutex_unlock(&gate_mu);
}

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
    unsigned char salt[SALT_LEN];
    if (random_bytes(salt, sizeof salt))
        return -1;
    gate_enter();
    int rc = argon2id_hash_encoded(ARGON2_T, ARGON2_M_KIB, ARGON2_P, password, strlen(password),
                                   salt, sizeof salt, 32, out, PASSWORD_HASH_MAX);
    gate_leave();
    return rc == ARGON2_OK ? 0 : -1;
}

bool password_verify(const char *encoded, const char *password)
{
    if (!encoded || strncmp(encoded, "$argon2id$", 10) != 0)
        return false;
    gate_enter();
    bool ok = argon2id_verify(encoded, password, strlen(password)) == ARGON2_OK;
    gate_leave();
    return ok;
}

int hmac_sha256_hex(const void *key, size_t keylen, const void *data, size_t n,
                    char out[DIGEST_HEX_LEN])
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (keylen > INT_MAX || !HMAC(EVP_sha256(), key, (int)keylen, data, n, mac, &len) ||
        len != DIGEST_LEN)
        return -1;
    hex_encode(mac, len, out);
    return 0;
}
