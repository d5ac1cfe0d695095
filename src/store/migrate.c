/* migrate.c — the core schema as numbered migrations (portable SQL, dialect tokens). */
#include "migrate.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "core/banned.h"

struct migration {
    int version;
    const char *name;
    const char *sql;
};

/* Append only: never edit a migration that has shipped; add a new one. */
static const struct migration migrations[] = {
    {1, "core schema",
     /* Organisations: a tree district → subdistrict → department/community. tenant_id is
      * the subdistrict a unit belongs to (a district is its own tenant); org_closure holds
      * every (ancestor, descendant) pair, including (x, x), for subtree scoping. */
     "CREATE TABLE orgs ("
     " id %ID%,"
     " code TEXT NOT NULL UNIQUE,"
     " name TEXT NOT NULL,"
     " kind TEXT NOT NULL,"
     " parent_id %INT% REFERENCES orgs(id),"
     " tenant_id %INT%,"
     " depth %INT% NOT NULL DEFAULT 0,"
     " version %INT% NOT NULL DEFAULT 1,"
     " created_at TEXT NOT NULL,"
     " updated_at TEXT NOT NULL);"
     "CREATE INDEX orgs_parent ON orgs(parent_id);"
     "CREATE TABLE org_closure ("
     " ancestor_id %INT% NOT NULL REFERENCES orgs(id),"
     " descendant_id %INT% NOT NULL REFERENCES orgs(id),"
     " depth %INT% NOT NULL,"
     " PRIMARY KEY (ancestor_id, descendant_id));"
     "CREATE INDEX org_closure_desc ON org_closure(descendant_id);"
     "CREATE TABLE users ("
     " id %ID%,"
     " org_id %INT% NOT NULL REFERENCES orgs(id),"
     " home_org_id %INT% NOT NULL REFERENCES orgs(id),"
     " username TEXT NOT NULL UNIQUE,"
     " name TEXT NOT NULL,"
     " password_hash TEXT NOT NULL,"
     " active %INT% NOT NULL DEFAULT 1,"
     " version %INT% NOT NULL DEFAULT 1,"
     " created_at TEXT NOT NULL,"
     " updated_at TEXT NOT NULL);"
     "CREATE TABLE user_roles ("
     " id %ID%,"
     " org_id %INT% NOT NULL REFERENCES orgs(id),"
     " user_id %INT% NOT NULL REFERENCES users(id),"
     " role TEXT NOT NULL,"
     " scope_org_id %INT% NOT NULL REFERENCES orgs(id),"
     " version %INT% NOT NULL DEFAULT 1,"
     " created_at TEXT NOT NULL,"
     " updated_at TEXT NOT NULL,"
     " UNIQUE (user_id, role, scope_org_id));"
     /* Sessions and API tokens are stored as SHA-256 of the secret, never the secret. */
     "CREATE TABLE sessions ("
     " token_hash TEXT PRIMARY KEY,"
     " user_id %INT% NOT NULL REFERENCES users(id),"
     " csrf_token TEXT NOT NULL,"
     " created_at TEXT NOT NULL,"
     " expires_at TEXT NOT NULL,"
     " last_seen_at TEXT NOT NULL,"
     " address TEXT NOT NULL DEFAULT '');"
     "CREATE INDEX sessions_user ON sessions(user_id);"
     "CREATE TABLE api_tokens ("
     " id %ID%,"
     " org_id %INT% NOT NULL REFERENCES orgs(id),"
     " user_id %INT% NOT NULL REFERENCES users(id),"
     " name TEXT NOT NULL,"
     " token_hash TEXT NOT NULL UNIQUE,"
     " created_at TEXT NOT NULL,"
     " expires_at TEXT,"
     " revoked_at TEXT,"
     " last_used_at TEXT);"
     "CREATE TABLE signin_failures ("
     " key TEXT PRIMARY KEY,"
     " failures %INT% NOT NULL,"
     " window_start TEXT NOT NULL,"
     " locked_until TEXT);"
     /* The audit log: one hash chain per tenant (chain_id = tenant org id). */
     "CREATE TABLE audit ("
     " id %ID%,"
     " chain_id %INT% NOT NULL,"
     " seq %INT% NOT NULL,"
     " at TEXT NOT NULL,"
     " actor_id %INT%,"
     " actor TEXT NOT NULL,"
     " org_id %INT% NOT NULL,"
     " action TEXT NOT NULL,"
     " entity TEXT NOT NULL,"
     " record_id %INT%,"
     " before_state TEXT,"
     " after_state TEXT,"
     " detail TEXT,"
     " prev_hash TEXT NOT NULL,"
     " hash TEXT NOT NULL,"
     " UNIQUE (chain_id, seq));"
     "CREATE INDEX audit_record ON audit(entity, record_id, chain_id, seq);"
     "CREATE TABLE audit_heads ("
     " chain_id %INT% PRIMARY KEY,"
     " seq %INT% NOT NULL,"
     " hash TEXT NOT NULL);"
     /* Files: content-addressed blobs, and the file records that point at them. */
     "CREATE TABLE blobs ("
     " sha256 TEXT PRIMARY KEY,"
     " size %INT% NOT NULL,"
     " data %BLOB% NOT NULL);"
     "CREATE TABLE files ("
     " id %ID%,"
     " org_id %INT% NOT NULL REFERENCES orgs(id),"
     " sha256 TEXT NOT NULL REFERENCES blobs(sha256),"
     " size %INT% NOT NULL,"
     " mime TEXT NOT NULL,"
     " name TEXT NOT NULL,"
     " uploaded_by %INT% REFERENCES users(id),"
     " uploaded_at TEXT NOT NULL,"
     " version %INT% NOT NULL DEFAULT 1);"
     /* Multi-valued fields (orgs, files) of entity records. */
     "CREATE TABLE record_links ("
     " org_id %INT% NOT NULL REFERENCES orgs(id),"
     " entity TEXT NOT NULL,"
     " record_id %INT% NOT NULL,"
     " field TEXT NOT NULL,"
     " target_id %INT% NOT NULL,"
     " pos %INT% NOT NULL,"
     " PRIMARY KEY (entity, record_id, field, target_id));"
     "CREATE INDEX record_links_target ON record_links(entity, field, target_id);"
     "CREATE INDEX record_links_by_target ON record_links(target_id);"
     /* Running deadlines, started and stopped by workflow transitions. */
     "CREATE TABLE deadlines ("
     " id %ID%,"
     " org_id %INT% NOT NULL REFERENCES orgs(id),"
     " entity TEXT NOT NULL,"
     " record_id %INT% NOT NULL,"
     " kind TEXT NOT NULL,"
     " base_date TEXT NOT NULL,"
     " count %INT% NOT NULL,"
     " unit TEXT NOT NULL,"
     " due_date TEXT NOT NULL,"
     " started_at TEXT NOT NULL,"
     " stopped_at TEXT,"
     " status TEXT NOT NULL);"
     "CREATE INDEX deadlines_record ON deadlines(entity, record_id);"
     "CREATE INDEX deadlines_open ON deadlines(org_id, status, due_date);"},
    {2, "deadline suspension and extension; numbering sequences",
     /* A suspended deadline (中止) stops its clock; the days it stood still and the days an
      * approved extension added move its due date. */
     "ALTER TABLE deadlines ADD COLUMN paused_since TEXT;"
     "ALTER TABLE deadlines ADD COLUMN paused_days %INT% NOT NULL DEFAULT 0;"
     "ALTER TABLE deadlines ADD COLUMN extended_days %INT% NOT NULL DEFAULT 0;"
     /* Numbers like 东湖街道罚决字〔2026〕12号: one sequence per tenant, name and year. */
     "CREATE TABLE sequences ("
     " org_id %INT% NOT NULL REFERENCES orgs(id),"
     " name TEXT NOT NULL,"
     " year %INT% NOT NULL,"
     " value %INT% NOT NULL,"
     " PRIMARY KEY (org_id, name, year));"},
    {3, "chunked uploads; blobs stored in chunks",
     /* A blob that arrived in chunks keeps them as its parts (engine/blobs.h): its data is
      * empty and `parts` counts the rows of blob_parts, in order by first_byte. Chunks are
      * rows of their own, at most 256 KiB each, so that a finished upload's chunks become
      * the blob's parts by inserting small rows that name them, never by copying bytes. */
     "ALTER TABLE blobs ADD COLUMN parts %INT% NOT NULL DEFAULT 0;"
     "CREATE TABLE chunks ("
     " id %ID%,"
     " data %BLOB% NOT NULL);"
     "CREATE TABLE blob_parts ("
     " sha256 TEXT NOT NULL REFERENCES blobs(sha256),"
     " first_byte %INT% NOT NULL,"
     " chunk_id %INT% NOT NULL UNIQUE REFERENCES chunks(id),"
     " PRIMARY KEY (sha256, first_byte));"
     /* Resumable uploads (engine/uploads.h): working state, purged when expired. org_id is
      * the uploader's tenant. */
     "CREATE TABLE uploads ("
     " id %ID%,"
     " org_id %INT% NOT NULL REFERENCES orgs(id),"
     " user_id %INT% NOT NULL REFERENCES users(id),"
     " name TEXT NOT NULL,"
     " size %INT% NOT NULL,"
     " sha256 TEXT,"
     " received %INT% NOT NULL DEFAULT 0,"
     " file_id %INT% REFERENCES files(id),"
     " created_at TEXT NOT NULL,"
     " expires_at TEXT NOT NULL);"
     "CREATE INDEX uploads_user ON uploads(user_id, expires_at);"
     "CREATE INDEX uploads_expires ON uploads(expires_at);"
     "CREATE TABLE upload_parts ("
     " upload_id %INT% NOT NULL REFERENCES uploads(id),"
     " first_byte %INT% NOT NULL,"
     " chunk_id %INT% NOT NULL UNIQUE REFERENCES chunks(id),"
     " PRIMARY KEY (upload_id, first_byte));"},
    {4, "sign-in refusals audited once per lock",
     /* the lock (locked_until) whose throttled attempts have been audited: one entry per
      * lock, however many attempts a flood sends while it holds */
     "ALTER TABLE signin_failures ADD COLUMN refusal_logged_until TEXT;"},
};

