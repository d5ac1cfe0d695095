/* auth.c — sessions, API tokens and throttled sign-in, all stored as hashes. */
#include "auth.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/utf8.h"
#include "engine/audit.h"
#include "engine/canon.h"
#include "engine/people.h"
#include "core/banned.h"

static void token_hash(const char *token, char out[DIGEST_HEX_LEN])
{
    digest_hex(HASH_SHA256, token, strlen(token), out);
}

static void iso(int64_t ms, char out[25])
{
    time_format_iso(ms, out);
}

/* ---- throttling -------------------------------------------------------------------------- */

/* Returns seconds until key unlocks, 0 if it may try now. */
static int throttle_wait(struct ctx *c, const char *key)
{
    stmt *st = db_prepare(c->db, "SELECT locked_until FROM signin_failures WHERE key = ?");
    if (!st)
        return 0;
    db_bind_text(st, 1, key);
    int wait = 0;
    if (db_step(st) == DB_ROW && db_col_text(st, 0)) {
        int64_t until;
        if (time_parse_iso(db_col_text(st, 0), &until) == 0 && until > c->now_ms)
            wait = (int)((until - c->now_ms + 999) / 1000);
    }
    db_done(st);
    return wait;
}

/* Failures counted for key in the current window. */
static int throttle_failures(struct ctx *c, const char *key)
{
    char window[25];
    iso(c->now_ms - THROTTLE_WINDOW_MS, window);
    stmt *st = db_prepare(c->db, "SELECT failures, locked_until FROM signin_failures "
                                 "WHERE key = ? AND (window_start >= ? OR locked_until IS NOT "
                                 "NULL)");
    if (!st)
        return 0;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, window);
    int n = 0;
    if (db_step(st) == DB_ROW)
        n = db_col_text(st, 1) ? 1 + (int)db_col_int(st, 0) : (int)db_col_int(st, 0);
    db_done(st);
    return n;
}

static void throttle_fail(struct ctx *c, const char *key, int limit)
{
    char now[25], lock[25], window_start[25];
    iso(c->now_ms, now);
    iso(c->now_ms + THROTTLE_LOCK_MS, lock);
    iso(c->now_ms - THROTTLE_WINDOW_MS, window_start);
    if (db_begin(c->db, true))
        return;
    /* A failure outside the window starts a new count. */
    stmt *st = db_prepare(c->db, "INSERT INTO signin_failures (key, failures, window_start) "
                                 "VALUES (?, 1, ?) ON CONFLICT (key) DO UPDATE SET "
                                 "failures = CASE WHEN signin_failures.window_start < ? THEN 1 "
                                 "ELSE signin_failures.failures + 1 END, "
                                 "window_start = CASE WHEN signin_failures.window_start < ? THEN ? "
                                 "ELSE signin_failures.window_start END "
                                 "RETURNING failures");
    int failures = 0;
    if (st) {
        db_bind_text(st, 1, key);
        db_bind_text(st, 2, now);
        db_bind_text(st, 3, window_start);
        db_bind_text(st, 4, window_start);
        db_bind_text(st, 5, now);
        if (db_step(st) == DB_ROW)
            failures = (int)db_col_int(st, 0);
        db_done(st);
    }
    if (failures >= limit) {
        st = db_prepare(c->db, "UPDATE signin_failures SET locked_until = ?, failures = 0, "
                               "window_start = ? WHERE key = ?");
        if (st) {
            db_bind_text(st, 1, lock);
            db_bind_text(st, 2, now);
            db_bind_text(st, 3, key);
            db_run(st);
        }
    }
    db_commit(c->db);
}

static void throttle_clear(struct ctx *c, const char *key)
{
    stmt *st = db_prepare(c->db, "DELETE FROM signin_failures WHERE key = ?");
    if (st) {
        db_bind_text(st, 1, key);
        db_run(st);
    }
}

/* Ended sessions and old failure counters are removed as people sign in, so neither table
 * grows without bound. */
static void purge_expired(struct ctx *c)
{
    char now[25], idle[25], window[25];
    iso(c->now_ms, now);
    iso(c->now_ms - SESSION_TTL_MS, idle);
    iso(c->now_ms - THROTTLE_WINDOW_MS, window);
    stmt *st = db_prepare(c->db, "DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?");
    if (st) {
        db_bind_text(st, 1, now);
        db_bind_text(st, 2, idle);
        db_run(st);
    }
    st = db_prepare(c->db, "DELETE FROM signin_failures WHERE window_start < ? AND "
                           "(locked_until IS NULL OR locked_until < ?)");
    if (st) {
        db_bind_text(st, 1, window);
        db_bind_text(st, 2, now);
        db_run(st);
    }
}

