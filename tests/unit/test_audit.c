/* test_audit.c — the audit chains and fazhi verify: every kind of tampering done directly in
 * SQLite is caught and named; an untouched database verifies clean; SM3 chains work. */
#include <string.h>

#include "engine/files.h"
#include "engine/tokens.h"
#include "engine/workflow.h"
#include "fixture.h"
#include "t.h"

#define TASK "{\"title\":\"整理执法事项清单\",\"due_date\":\"2026-12-31\",\"department\":\"A-D1\"}"

/* A database with some history: two tasks, one assigned. */
static void setup(struct fixture *f, const char *alg)
{
    fx_open(f, alg, "2026-11-27");
    int64_t t1 = fx_task(f, "a.staff", TASK);
    int64_t t2 = fx_task(f, "a.staff", TASK);
    fx_task(f, "b.staff",
            "{\"title\":\"乙任务\",\"due_date\":\"2026-12-31\",\"department\":\"B-D1\"}");
    CHECK(t1 && t2);
    CHECK_INT(workflow_fire(fx_as(f, "a.leader"), entity_find("tasks"), t1, "assign", NULL, NULL),
              FZ_OK);
}

static void untouched_database_verifies(void)
{
    struct fixture f;
    setup(&f, "sha256");
    char *text;
    CHECK_INT(fx_verify(&f, &text), 0);
    CHECK_CONTAINS(text, "intact");
    fx_close(&f);
}

static void altered_audit_entry_is_named(void)
{
    struct fixture f;
    setup(&f, "sha256");
    fx_sql(&f, "UPDATE audit SET after_state = replace(after_state, '整理', '改动') "
               "WHERE id = (SELECT id FROM audit WHERE action = 'tasks.create' LIMIT 1)");
    char *text;
    CHECK(fx_verify(&f, &text) > 0);
    CHECK_CONTAINS(text, "does not match its hash: the entry was altered");
    fx_close(&f);
}

static void deleted_audit_entry_is_found(void)
{
    struct fixture f;
    setup(&f, "sha256");
    /* an entry in the middle of subdistrict A's chain */
    fx_sql(&f, "DELETE FROM audit WHERE chain_id = (SELECT id FROM orgs WHERE code = 'A') "
               "AND seq = 3");
    char *text;
    CHECK(fx_verify(&f, &text) > 0);
    CHECK_CONTAINS(text, "entries are missing (deleted)");
    fx_close(&f);
}

static void deleted_last_entry_is_found_by_the_head(void)
{
    struct fixture f;
    setup(&f, "sha256");
    fx_sql(&f, "DELETE FROM audit WHERE id = (SELECT MAX(id) FROM audit)");
    char *text;
    CHECK(fx_verify(&f, &text) > 0);
    CHECK_CONTAINS(text, "the last entries were deleted");
    fx_close(&f);
}

static void inserted_audit_entry_is_found(void)
{
    struct fixture f;
    setup(&f, "sha256");
    /* a forged entry with a plausible next seq and a made-up hash */
    fx_sql(&f, "UPDATE audit SET seq = -(seq + 1) WHERE chain_id = (SELECT id FROM orgs WHERE "
               "code = 'A') AND seq >= 4;"
               "UPDATE audit SET seq = -seq WHERE seq < 0;"
               "INSERT INTO audit (chain_id, seq, at, actor, org_id, action, entity, record_id, "
               "prev_hash, hash) SELECT chain_id, 4, at, 'x', org_id, 'tasks.update', 'tasks', "
               "1, prev_hash, hash FROM audit WHERE chain_id = (SELECT id FROM orgs WHERE code "
               "= 'A') AND seq = 3");
    char *text;
    CHECK(fx_verify(&f, &text) > 0);
    CHECK_CONTAINS(text, "chain");
    fx_close(&f);
}

static void reordered_audit_entries_are_found(void)
{
    struct fixture f;
    setup(&f, "sha256");
    fx_sql(&f, "UPDATE audit SET seq = -1 WHERE chain_id = (SELECT id FROM orgs WHERE code = "
               "'A') AND seq = 2;"
               "UPDATE audit SET seq = 2 WHERE chain_id = (SELECT id FROM orgs WHERE code = "
               "'A') AND seq = 3;"
               "UPDATE audit SET seq = 3 WHERE chain_id = (SELECT id FROM orgs WHERE code = "
               "'A') AND seq = -1;");
    char *text;
    CHECK(fx_verify(&f, &text) > 0);
    CHECK_CONTAINS(text, "does not link to the entry before it");
    fx_close(&f);
}

