/* test_roles.c — roles and scope: the district supervisor reads everything and writes
 * nothing; a grid worker sees the tasks its community is named in and may not organise them;
 * an officer may not assign; each refusal is audited as "...refused" and changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/t.h"
#include "harness.h"
#include "core/banned.h"

static int64_t task_id_by_title(const char *org, const char *title)
{
    return db_int("SELECT id FROM tasks WHERE org_id = (SELECT id FROM orgs WHERE code = '%s') "
                  "AND title = '%s'",
                  org, title);
}

static void test_supervisor_reads_both(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "qc.supervisor"));
    int64_t dh = db_int("SELECT MIN(id) FROM tasks WHERE org_id = (SELECT id FROM orgs WHERE "
                        "code = 'DH')");
    int64_t xl = db_int("SELECT MIN(id) FROM tasks WHERE org_id = (SELECT id FROM orgs WHERE "
                        "code = 'XL')");
    struct resp *r = get(&b, tprintf("/api/v1/tasks/%lld", (long long)dh));
    CHECK_INT(r->status, 200);
    /* and is offered no transition */
    CHECK_INT(json_array_size(json_object_get(r->json, "transitions")), 0);
    CHECK_INT(get(&b, tprintf("/api/v1/tasks/%lld", (long long)xl))->status, 200);
    r = get(&b, "/api/v1/tasks?per_page=200");
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "total"), db_int("SELECT COUNT(*) FROM tasks"));
    bool seen_dh = false, seen_xl = false;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r->json, "items"), i, it)
    {
        const char *d = jstr(it, "department");
        seen_dh |= d && strncmp(d, "DH-", 3) == 0;
        seen_xl |= d && strncmp(d, "XL-", 3) == 0;
    }
    CHECK(seen_dh && seen_xl);
    CHECK_INT(get(&b, "/api/v1/progress_reports")->status, 200);
    CHECK_INT(get(&b, tprintf("/api/v1/tasks/%lld/history", (long long)xl))->status, 200);
}

static void test_supervisor_writes_nothing(void)
{
    struct browser b = {0}, staff = {0};
    CHECK(signin(&b, "qc.supervisor"));
    CHECK(signin(&staff, "dh.staff"));
    int64_t id = make_task(&staff, "监督员不能改的任务", "DH-ZF", "2027-04-30");
    CHECK(id > 0);
    EXPECT_REFUSAL(&b, "POST", "/api/v1/tasks",
                   "{\"title\":\"监督员建的任务\",\"due_date\":\"2027-01-31\",\"department\":"
                   "\"DH-ZF\"}",
                   403, "forbidden", NULL, "tasks.create.refused", 0);
    EXPECT_REFUSAL(&b, "POST", "/api/v1/tasks",
                   "{\"title\":\"监督员建的任务\",\"due_date\":\"2027-01-31\",\"department\":"
                   "\"XL-SFS\"}",
                   403, "forbidden", NULL, "tasks.create.refused", 0);
    const char *path = tprintf("/api/v1/tasks/%lld", (long long)id);
    EXPECT_REFUSAL(&b, "PATCH", path, "{\"title\":\"监督员改的标题\"}", 403, "forbidden", NULL,
                   "tasks.update.refused", id);
    EXPECT_REFUSAL(&b, "POST", tprintf("%s/transitions/assign", path), "{}", 403, "forbidden", NULL,
                   "tasks.assign.refused", id);
    EXPECT_REFUSAL(&b, "POST", tprintf("%s/transitions/cancel", path),
                   "{\"reason\":\"监督员撤销\"}", 403, "forbidden", NULL, "tasks.cancel.refused",
                   id);
    int64_t busy = db_int("SELECT id FROM tasks WHERE status = 'in_progress' AND org_id = "
                          "(SELECT id FROM orgs WHERE code = 'XL') ORDER BY id LIMIT 1");
    EXPECT_REFUSAL(
        &b, "POST", "/api/v1/progress_reports",
        tprintf("{\"task\":%lld,\"percent\":10,\"content\":\"监督员写的进展\"}", (long long)busy),
        403, "forbidden", NULL, "progress_reports.create.refused", busy);
    /* uploads are writes too */
    struct counts before = counts_now();
    struct req_opts o = {.content_type = "application/pdf", .body = "%PDF-1.4 supervisor"};
    struct resp *r = http_req(&b, "POST", "/api/v1/files?name=s.pdf", &o);
    CHECK_INT(r->status, 403);
    struct counts after = counts_now();
    CHECK(counts_equal(&before, &after));
}

