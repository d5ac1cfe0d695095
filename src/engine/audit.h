/* audit.h — the append-only, hash-chained audit log (ARCHITECTURE.md, issue 2 §6).
 *
 * One chain per tenant (chain_id = the tenant organisation's id). Entry n's hash is
 * H(prev_hash "\n" canonical(entry n)), where H is SHA-256 or SM3 (chosen at init and kept
 * in meta.hash_alg) and canonical() is a JSON array of every column in a fixed order.
 * audit_heads keeps each chain's last seq and hash, updated in the same transaction.
 *
 * before/after are canonical JSON states of the record (engine/canon.h); verify compares each
 * audited record's current row with the after-state of its last entry. */
#ifndef FZ_AUDIT_H
#define FZ_AUDIT_H

#include "engine/ctx.h"

struct audit_entry {
    int64_t chain_id;
    int64_t org_id;     /* the organisation the act concerns */
    const char *action; /* e.g. "tasks.create", "session.signin", "tasks.assign.refused" */
    const char *entity; /* table name, or "session" */
    int64_t record_id;  /* 0 when none */
    const char *before; /* canonical JSON or NULL */
    const char *after;  /* canonical JSON or NULL (refusals, sign-ins) */
    const char *detail; /* JSON object or NULL: transition parameters, refusal reason */
};

/* Appends inside the caller's write transaction (opens one if none). */
fz_err audit_append(struct ctx *c, const struct audit_entry *e);
/* Appends in a transaction of its own (for refusals, whose main work was not done). Called
 * inside a caller's transaction, it keeps a copy in c->pending instead: the caller rolls
 * its work back and then calls audit_flush_refusals(). */
fz_err audit_append_own_tx(struct ctx *c, const struct audit_entry *e);
/* Appends the refusals kept while a transaction was open (outside any transaction). */
fz_err audit_flush_refusals(struct ctx *c);

/* Records that the actor read a record holding personal data (entity audit_reads). */
fz_err audit_read(struct ctx *c, const char *entity, int64_t record_id, int64_t chain_id,
                  int64_t org_id);

/* Canonical form of an entry for hashing, into b (exposed for tests). */
struct buf;
void audit_canonical(struct buf *b, int64_t chain_id, int64_t seq, const char *at, int64_t actor_id,
                     const char *actor, const struct audit_entry *e);

/* The chain hash algorithm stored at init (meta.hash_alg); SHA-256 if unset. */
enum hash_alg audit_alg(sconn *db, arena *a);

#endif
