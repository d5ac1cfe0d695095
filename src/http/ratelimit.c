/* ratelimit.c — per-address token buckets in a fixed, set-associative table (ratelimit.h).
 * An address hashes (with a per-process random seed, so nobody can aim collisions at a
 * given address) to a set of RL_WAYS buckets; a new address takes a free bucket, else one
 * that has refilled completely (it remembers nothing), else the one seen longest ago. */
#include "ratelimit.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/banned.h"

#define RL_WAYS 4
#define RL_STRIPES 64
#define RL_KEY 48 /* INET6_ADDRSTRLEN and a NUL, rounded up */

struct bucket {
    char key[RL_KEY]; /* "" when free */
    double tokens;
    double stamp; /* when tokens was last brought up to date */
};

struct ratelimit {
    double rate, burst;
    double (*clock)(void *arg);
    void *clock_arg;
    uint64_t seed;
    size_t nsets;                      /* a power of two */
    struct bucket *buckets;            /* nsets * RL_WAYS */
    pthread_mutex_t locks[RL_STRIPES]; /* set i is guarded by locks[i % RL_STRIPES] */
};

double ratelimit_monotonic(void *arg)
{
    (void)arg;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct ratelimit *ratelimit_new(const struct ratelimit_config *cfg)
{
    if (!cfg || !(cfg->rate_per_s > 0) || !(cfg->burst >= 1) || cfg->slots > RATELIMIT_MAX_SLOTS)
        return NULL;
    size_t want = cfg->slots ? cfg->slots : RATELIMIT_DEFAULT_SLOTS;
    size_t nsets = 1;
    while (nsets * RL_WAYS < want)
        nsets *= 2;
    struct ratelimit *rl = calloc(1, sizeof *rl);
    if (!rl)
        return NULL;
    rl->buckets = calloc(nsets * RL_WAYS, sizeof *rl->buckets);
    if (!rl->buckets) {
        free(rl);
        return NULL;
    }
    rl->rate = cfg->rate_per_s;
    rl->burst = cfg->burst;
    rl->clock = cfg->clock ? cfg->clock : ratelimit_monotonic;
    rl->clock_arg = cfg->clock_arg;
    rl->nsets = nsets;
    if (getentropy(&rl->seed, sizeof rl->seed) != 0)
        rl->seed = (uint64_t)(uintptr_t)rl ^ (uint64_t)time(NULL) * 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < RL_STRIPES; i++)
        pthread_mutex_init(&rl->locks[i], NULL);
    return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
    if (!rl)
        return;
    for (int i = 0; i < RL_STRIPES; i++)
        pthread_mutex_destroy(&rl->locks[i]);
    free(rl->buckets);
    free(rl);
}

/* The bucket key of an address: an IPv6 address is cut to its /64 (a subscriber gets a whole
 * /64, so each of its addresses is the same client); anything else is kept as given, cut to
 * RL_KEY - 1 bytes. */
static void address_key(const char *address, char key[RL_KEY])
{
    if (!address)
        address = "";
    unsigned char a6[16];
    if (strchr(address, ':') && inet_pton(AF_INET6, address, a6) == 1) {
        static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(a6, v4mapped, sizeof v4mapped) != 0)
            memset(a6 + 8, 0, 8);
        if (inet_ntop(AF_INET6, a6, key, RL_KEY))
            return;
    }
    size_t n = strnlen(address, RL_KEY - 1);
    memcpy(key, address, n);
    key[n] = '\0';
}

static uint64_t key_hash(uint64_t seed, const char *key)
{
    uint64_t h = 0xcbf29ce484222325ull ^ seed;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    /* a final mix, so that the low bits (the set) depend on every byte */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

/* Brings b's tokens up to now. */
static void refill(const struct ratelimit *rl, struct bucket *b, double now)
{
    if (now > b->stamp) {
        b->tokens += (now - b->stamp) * rl->rate;
        if (b->tokens > rl->burst)
            b->tokens = rl->burst;
        b->stamp = now;
    }
}

/* The bucket of key in set (locked): its own, else a free one, else one full again, else the
 * stalest, given to key with a full bucket. */
static struct bucket *find(struct ratelimit *rl, struct bucket *set, const char *key, double now)
{
    struct bucket *victim = NULL;
    for (int i = 0; i < RL_WAYS; i++) {
        struct bucket *b = &set[i];
        if (b->key[0] && strcmp(b->key, key) == 0)
            return b;
    }
    for (int i = 0; i < RL_WAYS && !victim; i++) {
        struct bucket *b = &set[i];
        if (!b->key[0] || b->tokens + (now - b->stamp) * rl->rate >= rl->burst)
            victim = b;
    }
    if (!victim) {
        victim = &set[0];
        for (int i = 1; i < RL_WAYS; i++)
            if (set[i].stamp < victim->stamp)
                victim = &set[i];
    }
    memcpy(victim->key, key, RL_KEY);
    victim->tokens = rl->burst;
    victim->stamp = now;
    return victim;
}

bool ratelimit_take(struct ratelimit *rl, const char *address, double *retry_after_s)
{
    char key[RL_KEY] = {0};
    address_key(address, key);
    if (!key[0]) {
        key[0] = '-'; /* no address: one shared bucket, never a free-looking one */
        key[1] = '\0';
    }
    size_t set = (size_t)key_hash(rl->seed, key) & (rl->nsets - 1);
    pthread_mutex_t *lock = &rl->locks[set % RL_STRIPES];
    double now = rl->clock(rl->clock_arg);
    pthread_mutex_lock(lock);
    struct bucket *b = find(rl, &rl->buckets[set * RL_WAYS], key, now);
    refill(rl, b, now);
    bool ok = b->tokens >= 1;
    if (ok)
        b->tokens -= 1;
    else if (retry_after_s)
        *retry_after_s = (1 - b->tokens) / rl->rate;
    pthread_mutex_unlock(lock);
    if (ok && retry_after_s)
        *retry_after_s = 0;
    return ok;
}

size_t ratelimit_used(struct ratelimit *rl)
{
    size_t n = 0;
    for (size_t s = 0; s < rl->nsets; s++) {
        pthread_mutex_lock(&rl->locks[s % RL_STRIPES]);
        for (int i = 0; i < RL_WAYS; i++)
            n += rl->buckets[s * RL_WAYS + i].key[0] != 0;
        pthread_mutex_unlock(&rl->locks[s % RL_STRIPES]);
    }
    return n;
}

size_t ratelimit_slots(const struct ratelimit *rl)
{
    return rl->nsets * RL_WAYS;
}
