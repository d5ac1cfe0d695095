/* fuzz_entity.c — a request body as the API receives it, through JSON parsing, validation
 * and the audited create, update or transition of any entity's record (rolled back after
 * each input): must never crash, leak, or leave an error without a message. Input: byte 0
 * picks the entity, byte 1 the operation and the transition, the rest is the JSON body. The
 * set-up gives every entity a record 1 (a task, and an enforcement case with its catalogue,
 * certificates and party) and the actor every writing role, so the guards are reached. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "core/log.h"
#include "engine/audit.h"
#include "engine/people.h"
#include "engine/schema.h"
#include "engine/workflow.h"
#include "modules/modules.h"
#include "store/migrate.h"

static store *st;
static sconn *db;
static calendar *cal;
static struct actor actor;
static arena *setup_arena;

static char path[] = "/tmp/fazhi-fuzz-XXXXXX";

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
    modules_register();
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    close(fd);
    atexit(remove_db);
    char err[256];
    if (store_open(path, &st, err, sizeof err))
        abort();
    db = store_acquire(st);
    setup_arena = arena_new();
    cal = calendar_new();
    const char *data = getenv("FAZHI_DATA") ? getenv("FAZHI_DATA") : "data";
    char dir[512];
    snprintf(dir, sizeof dir, "%s/calendar", data);
    calendar_load_dir(cal, dir, err, sizeof err);
    time_pin_from_env();
    if (store_migrate(db, setup_arena, NULL) || schema_sync(db, setup_arena))
        abort();
    struct ctx c;
    ctx_init(&c, db, setup_arena, cal, &actor_system, HASH_SHA256);
    int64_t uid;
    if (org_add(&c, "D", "区", "district", NULL, NULL) ||
        org_add(&c, "A", "甲街道", "subdistrict", "D", NULL) ||
        org_add(&c, "A-D1", "甲部门", "department", "A", NULL) ||
        org_add(&c, "A-C1", "甲社区", "community", "A", NULL) ||
        org_add(&c, "B", "乙街道", "subdistrict", "D", NULL) ||
        org_add(&c, "B-D1", "乙部门", "department", "B", NULL) ||
        user_add(&c, "a.staff", "甲", "A", "staff", "password-123", &uid) ||
        user_role_add(&c, uid, "leader", "A") || user_role_add(&c, uid, "officer", "A") ||
        user_role_add(&c, uid, "legal_reviewer", "A") ||
        user_add(&c, "a.officer", "乙", "A-D1", "officer", "password-123", NULL) ||
        actor_load(&c, uid, &actor))
        abort();
    /* the enforcement catalogue, two certificates, a party: record 1 of each */
    static const char *const fixtures[][2] = {
        {"matters", "{\"code\":\"M-1\",\"name\":\"示例事项\",\"org\":\"A\",\"category\":"
                    "\"other\",\"legal_basis\":\"某条\",\"penalty_basis\":\"某条\","
                    "\"effective_from\":\"2020-01-01\"}"},
        {"discretion_benchmarks", "{\"matter\":1,\"tier\":\"general\",\"party_kind\":\"any\","
                                  "\"fine_min\":\"100\",\"fine_max\":\"500\","
                                  "\"circumstances\":\"一般\",\"effective_from\":\"2020-01-01\"}"},
        {"exemptions", "{\"matter\":1,\"kind\":\"first_violation\",\"conditions\":\"初次\","
                       "\"effective_from\":\"2020-01-01\"}"},
        {"thresholds", "{\"key\":\"hearing_fine_citizen\",\"org\":\"A\",\"amount\":\"5000\","
                       "\"basis\":\"示例\",\"effective_from\":\"2020-01-01\"}"},
        {"certificates", "{\"number\":\"0001\",\"holder\":\"a.staff\",\"org\":\"A-D1\","
                         "\"issuer\":\"省政府\",\"scope_all\":true,\"valid_from\":\"2020-01-01\","
                         "\"valid_until\":\"2099-12-31\"}"},
        {"certificates", "{\"number\":\"0002\",\"holder\":\"a.officer\",\"org\":\"A-D1\","
                         "\"issuer\":\"省政府\",\"scope_all\":true,\"valid_from\":\"2020-01-01\","
                         "\"valid_until\":\"2099-12-31\"}"},
        {"trainings", "{\"trainee\":\"a.staff\",\"org\":\"A-D1\",\"course\":\"培训\","
                      "\"hours\":4,\"completed_on\":\"2020-01-01\"}"},
        {"parties", "{\"kind\":\"citizen\",\"name\":\"张某\",\"org\":\"A\",\"id_number\":"
                    "\"11010519491231002X\",\"address\":\"某路1号\"}"},
        {"penalty_cases", "{\"act_summary\":\"示例案件\",\"procedure\":\"ordinary\","
                          "\"department\":\"A-D1\",\"source\":\"inspection\",\"matter\":1,"
                          "\"party\":1,\"officers\":[1,2],\"occurred_on\":\"2020-01-01\","
                          "\"facts\":\"示例违法事实\"}"},
    };
    ctx_init(&c, db, setup_arena, cal, &actor_system, HASH_SHA256);
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        json_t *f = json_loads(fixtures[i][1], 0, NULL);
        if (!f || entity_create(&c, entity_find(fixtures[i][0]), f, NULL)) {
            fprintf(stderr, "fuzz_entity: set-up %s refused: %s\n", fixtures[i][0],
                    c.err.message ? c.err.message : "?");
            abort();
        }
        json_decref(f);
    }
    /* one task to hang children and transitions on */
    json_t *j = json_loads(
        "{\"title\":\"示例任务\",\"due_date\":\"2099-01-01\",\"department\":\"A-D1\"}", 0, NULL);
    ctx_init(&c, db, setup_arena, cal, &actor, HASH_SHA256);
    if (entity_create(&c, entity_find("tasks"), j, NULL)) {
        fprintf(stderr, "fuzz_entity: set-up task refused: %s\n", c.err.message);
        abort();
    }
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!st)
        setup();
    if (size < 2)
        return 0;
    json_t *j = json_loadb((const char *)data + 2, size - 2, JSON_REJECT_DUPLICATES, NULL);
    if (!j)
        return 0;
    arena *a = arena_new();
    struct ctx c;
    ctx_init(&c, db, a, cal, &actor, HASH_SHA256);
    int n;
    const struct entity *const *all = entity_all(&n);
    const struct entity *e = all[data[0] % n];
    if (db_begin(db, true) == FZ_OK) {
        fz_err err;
        switch (data[1] % 3) {
        case 0:
            err = entity_create(&c, e, j, NULL);
            break;
        case 1:
            err = entity_update(&c, e, 1, j, NULL);
            break;
        default: {
            const struct workflow *w = e->workflow;
            err = w ? workflow_fire(&c, e, 1, w->transitions[(data[1] / 3) % w->ntransitions].name,
                                    j, NULL)
                    : entity_create(&c, e, j, NULL);
        }
        }
        if (err && !c.err.message)
            abort(); /* every refusal must say why */
        db_rollback(db);
    }
    json_decref(j);
    arena_free(a);
    return 0;
}