/* dh.grid1 is a grid worker bound at 湖滨社区 (DH-SQ1). */
static void test_grid_worker_scope(void)
{
    struct browser b = {0};
    CHECK(signin(&b, "dh.grid1"));
    EXPECT_REFUSAL(&b, "POST", "/api/v1/tasks",
                   "{\"title\":\"网格员建的任务\",\"due_date\":\"2027-01-31\",\"department\":"
                   "\"DH-SQ1\"}",
                   403, "forbidden", NULL, "tasks.create.refused", 0);
    int64_t want = db_int(
        "SELECT COUNT(*) FROM tasks t WHERE t.department = (SELECT id FROM orgs WHERE code = "
        "'DH-SQ1') OR EXISTS (SELECT 1 FROM record_links l WHERE l.entity = 'tasks' AND "
        "l.field = 'partners' AND l.record_id = t.id AND l.target_id = (SELECT id FROM orgs "
        "WHERE code = 'DH-SQ1'))");
    CHECK(want >= 3);
    struct resp *r = get(&b, "/api/v1/tasks?per_page=200");
    CHECK_INT(r->status, 200);
    CHECK_INT(jint(r->json, "total"), want);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r->json, "items"), i, it)
    {
        bool named = strcmp(jstr(it, "department") ? jstr(it, "department") : "", "DH-SQ1") == 0;
        json_t *p = json_object_get(it, "partners");
        size_t k;
        json_t *code;
        json_array_foreach(p, k, code) named |= strcmp(json_string_value(code), "DH-SQ1") == 0;
        CHECK(named);
    }
    int64_t seen = task_id_by_title("DH", "开展矛盾纠纷排查化解专项行动");
    int64_t unseen = task_id_by_title("DH", "组织领导班子会前学法");
    CHECK(seen > 0 && unseen > 0);
    CHECK_INT(get(&b, tprintf("/api/v1/tasks/%lld", (long long)seen))->status, 200);
    CHECK_INT(get(&b, tprintf("/api/v1/tasks/%lld", (long long)unseen))->status, 404);
    /* the community co-operates: it may report progress on the task it is named in */
    struct counts before = counts_now();
    r = api(&b, "POST", "/api/v1/progress_reports",
            tprintf("{\"task\":%lld,\"percent\":60,\"content\":\"湖滨社区已完成网格排查\"}",
                    (long long)seen));
    CHECK_INT(r->status, 201);
    CHECK_INT(db_int("SELECT COUNT(*) FROM progress_reports"), before.progress + 1);
    /* but not organise it */
    EXPECT_REFUSAL(&b, "PATCH", tprintf("/api/v1/tasks/%lld", (long long)seen),
                   "{\"title\":\"网格员改的标题\"}", 403, "forbidden", NULL, "tasks.update.refused",
                   seen);
    EXPECT_REFUSAL(&b, "POST", tprintf("/api/v1/tasks/%lld/transitions/complete", (long long)seen),
                   "{}", 403, "forbidden", NULL, "tasks.complete.refused", seen);
    /* a task it is not named in stays invisible for writes too: 404, no audit */
    EXPECT_REFUSAL(&b, "PATCH", tprintf("/api/v1/tasks/%lld", (long long)unseen),
                   "{\"title\":\"看不见的任务\"}", 404, "not_found", NULL, NULL, unseen);
    EXPECT_REFUSAL(
        &b, "POST", "/api/v1/progress_reports",
        tprintf("{\"task\":%lld,\"percent\":60,\"content\":\"看不见的任务\"}", (long long)unseen),
        422, "validation_failed", NULL, NULL, unseen);
}

static void test_officer_cannot_assign(void)
{
    struct browser staff = {0}, officer = {0};
    CHECK(signin(&staff, "dh.staff"));
    CHECK(signin(&officer, "dh.zf.officer1"));
    int64_t id = make_task(&staff, "执法人员不能交办的任务", "DH-ZF", "2027-05-31");
    CHECK(id > 0);
    /* the officer sees it (it sits at the officer's office) */
    CHECK_INT(get(&officer, tprintf("/api/v1/tasks/%lld", (long long)id))->status, 200);
    struct resp *r = EXPECT_REFUSAL(
        &officer, "POST", tprintf("/api/v1/tasks/%lld/transitions/assign", (long long)id),
        "{\"note\":\"我来交办\"}", 403, "forbidden", "交办", "tasks.assign.refused", id);
    (void)r;
    EXPECT_REFUSAL(&officer, "PATCH", tprintf("/api/v1/tasks/%lld", (long long)id),
                   "{\"title\":\"执法人员改的\"}", 403, "forbidden", NULL, "tasks.update.refused",
                   id);
    EXPECT_REFUSAL(&officer, "POST", "/api/v1/tasks",
                   "{\"title\":\"执法人员建的任务\",\"due_date\":\"2027-01-31\",\"department\":"
                   "\"DH-ZF\"}",
                   403, "forbidden", NULL, "tasks.create.refused", 0);
    /* once assigned, the officer may start it (any writer at the office may) */
    CHECK_INT(fire(&staff, id, "assign", NULL), 200);
    CHECK_INT(fire(&officer, id, "start", "{\"note\":\"开始办理\"}"), 200);
    CHECK_STR(db_text("SELECT status FROM tasks WHERE id = %lld", (long long)id), "in_progress");
}

