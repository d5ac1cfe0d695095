/* cmd_demo.c — fazhi demo: a fictional district with two subdistricts, their departments,
 * communities and ~30 users in every role, and a year of work made through the engine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/date.h"
#include "engine/people.h"
#include "modules/demo.h"
#include "store/migrate.h"
#include "core/banned.h"

struct demo_org {
    const char *code, *name, *kind, *parent;
};

/* The district and, for each subdistrict prefix, its units (codes get the prefix). */
static const struct demo_org district = {"QC", "青川区", "district", NULL};
static const struct {
    const char *prefix, *name;
} subs[2] = {{"DH", "东湖街道"}, {"XL", "西岭街道"}};
static const struct {
    const char *suffix, *dh_name, *xl_name, *kind;
} units[] = {
    {"DZB", "党政综合办公室", "党政综合办公室", "department"},
    {"ZF", "综合行政执法办公室", "综合行政执法办公室", "department"},
    {"SFS", "司法所", "司法所", "department"},
    {"ZZ", "综治中心", "综治中心", "department"},
    {"SW", "社会事务办公室", "社会事务办公室", "department"},
    {"JJ", "经济发展办公室", "经济发展办公室", "department"},
    {"DQ", "党群服务中心", "党群服务中心", "department"},
    {"SQ1", "湖滨社区", "岭南社区", "community"},
    {"SQ2", "桂园社区", "松柏社区", "community"},
    {"SQ3", "新村社区", "清泉社区", "community"},
    {"SQ4", "竹林社区", "云岭社区", "community"},
    {"SQ5", "望江村", "枫林村", "community"},
    {"SQ6", "石桥社区", "杏坛社区", "community"},
};

/* username suffix, names per subdistrict, role, unit suffix ("" = the subdistrict) */
static const struct {
    const char *user, *dh_name, *xl_name, *role, *unit, *extra_role, *extra_unit;
} people[] = {
    {"admin", "周敏", "吴静", "admin", "", NULL, NULL},
    {"leader", "陈建国", "林海峰", "leader", "", NULL, NULL},
    {"shuji", "王丽华", "黄志强", "leader", "", NULL, NULL},
    {"staff", "李晓梅", "郑雪", "staff", "", NULL, NULL},
    {"zf.head", "张伟", "何斌", "leader", "ZF", "staff", "ZF"},
    {"zf.officer1", "刘洋", "谢军", "officer", "ZF", NULL, NULL},
    {"zf.officer2", "赵磊", "罗鹏", "officer", "ZF", NULL, NULL},
    /* the legal reviewer sits in the justice office and reviews every department's cases */
    {"reviewer", "孙丽", "梁晨", "staff", "SFS", "legal_reviewer", ""},
    {"advisor", "马律师", "高律师", "legal_advisor", "", NULL, NULL},
    {"mediator", "杨秀英", "宋玉兰", "mediator", "SFS", "staff", "SFS"},
    {"zz", "许强", "邓华", "staff", "ZZ", NULL, NULL},
    {"sw", "曹芳", "彭丽", "staff", "SW", NULL, NULL},
    {"sq.staff", "韩冬梅", "冯秀兰", "staff", "SQ2", NULL, NULL},
    {"grid1", "唐小军", "曾国平", "grid_worker", "SQ1", NULL, NULL},
    {"grid2", "袁春燕", "蒋文", "grid_worker", "SQ3", NULL, NULL},
};

static struct opt demo_opts[] = {
    {"--db", "DB", "database to create: a SQLite file, or a postgresql:// URL"},
    {"--force", NULL, "replace the file, or everything in a fazhi PostgreSQL database (its public schema)"},
    {"--data", "DIR", "data directory"},
    {"--scale", "N", "instead: a city of N subdistricts with years of records (benchmarks)"},
    {"--seed", "S", "with --scale: the random seed (default 1); the same seed, the same data"},
    {"--years", "Y", "with --scale: years of records (default 5)"},
    {"--cases-per-year", "K", "with --scale: penalty cases per subdistrict a year (default 2000)"},
};

static int int_opt(struct opt *o, int n, const char *name, long def, long min, long max, long *out)
{
    const char *v = cli_get(o, n, name);
    if (!v) {
        *out = def;
        return 0;
    }
    char *end;
    long x = strtol(v, &end, 10);
    if (*v == 0 || *end || x < min || x > max)
        return cli_usage_error("demo", "%s wants a number from %ld to %ld", name, min, max);
    *out = x;
    return 0;
}