/* Whether this throttled attempt is the first one under the locks now holding (and marks
 * them): a flood of attempts against a lock is audited once, not once per attempt. */
static bool throttle_first_refusal(struct ctx *c, const char *k1, const char *k2,
                                   const char *k3)
{
    char now[25];
    iso(c->now_ms, now);
    stmt *st = db_prepare(c->db, "UPDATE signin_failures SET refusal_logged_until = "
                                 "locked_until WHERE key IN (?, ?, ?) AND locked_until > ? AND "
                                 "(refusal_logged_until IS NULL OR refusal_logged_until <> "
                                 "locked_until)");
    if (!st)
        return true; /* when in doubt, audit */
    db_bind_text(st, 1, k1);
    db_bind_text(st, 2, k2);
    db_bind_text(st, 3, k3);
    db_bind_text(st, 4, now);
    fz_err e = db_run(st);
    return e || db_changes(c->db) > 0;
}

/* ---- audit ------------------------------------------------------------------------------- */

static void audit_session(struct ctx *c, const char *action, int64_t user_id, const char *username,
                          const char *reason)
{
    int64_t chain = c->actor->tenant_id, org = c->actor->home_org_id;
    if (user_id) {
        stmt *st = db_prepare(c->db, "SELECT org_id, home_org_id FROM users WHERE id = ?");
        if (st) {
            db_bind_int(st, 1, user_id);
            if (db_step(st) == DB_ROW) {
                chain = db_col_int(st, 0);
                org = db_col_int(st, 1);
            }
            db_done(st);
        }
    }
    if (!chain) {
        /* An unknown username: record it on the first tenant's chain (the deployment's top
         * organisation), so failed guesses are still on the record. */
        stmt *st = db_prepare(c->db, "SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id "
                                     "LIMIT 1");
        if (st) {
            if (db_step(st) == DB_ROW)
                chain = org = db_col_int(st, 0);
            db_done(st);
        }
    }
    if (!chain)
        return;
    buf d;
    buf_init(&d, 0);
    canon_begin(&d);
    canon_text(&d, "username", username);
    canon_text(&d, "address", c->address);
    if (reason)
        canon_text(&d, "reason", reason);
    canon_end(&d);
    /* A sign-in is recorded as made by the person named, whoever the request came from (even
     * a request that already carries someone else's session). */
    struct actor who = {.user_id = user_id, .username = username, .name = username};
    struct ctx as = *c;
    as.actor = &who;
    struct audit_entry ae = {.chain_id = chain,
                             .org_id = org,
                             .action = action,
                             .entity = "session",
                             .record_id = user_id,
                             .detail = d.err ? NULL : d.p};
    audit_append(&as, &ae);
    buf_release(&d);
}

/* ---- sign-in and sessions ---------------------------------------------------------------- */

/* A fixed argon2id hash to verify against for unknown users, so that an unknown username
 * takes as long as a wrong password. Computed once. */
static char dummy[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
    if (password_hash("fazhi-timing-equaliser", dummy) != 0)
        dummy[0] = '\0'; /* verify then fails fast; only timing is lost */
}

static const char *dummy_hash(void)
{
    pthread_once(&dummy_once, dummy_init);
    return dummy;
}