static void record_edited_behind_the_programs_back(void)
{
    struct fixture f;
    setup(&f, "sha256");
    fx_sql(&f, "UPDATE tasks SET due_date = '2027-06-30' WHERE id = 1");
    char *text;
    CHECK_INT(fx_verify(&f, &text), 1);
    CHECK_CONTAINS(text, "tasks id 1: the row differs from its last audited state");
    fx_close(&f);
}

static void record_deleted_or_inserted_behind_the_programs_back(void)
{
    struct fixture f;
    setup(&f, "sha256");
    fx_sql(&f, "DELETE FROM tasks WHERE id = 2");
    fx_sql(&f, "INSERT INTO tasks (org_id, version, status, created_at, updated_at, title, "
               "department, due_date) SELECT org_id, 1, 'draft', created_at, updated_at, '凭空', "
               "department, due_date FROM tasks WHERE id = 1");
    char *text;
    CHECK_INT(fx_verify(&f, &text), 2);
    CHECK_CONTAINS(text, "tasks id 2: the audited record is gone");
    CHECK_CONTAINS(text, "the row has no audit entry (inserted");
    fx_close(&f);
}

static void people_and_links_are_covered(void)
{
    struct fixture f;
    setup(&f, "sha256");
    char token[TOKEN_MAX_CHARS];
    int64_t tid;
    CHECK_INT(token_create(&f.sys, 1, "对接", 0, token, &tid), FZ_OK);
    CHECK_INT(token_revoke(&f.sys, tid), FZ_OK);
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_sql(&f, "UPDATE users SET password_hash = 'x' WHERE username = 'a.staff';"
               "UPDATE orgs SET name = '改名' WHERE code = 'A-C1';"
               "UPDATE user_roles SET role = 'admin' WHERE id = 1;"
               "UPDATE api_tokens SET revoked_at = NULL;");
    char *text;
    CHECK_INT(fx_verify(&f, &text), 4);
    CHECK_CONTAINS(text, "api_tokens id");
    CHECK_CONTAINS(text, "users id");
    CHECK_CONTAINS(text, "orgs id");
    CHECK_CONTAINS(text, "user_roles id 1");
    fx_close(&f);
}

static void deadlines_scope_and_content_are_covered(void)
{
    struct fixture f;
    setup(&f, "sha256");
    /* a running deadline moved behind the program's back */
    fx_sql(&f, "UPDATE deadlines SET due_date = '2027-12-31' WHERE status = 'running'");
    char *text;
    CHECK(fx_verify(&f, &text) >= 1);
    CHECK_CONTAINS(text, "tasks id 1: the row differs");
    fx_close(&f);
    /* scope granted by adding an ancestor row */
    setup(&f, "sha256");
    fx_sql(&f, "INSERT INTO org_closure SELECT (SELECT id FROM orgs WHERE code = 'A-C1'), id, 1 "
               "FROM orgs WHERE code = 'B-D1'");
    CHECK(fx_verify(&f, &text) >= 1);
    CHECK_CONTAINS(text, "org_closure holds");
    fx_close(&f);
    /* an attachment's content deleted */
    setup(&f, "sha256");
    struct file_info fi;
    CHECK_INT(file_store(fx_as(&f, "a.staff"), 2, "a.pdf", NULL, "%PDF-1.4", 8, &fi), FZ_OK);
    CHECK_INT(fx_verify(&f, NULL), 0);
    fx_sql(&f, "DELETE FROM blobs");
    CHECK(fx_verify(&f, &text) >= 1);
    CHECK_CONTAINS(text, "its content");
    fx_close(&f);
}

static void sm3_chains_verify_and_differ_from_sha256(void)
{
    struct fixture f;
    setup(&f, "sm3");
    CHECK_INT(fx_verify(&f, NULL), 0);
    /* the same entries checked as SHA-256 do not verify: the algorithm is in force */
    f.sys.alg = HASH_SHA256;
    CHECK(fx_verify(&f, NULL) > 0);
    fx_close(&f);
}

void suite_audit(void);
void suite_audit(void)
{
    RUN(untouched_database_verifies);
    RUN(altered_audit_entry_is_named);
    RUN(deleted_audit_entry_is_found);
    RUN(deleted_last_entry_is_found_by_the_head);
    RUN(inserted_audit_entry_is_found);
    RUN(reordered_audit_entries_are_found);
    RUN(record_edited_behind_the_programs_back);
    RUN(record_deleted_or_inserted_behind_the_programs_back);
    RUN(people_and_links_are_covered);
    RUN(deadlines_scope_and_content_are_covered);
    RUN(sm3_chains_verify_and_differ_from_sha256);
}
