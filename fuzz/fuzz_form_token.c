/* fuzz_form_token.c — the public forms' tokens (http/form_token.h) against a real store
 * (migrated once, the secret made on first use). Input: the purpose, a NUL byte, then the
 * rest. The rest is checked as a token for the purpose (must never crash; if it passes, it
 * must be exactly the token we issue for its time: one spelling per token). Then a token is
 * issued for the purpose and must: validate inside its window and not outside it, not
 * validate for other purposes, and not validate after any edit the rest describes (3 bytes
 * each: operation, position, byte — replace, insert or delete one byte). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "http/form_token.h"
#include "store/migrate.h"

static store *st;
static sconn *db;
static char path[] = "/tmp/fazhi-fuzz-token-XXXXXX";

/* 2026-01-01T00:00:00.250Z: a fixed clock, the milliseconds dropped by the token */
#define NOW_MS 1767225600250LL

static void remove_db(void)
{
    char p[64];
    const char *sfx[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, sfx[i]);
        unlink(p);
    }
}

static void setup(void)
{
    log_set_level(LOG_OFF);
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    close(fd);
    atexit(remove_db);
    char err[256];
    if (store_open(path, &st, err, sizeof err))
        abort();
    db = store_acquire(st);
    arena *a = arena_new();
    if (!db || store_migrate(db, a, NULL))
        abort();
    arena_free(a);
}

static bool valid(arena *a, const char *purpose, const char *token, int64_t now_ms, int max_age)
{
    return form_token_valid(db, a, purpose, token, now_ms, max_age);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db)
        setup();
    arena *a = arena_new();
    const uint8_t *nul = memchr(data, '\0', size);
    size_t plen = nul ? (size_t)(nul - data) : size;
    const char *purpose = arena_strndup(a, (const char *)data, plen);
    const uint8_t *rest = nul ? nul + 1 : data + size;
    size_t rlen = (size_t)(data + size - rest);
    /* the rest as a token (cut at its first NUL, as a form value would be) */
    const char *given = arena_strndup(a, (const char *)rest, rlen);

    /* 1. whatever it is, checking it must not crash; if it passes it is our spelling */
    int max_age = FORM_TOKEN_MAX_AGE_S;
    if (valid(a, purpose, given, NOW_MS, max_age)) {
        long long ts = strtoll(given, NULL, 10);
        const char *ours = form_token_issue(db, a, purpose, (int64_t)ts * 1000);
        if (!ours || strcmp(ours, given) != 0)
            abort();
    }

    /* 2. a real token: valid now, for its purpose only, within its window only */
    int64_t issued_ms = NOW_MS - (rlen ? rest[0] : 0) * 61000LL; /* up to ~4.3 h ago */
    const char *t = form_token_issue(db, a, purpose, issued_ms);
    if (!t)
        abort();
    long long ts = issued_ms / 1000;
    long long now = NOW_MS / 1000;
    bool in_window = ts <= now + 60 && now - ts <= max_age;
    if (valid(a, purpose, t, NOW_MS, max_age) != in_window)
        abort();
    if (!valid(a, purpose, t, issued_ms, max_age) || !valid(a, purpose, t, issued_ms, 0))
        abort();
    /* the edges: a minute early is allowed, a second more is not; likewise max_age */
    if (!valid(a, purpose, t, (ts - 60) * 1000, max_age) ||
        valid(a, purpose, t, (ts - 61) * 1000, max_age) ||
        !valid(a, purpose, t, (ts + max_age) * 1000 + 999, max_age) ||
        valid(a, purpose, t, (ts + max_age + 1) * 1000, max_age))
        abort();
    /* other purposes: one byte more, one byte less, and the rest as a purpose */
    if (valid(a, arena_printf(a, "%sx", purpose), t, issued_ms, max_age) ||
        (plen && valid(a, arena_strndup(a, purpose, plen - 1), t, issued_ms, max_age)) ||
        (strcmp(given, purpose) != 0 && valid(a, given, t, issued_ms, max_age)))
        abort();

    /* 3. edits of the real token: valid exactly when the text is unchanged */
    size_t tlen = strlen(t);
    char *e = arena_alloc(a, tlen + 2);
    for (size_t i = 0; i + 3 <= rlen && i < 3 * 16; i += 3) {
        uint8_t op = rest[i] % 3, pos = rest[i + 1], byte = rest[i + 2];
        size_t at = pos % (tlen + 1);
        memcpy(e, t, tlen + 1);
        if (op == 0 && at < tlen) { /* replace */
            e[at] = byte ? (char)byte : 'x';
        } else if (op == 1) { /* insert */
            memmove(e + at + 1, e + at, tlen - at + 1);
            e[at] = byte ? (char)byte : '0';
        } else if (at < tlen) { /* delete */
            memmove(e + at, e + at + 1, tlen - at);
        }
        if (valid(a, purpose, e, issued_ms, max_age) != (strcmp(e, t) == 0))
            abort();
    }
    /* every single-byte change at one position the input picks */
    size_t at = (rlen > 1 ? rest[1] : 0) % tlen;
    memcpy(e, t, tlen + 1);
    for (int c = 1; c < 256; c++) {
        if (c == (unsigned char)t[at])
            continue;
        e[at] = (char)c;
        if (valid(a, purpose, e, issued_ms, max_age))
            abort();
    }
    arena_free(a);
    return 0;
}
