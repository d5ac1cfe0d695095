/* cli.c — argument parsing and the shared set-up of the subcommands. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "engine/audit.h"
#include "engine/deadline.h"
#include "engine/schema.h"
#include "modules/modules.h"
#include "store/migrate.h"
#include "core/banned.h"

void cli_usage(const struct command *cmd, FILE *to)
{
    fprintf(to, "usage: fazhi %s", cmd->name);
    for (int i = 0; i < cmd->nopts; i++) {
        const struct opt *o = &cmd->opts[i];
        if (o->arg)
            fprintf(to, " [%s %s]", o->name, o->arg);
        else
            fprintf(to, " [%s]", o->name);
    }
    fprintf(to, "\n\n%s\n\n", cmd->summary);
    for (int i = 0; i < cmd->nopts; i++) {
        const struct opt *o = &cmd->opts[i];
        char left[64];
        snprintf(left, sizeof left, "%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(to, "  %-26s %s\n", left, o->help);
    }
    fprintf(to, "  %-26s %s\n", "--help", "show this help");
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "fazhi %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return EXIT_USAGE;
}

int cli_parse(const struct command *cmd, int argc, char **argv)
{
    for (int i = 0; i < cmd->nopts; i++)
        cmd->opts[i].value = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli_usage(cmd, stdout);
            return 1;
        }
        const char *eq = strchr(a, '=');
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        struct opt *o = NULL;
        for (int k = 0; k < cmd->nopts; k++)
            if (strlen(cmd->opts[k].name) == nlen && strncmp(cmd->opts[k].name, a, nlen) == 0)
                o = &cmd->opts[k];
        if (!o) {
            cli_usage_error(cmd->name, "unknown option \"%s\" (see fazhi %s --help)", a, cmd->name);
            return -1;
        }
        if (!o->arg) {
            if (eq) {
                cli_usage_error(cmd->name, "option %s takes no value", o->name);
                return -1;
            }
            o->value = "1";
            continue;
        }
        if (eq) {
            o->value = eq + 1;
        } else if (i + 1 < argc) {
            o->value = argv[++i];
        } else {
            cli_usage_error(cmd->name, "option %s needs a value (%s)", o->name, o->arg);
            return -1;
        }
    }
    return 0;
}

const char *cli_get(struct opt *opts, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(opts[i].name, name) == 0)
            return opts[i].value;
    return NULL;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_data_dir(const char *given)
{
    if (given && *given)
        return given;
    const char *env = getenv("FAZHI_DATA");
    if (env && *env)
        return env;
    /* build/<variant>/fazhi → the repository's data/ */
    static char near[4200];
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(near, sizeof near, "%s/../../data", exe);
            if (is_dir(near))
                return near;
            snprintf(near, sizeof near, "%s/../share/fazhi", exe);
            if (is_dir(near))
                return near;
        }
    }
    return "data";
}

int cli_load_calendar(calendar *cal, const char *data_dir)
{
    char dir[4096], err[512];
    snprintf(dir, sizeof dir, "%s/calendar", data_dir);
    int n = calendar_load_dir(cal, dir, err, sizeof err);
    if (n < 0) {
        fprintf(stderr, "fazhi: cannot load the working-day calendar: %s\n", err);
        return -1;
    }
    if (n == 0)
        log_warn("no calendar files in %s: every Monday–Friday counts as a working day", dir);
    return 0;
}

int cli_open(struct cli_env *env, const char *db_url, const char *data_dir, enum open_mode mode)
{
    memset(env, 0, sizeof *env);
    char err[512];
    if (!db_url || !*db_url) {
        fputs("fazhi: --db is required (a SQLite file path, sqlite:PATH, or a postgresql:// URL)\n",
              stderr);
        return EXIT_USAGE;
    }
    modules_register();
    buf problems;
    buf_init(&problems, 0);
    if (schema_check_tables(&problems)) {
        fprintf(stderr, "fazhi: the built-in entity tables are inconsistent:\n%s", problems.p);
        buf_release(&problems);
        return EXIT_STORE;
    }
    buf_release(&problems);
    if (mode != OPEN_CREATE && !store_url_is_pg(db_url)) {
        const char *path = strncmp(db_url, "sqlite:", 7) == 0 ? db_url + 7 : db_url;
        if (access(path, F_OK) != 0) {
            fprintf(stderr, "fazhi: database \"%s\" does not exist (create it with fazhi init)\n",
                    path);
            return EXIT_STORE;
        }
    }
    fz_err e = mode == OPEN_READONLY ? store_open_readonly(db_url, &env->st, err, sizeof err)
                                     : store_open(db_url, &env->st, err, sizeof err);
    if (e) {
        fprintf(stderr, "fazhi: %s\n", err);
        return e == FZ_EINVAL ? EXIT_USAGE : EXIT_STORE;
    }
    env->db = store_acquire(env->st);
    env->a = arena_new();
    env->cal = calendar_new();
    if (!env->db || cli_load_calendar(env->cal, cli_data_dir(data_dir))) {
        cli_close(env);
        return EXIT_STORE;
    }
    int have = store_applied_version(env->db);
    if (mode != OPEN_CREATE && have == 0) {
        fprintf(stderr, "fazhi: \"%s\" is not a fazhi database (create one with fazhi init)\n",
                store_url_redacted(db_url));
        cli_close(env);
        return EXIT_STORE;
    }
    if (mode == OPEN_READONLY) {
        if (have != store_schema_version()) {
            fprintf(stderr,
                    "fazhi: \"%s\" has schema version %d, this fazhi expects %d; "
                    "run fazhi init --db %s first\n",
                    store_url_redacted(db_url), have, store_schema_version(), "DB");
            cli_close(env);
            return EXIT_STORE;
        }
    } else {
        if (store_migrate(env->db, env->a, NULL) || schema_sync(env->db, env->a)) {
            fprintf(stderr, "fazhi: cannot create or migrate the database schema\n");
            cli_close(env);
            return EXIT_STORE;
        }
        /* The audit hash is fixed when the database is made (fazhi init --hash may still
         * choose SM3 while no entry exists). */
        if (!meta_get(env->db, "hash_alg", env->a) &&
            meta_set(env->db, "hash_alg", hash_alg_name(HASH_SHA256))) {
            cli_close(env);
            return EXIT_STORE;
        }
    }
    ctx_init(&env->ctx, env->db, env->a, env->cal, &actor_system, audit_alg(env->db, env->a));
    if (mode != OPEN_READONLY) {
        /* A calendar file added or corrected since the last start moves running deadlines. */
        int moved = 0;
        if (deadline_recompute_all(&env->ctx, &moved) == FZ_OK && moved)
            log_info("the working-day calendar moved %d running deadline(s)", moved);
    }
    return EXIT_OK;
}

void cli_close(struct cli_env *env)
{
    if (env->db)
        store_release(env->st, env->db);
    store_close(env->st);
    calendar_free(env->cal);
    arena_free(env->a);
    memset(env, 0, sizeof *env);
}

int cli_report(const char *cmd, const struct ctx *c, fz_err e)
{
    const char *msg = c->err.message ? c->err.message : err_text(e);
    fprintf(stderr, "fazhi %s: %s\n", cmd, msg);
    if (e == FZ_EDB || e == FZ_EIO || e == FZ_EINTERNAL)
        return EXIT_STORE;
    if (e == FZ_EVALID || e == FZ_EINVAL)
        return EXIT_USAGE;
    return EXIT_REFUSED;
}
