/* verify.h — proving the record intact: every audit chain links and hashes correctly up
 * to its head, every audited row (entities, organisations, users, roles, files) equals the
 * after-state of its last audit entry, and every blob matches its SHA-256. */
#ifndef FZ_VERIFY_H
#define FZ_VERIFY_H

#include "engine/ctx.h"

struct verify_result {
    int chains, entries, records, blobs;
    int problems; /* 0: intact */
};

/* Writes one line per finding (and a summary) to report. Returns FZ_OK when the checks
 * ran (whatever they found) or FZ_EDB when the store failed. */
fz_err verify_all(struct ctx *c, buf *report, struct verify_result *res);

#endif
