/* ratelimit.h — token buckets keyed by client address, for requests anyone may send (the
 * public portal's forms). Each address may spend `burst` requests at once and earns them
 * back at `rate_per_s`.
 *
 * Invariants: memory is fixed when the limiter is made (slots buckets, rounded up to a power
 * of two); an address not in the table takes the slot of the stalest bucket in its set, so
 * an attacker rotating addresses evicts buckets but never grows the table. IPv6 addresses
 * share a bucket per /64 (one subscriber's prefix); IPv4 and IPv4-mapped ones are whole.
 * Thread-safe: buckets are guarded by striped mutexes.
 *
 * Ownership: ratelimit_new() returns a limiter the caller frees with ratelimit_free(). The
 * address strings are copied, never kept. */
#ifndef FZ_RATELIMIT_H
#define FZ_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>

struct ratelimit;

/* Seconds on a clock that never steps back (CLOCK_MONOTONIC). */
double ratelimit_monotonic(void *arg);

struct ratelimit_config {
    double rate_per_s; /* tokens earned per second, > 0 */
    double burst;      /* bucket size (requests allowed at once), >= 1 */
    size_t slots;      /* buckets kept (0: RATELIMIT_DEFAULT_SLOTS) */
    /* The clock, in seconds (NULL: ratelimit_monotonic); tests pass their own. */
    double (*clock)(void *arg);
    void *clock_arg;
};

#define RATELIMIT_DEFAULT_SLOTS 4096
#define RATELIMIT_MAX_SLOTS ((size_t)1 << 20)

/* A limiter, or NULL when the config is invalid or memory runs out. */
struct ratelimit *ratelimit_new(const struct ratelimit_config *cfg);
void ratelimit_free(struct ratelimit *rl);

/* Takes one token from address's bucket: true if it had one. false: *retry_after_s (if
 * given) gets the seconds until the next token. A NULL or empty address shares one bucket. */
bool ratelimit_take(struct ratelimit *rl, const char *address, double *retry_after_s);

/* Buckets in use, <= ratelimit_slots (for tests and monitoring). */
size_t ratelimit_used(struct ratelimit *rl);
size_t ratelimit_slots(const struct ratelimit *rl);

#endif