static int remove_db(const char *path)
{
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char p[4200];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        if (unlink(p) != 0 && access(p, F_OK) == 0)
            return -1;
    }
    return 0;
}

/* A PostgreSQL database is not a file: an existing fazhi schema in it is dropped (--force)
 * instead. */
static int reset_pg(const char *url, bool force)
{
    store *s;
    char err[512];
    if (store_open(url, &s, err, sizeof err)) {
        fprintf(stderr, "fazhi demo: %s\n", err);
        return EXIT_STORE;
    }
    sconn *c = store_acquire(s);
    int rc = c ? EXIT_OK : EXIT_STORE;
    if (c && store_applied_version(c) > 0) {
        if (!force)
            rc = cli_usage_error("demo", "\"%s\" holds a fazhi database; add --force to replace it",
                                 store_url_redacted(url));
        else if (db_exec(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            rc = EXIT_STORE;
    }
    store_release(s, c);
    store_close(s);
    return rc;
}

static fz_err add_org(struct ctx *c, const char *code, const char *name, const char *kind,
                      const char *parent)
{
    return org_add(c, code, name, kind, parent, NULL);
}

static fz_err load(struct cli_env *env, const char *data_dir)
{
    struct ctx *c = &env->ctx;
    fz_err e = add_org(c, district.code, district.name, district.kind, NULL);
    if (e)
        return e;
    /* District-level users: an administrator and a supervisor from the district's justice
     * bureau, who reads everything below the district and writes nothing. */
    if ((e = add_org(c, "QC-SFJ", "区司法局", "department", "QC")) ||
        (e = user_add(c, "qc.admin", "区平台管理员", "QC", "admin", DEMO_PASSWORD, NULL)) ||
        (e = user_add(c, "qc.supervisor", "区执法监督员", "QC-SFJ", "supervisor", DEMO_PASSWORD,
                      NULL)))
        return e;
    int64_t uid;
    const char *hash;
    bool active;
    if ((e = user_lookup(c, "qc.supervisor", &uid, &hash, &active)) ||
        (e = user_role_add(c, uid, "supervisor", "QC")))
        return e;
    for (int s = 0; s < 2; s++) {
        const char *p = subs[s].prefix;
        if ((e = add_org(c, p, subs[s].name, "subdistrict", district.code)))
            return e;
        for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
            if ((e = add_org(c, arena_printf(env->a, "%s-%s", p, units[u].suffix),
                             s ? units[u].xl_name : units[u].dh_name, units[u].kind, p)))
                return e;
        for (size_t k = 0; k < sizeof people / sizeof people[0]; k++) {
            const char *username =
                arena_printf(env->a, "%s.%s", arena_strdup(env->a, p), people[k].user);
            for (char *x = (char *)username; *x; x++)
                if (*x >= 'A' && *x <= 'Z')
                    *x = (char)(*x - 'A' + 'a');
            const char *org =
                *people[k].unit ? arena_printf(env->a, "%s-%s", p, people[k].unit) : p;
            if ((e = user_add(c, username, s ? people[k].xl_name : people[k].dh_name, org,
                              people[k].role, DEMO_PASSWORD, &uid)))
                return e;
            if (people[k].extra_role &&
                (e = user_role_add(c, uid, people[k].extra_role,
                                   *people[k].extra_unit
                                       ? arena_printf(env->a, "%s-%s", p, people[k].extra_unit)
                                       : p)))
                return e;
        }
    }
    struct demo d = {.db = env->db,
                     .a = env->a,
                     .cal = env->cal,
                     .alg = env->ctx.alg,
                     .today = env->ctx.today,
                     .data_dir = data_dir,
                     .subdistricts = {"dh", "xl"},
                     .codes = {"DH", "XL"}};
    /* Module loaders use the lower-case prefixes for usernames and upper-case for codes. */
    if ((e = tasks_demo(&d)) || (e = enforcement_demo(&d)) || (e = disclosure_demo(&d)))
        return e;
    return report_demo(&d);
}

/* PostgreSQL plans by its statistics, which a bulk load leaves empty until autovacuum comes
 * round: gather them now (the case list runs twice as fast). SQLite's planner needs none. */
static fz_err analyze(struct cli_env *env)
{
    return db_backend(env->db) == STORE_POSTGRES ? db_exec(env->db, "ANALYZE") : FZ_OK;
}

static int run_demo(struct opt *o, int n)
{
    const char *db = cli_get(o, n, "--db");
    if (!db)
        return cli_usage_error("demo", "--db is required, e.g. --db var/demo.db");
    const char *path = strncmp(db, "sqlite:", 7) == 0 ? db + 7 : db;
    if (store_url_is_pg(db)) {
        int rc = reset_pg(db, cli_get(o, n, "--force") != NULL);
        if (rc)
            return rc;
        path = store_url_redacted(db);
    } else if (access(path, F_OK) == 0) {
        if (!cli_get(o, n, "--force"))
            return cli_usage_error("demo", "\"%s\" exists; add --force to replace it", path);
        if (remove_db(path)) {
            fprintf(stderr, "fazhi demo: cannot remove \"%s\"\n", path);
            return EXIT_STORE;
        }
    }
    long scale = 0, seed, years, per_year;
    int rc;
    if ((rc = int_opt(o, n, "--scale", 0, 1, 999, &scale)) ||
        (rc = int_opt(o, n, "--seed", 1, 0, 2147483647L, &seed)) ||
        (rc = int_opt(o, n, "--years", 5, 1, 10, &years)) ||
        (rc = int_opt(o, n, "--cases-per-year", 2000, 0, 100000, &per_year)))
        return rc;
    if (!cli_get(o, n, "--scale") &&
        (cli_get(o, n, "--seed") || cli_get(o, n, "--years") || cli_get(o, n, "--cases-per-year")))
        return cli_usage_error("demo", "--seed, --years and --cases-per-year go with --scale");
    struct cli_env env;
    if ((rc = cli_open(&env, db, cli_get(o, n, "--data"), OPEN_CREATE)))
        return rc;
    if (scale) {
        printf("loading a city of %ld subdistricts into %s …\n", scale, path);
        fflush(stdout);
        struct scale_opts so = {(int)scale, (int)years, (int)per_year, (uint64_t)seed};
        fz_err e = demo_scale(&env, cli_data_dir(cli_get(o, n, "--data")), &so);
        if (!e)
            e = analyze(&env);
        rc = e ? cli_report("demo", &env.ctx, e) : EXIT_OK;
        if (!e)
            printf("subdistricts S001…S%03ld (users s001.admin, s001.zf.officer1, …; password: "
                   "%s)\n",
                   scale, DEMO_PASSWORD);
        cli_close(&env);
        return rc;
    }
    printf("loading the demo district into %s …\n", path);
    fflush(stdout);
    fz_err e = load(&env, cli_data_dir(cli_get(o, n, "--data")));
    if (!e)
        e = analyze(&env);
    if (e) {
        rc = cli_report("demo", &env.ctx, e);
        cli_close(&env);
        return rc;
    }
    printf("demo district 青川区 loaded: 2 subdistricts (东湖街道 DH, 西岭街道 XL), "
           "%zu units each, %zu users.\n\n",
           sizeof units / sizeof units[0], 2 + 2 * sizeof people / sizeof people[0]);
    printf("sign in at /app/signin with any of these (password: %s):\n", DEMO_PASSWORD);
    printf("  %-16s %s\n", "qc.supervisor", "区执法监督员 (supervisor: reads the whole district)");
    printf("  %-16s %s\n", "qc.admin", "区平台管理员 (admin)");
    for (size_t k = 0; k < sizeof people / sizeof people[0]; k++) {
        char u[64];
        snprintf(u, sizeof u, "dh.%s", people[k].user);
        printf("  %-16s %s, %s @ 东湖街道%s%s\n", u, people[k].dh_name, people[k].role,
               *people[k].unit ? " " : "", people[k].unit);
    }
    printf("  (the same names with xl. for 西岭街道)\n");
    cli_close(&env);
    return EXIT_OK;
}

struct command cmd_demo = {"demo",
                           "Create a database holding a fictional demo district. It has two "
                           "subdistricts, their departments and communities, users in every "
                           "role, a year of key tasks and two years of enforcement cases.",
                           run_demo, demo_opts, sizeof demo_opts / sizeof demo_opts[0]};