#define NMIGRATIONS (sizeof migrations / sizeof migrations[0])

int store_schema_version(void)
{
    return migrations[NMIGRATIONS - 1].version;
}

int store_applied_version(sconn *c)
{
    if (!db_table_exists(c, "schema_migrations"))
        return 0;
    stmt *st = db_prepare(c, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!st)
        return 0;
    int v = db_step(st) == DB_ROW ? (int)db_col_int(st, 0) : 0;
    db_done(st);
    return v;
}

const char *meta_get(sconn *c, const char *key, arena *a)
{
    stmt *st = db_prepare(c, "SELECT value FROM meta WHERE key = ?");
    if (!st)
        return NULL;
    db_bind_text(st, 1, key);
    const char *v = NULL;
    if (db_step(st) == DB_ROW)
        v = arena_strdup(a, db_col_text(st, 0));
    db_done(st);
    return v;
}

fz_err meta_set(sconn *c, const char *key, const char *value)
{
    stmt *st = db_prepare(c, "INSERT INTO meta (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!st)
        return FZ_EDB;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, value);
    return db_run(st);
}

fz_err store_migrate(sconn *c, arena *a, int *applied)
{
    if (applied)
        *applied = 0;
    fz_err e =
        db_exec(c, "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                   "CREATE TABLE IF NOT EXISTS schema_migrations ("
                   " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                   " applied_at TEXT NOT NULL)");
    if (e)
        return e;
    int current = 0;
    stmt *st = db_prepare(c, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!st)
        return FZ_EDB;
    if (db_step(st) == DB_ROW)
        current = (int)db_col_int(st, 0);
    db_done(st);
    if (current > store_schema_version()) {
        log_error("database schema version %d is newer than this fazhi (%d); upgrade fazhi",
                  current, store_schema_version());
        return FZ_EDB;
    }
    for (size_t i = 0; i < NMIGRATIONS; i++) {
        const struct migration *m = &migrations[i];
        if (m->version <= current)
            continue;
        if ((e = db_begin(c, true)))
            return e;
        const char *sql = store_dialect(db_backend(c), m->sql, a);
        e = db_exec(c, sql);
        if (!e) {
            char now[25];
            time_format_iso(time_now_ms(), now);
            st = db_prepare(c, "INSERT INTO schema_migrations (version, name, applied_at) "
                               "VALUES (?, ?, ?)");
            if (!st) {
                e = FZ_EDB;
            } else {
                db_bind_int(st, 1, m->version);
                db_bind_text(st, 2, m->name);
                db_bind_text(st, 3, now);
                e = db_run(st);
            }
        }
        if (e) {
            db_rollback(c);
            log_error("migration %d (%s) failed", m->version, m->name);
            return e;
        }
        if ((e = db_commit(c)))
            return e;
        log_info("applied migration %d: %s", m->version, m->name);
        if (applied)
            (*applied)++;
    }
    return FZ_OK;
}