fz_err auth_signin(struct ctx *c, const char *username, const char *password, struct session *out,
                   int *retry_after_s)
{
    memset(out, 0, sizeof *out);
    *retry_after_s = 0;
    if (!username || !password || !*username || strlen(username) > 64 || strlen(password) > 256 ||
        !utf8_valid(username, strlen(username)))
        return ctx_fail(c, FZ_EUNAUTH, NULL, "用户名或密码不正确");
    /* Three counters: one guesser at one address is stopped soon (user+address); guessing one
     * account from many addresses, and one address guessing many accounts, later. */
    char uakey[192], ukey[96], akey[96];
    snprintf(uakey, sizeof uakey, "ua:%s|%.80s", username, c->address);
    snprintf(ukey, sizeof ukey, "u:%s", username);
    snprintf(akey, sizeof akey, "a:%.80s", c->address);
    int wait = throttle_wait(c, uakey);
    int w2 = throttle_wait(c, ukey), w3 = throttle_wait(c, akey);
    /* An account under attack from many addresses stays open to an address that has not
     * failed on it (its owner at their desk); the attackers' addresses are held back. */
    if (w2 > wait && throttle_failures(c, uakey) > 0)
        wait = w2;
    if (w3 > wait)
        wait = w3;
    if (wait > 0) {
        *retry_after_s = wait;
        if (throttle_first_refusal(c, uakey, ukey, akey))
            audit_session(c, "session.signin.refused", 0, username, "throttled");
        return ctx_fail(c, FZ_ETHROTTLED, NULL, "登录失败次数过多，请 %d 分钟后再试",
                        (wait + 59) / 60);
    }
    int64_t id = 0;
    const char *hash = NULL;
    bool active = false;
    fz_err e = user_lookup(c, username, &id, &hash, &active);
    if (e && e != FZ_ENOTFOUND)
        return ctx_fail(c, e, NULL, NULL);
    bool ok = password_verify(e ? dummy_hash() : hash, password) && !e;
    if (!ok) {
        throttle_fail(c, uakey, THROTTLE_USER_ADDR_FAILURES);
        throttle_fail(c, ukey, THROTTLE_USER_FAILURES);
        throttle_fail(c, akey, THROTTLE_ADDR_FAILURES);
        audit_session(c, "session.signin.refused", id, username, "bad credentials");
        return ctx_fail(c, FZ_EUNAUTH, NULL, "用户名或密码不正确");
    }
    if (!active) {
        audit_session(c, "session.signin.refused", id, username, "account disabled");
        return ctx_fail(c, FZ_EFORBIDDEN, NULL, "该账号已停用，请联系系统管理员");
    }
    throttle_clear(c, uakey);
    purge_expired(c);
    if (random_token(out->token, sizeof out->token, SESSION_TOKEN_BYTES) ||
        random_token(out->csrf_token, sizeof out->csrf_token, SESSION_TOKEN_BYTES))
        return ctx_fail(c, FZ_EINTERNAL, NULL, NULL);
    char th[DIGEST_HEX_LEN], now[25], exp[25];
    token_hash(out->token, th);
    iso(c->now_ms, now);
    iso(c->now_ms + SESSION_MAX_MS, exp);
    if (db_begin(c->db, true))
        return ctx_fail(c, FZ_EBUSY, NULL, NULL);
    stmt *st = db_prepare(c->db, "INSERT INTO sessions (token_hash, user_id, csrf_token, "
                                 "created_at, expires_at, last_seen_at, address) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
        db_rollback(c->db);
        return ctx_fail(c, FZ_EDB, NULL, NULL);
    }
    db_bind_text(st, 1, th);
    db_bind_int(st, 2, id);
    db_bind_text(st, 3, out->csrf_token);
    db_bind_text(st, 4, now);
    db_bind_text(st, 5, exp);
    db_bind_text(st, 6, now);
    db_bind_text(st, 7, c->address);
    if (db_run(st)) {
        db_rollback(c->db);
        return ctx_fail(c, FZ_EDB, NULL, NULL);
    }
    out->user_id = id;
    audit_session(c, "session.signin", id, username, NULL);
    if (db_commit(c->db))
        return ctx_fail(c, FZ_EDB, NULL, NULL);
    return FZ_OK;
}

fz_err auth_session(struct ctx *c, const char *token, struct session *out)
{
    memset(out, 0, sizeof *out);
    if (!token || !*token || strlen(token) >= TOKEN_MAX_CHARS)
        return FZ_EUNAUTH;
    char th[DIGEST_HEX_LEN];
    token_hash(token, th);
    stmt *st = db_prepare(c->db, "SELECT user_id, csrf_token, expires_at, last_seen_at "
                                 "FROM sessions WHERE token_hash = ?");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, th);
    enum db_step r = db_step(st);
    bool valid = false, touch = false;
    if (r == DB_ROW) {
        int64_t exp, seen;
        const char *csrf = db_col_text(st, 1);
        if (time_parse_iso(db_col_text(st, 2), &exp) == 0 &&
            time_parse_iso(db_col_text(st, 3), &seen) == 0 && exp > c->now_ms &&
            seen + SESSION_TTL_MS > c->now_ms && csrf && strlen(csrf) < TOKEN_MAX_CHARS) {
            valid = true;
            out->user_id = db_col_int(st, 0);
            memcpy(out->csrf_token, csrf, strlen(csrf) + 1);
            /* Refresh last_seen at most once a minute: keeps reads from writing. */
            touch = c->now_ms - seen > 60 * 1000;
        }
    }
    db_done(st);
    if (r == DB_ERROR)
        return FZ_EDB;
    if (!valid)
        return FZ_EUNAUTH;
    if (touch) {
        char now[25];
        iso(c->now_ms, now);
        st = db_prepare(c->db, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
        if (st) {
            db_bind_text(st, 1, now);
            db_bind_text(st, 2, th);
            db_run(st);
        }
    }
    return FZ_OK;
}

fz_err auth_signout(struct ctx *c, const char *token, int64_t user_id)
{
    char th[DIGEST_HEX_LEN];
    token_hash(token, th);
    stmt *st = db_prepare(c->db, "DELETE FROM sessions WHERE token_hash = ?");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, th);
    fz_err e = db_run(st);
    if (!e)
        audit_session(c, "session.signout", user_id, c->actor->username, NULL);
    return e;
}