/* Cancel and reopen are the leaders' (and admins'). */
static void test_leader_only_transitions(void)
{
    struct browser staff = {0}, leader = {0}, head = {0};
    CHECK(signin(&staff, "dh.staff"));
    CHECK(signin(&leader, "dh.leader"));
    CHECK(signin(&head, "dh.zf.head"));
    int64_t id = make_task(&staff, "只有领导能撤销的任务", "DH-DZB", "2027-05-31");
    CHECK(id > 0);
    EXPECT_REFUSAL(&staff, "POST", tprintf("/api/v1/tasks/%lld/transitions/cancel", (long long)id),
                   "{\"reason\":\"工作人员撤销\"}", 403, "forbidden", NULL, "tasks.cancel.refused",
                   id);
    /* the head of 执法办 leads that office only: 党政办's task is not even visible */
    EXPECT_REFUSAL(&head, "POST", tprintf("/api/v1/tasks/%lld/transitions/cancel", (long long)id),
                   "{\"reason\":\"别的科室撤销\"}", 404, "not_found", NULL, NULL, id);
    /* but on a task of 执法办 the head (leader there) may */
    int64_t zf = make_task(&staff, "执法办领导可撤销的任务", "DH-ZF", "2027-05-31");
    CHECK_INT(fire(&head, zf, "cancel", "{\"reason\":\"本科室决定撤销\"}"), 200);
    struct resp *r =
        api(&leader, "POST", tprintf("/api/v1/tasks/%lld/transitions/cancel", (long long)id),
            "{\"reason\":\"并入其他任务\"}");
    CHECK_INT(r->status, 200);
    CHECK_STR(jstr(r->json, "status"), "cancelled");
    /* the reason is kept in the audit detail */
    CHECK_INT(db_int("SELECT COUNT(*) FROM audit WHERE action = 'tasks.cancel' AND record_id = "
                     "%lld AND detail LIKE '%%并入其他任务%%'",
                     (long long)id),
              1);
}

/* The home page of someone who only reads lists what is under way where they supervise,
 * labelled by subdistrict; a writer's stays "待办与期限", with the subdistrict only when
 * their roles reach more than one. */
static void test_home_page_by_role(void)
{
    struct browser sup = {0}, dh = {0}, two = {0};
    CHECK(signin(&sup, "qc.supervisor"));
    struct resp *r = get(&sup, "/app");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "辖区内进行中的事项");
    CHECK(strstr(r->body, "待办与期限") == NULL);
    CHECK_CONTAINS(r->body, ">所属辖区</th>");
    CHECK_CONTAINS(r->body, "data-label=\"所属辖区\">东湖街道<");
    CHECK_CONTAINS(r->body, "data-label=\"所属辖区\">西岭街道<");

    CHECK(signin(&dh, "dh.staff"));
    r = get(&dh, "/app");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "待办与期限");
    CHECK(strstr(r->body, "辖区内进行中的事项") == NULL);
    CHECK(strstr(r->body, "所属辖区") == NULL);

    /* a writer with roles in both subdistricts */
    CHECK_INT(run_fazhi(NULL, "user", "role", "--db", harness_db_path(), "--username", "dh.zz",
                        "--role", "staff", "--org", "XL", (const char *)NULL),
              0);
    CHECK(signin(&two, "dh.zz"));
    r = get(&two, "/app");
    CHECK_INT(r->status, 200);
    CHECK_CONTAINS(r->body, "待办与期限");
    CHECK_CONTAINS(r->body, ">所属辖区</th>");
    CHECK_CONTAINS(r->body, "data-label=\"所属辖区\">西岭街道<");
}

void suite_roles(void)
{
    RUN(test_supervisor_reads_both);
    RUN(test_supervisor_writes_nothing);
    RUN(test_grid_worker_scope);
    RUN(test_officer_cannot_assign);
    RUN(test_leader_only_transitions);
    RUN(test_home_page_by_role);
}
