/* cmd_init.c — fazhi init (create or migrate a database) and fazhi verify. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/buf.h"
#include "engine/audit.h"
#include "engine/verify.h"
#include "store/migrate.h"
#include "core/banned.h"

static struct opt init_opts[] = {
    {"--db", "DB", "database: a SQLite file path or sqlite:PATH (created if missing), or a postgresql:// URL"},
    {"--hash", "ALG", "audit chain hash for a new database: sha256 (default) or sm3"},
    {"--data", "DIR", "data directory (calendars); default $FAZHI_DATA or ./data"},
};

static int run_init(struct opt *o, int n)
{
    const char *alg_s = cli_get(o, n, "--hash");
    enum hash_alg alg = HASH_SHA256;
    if (alg_s && hash_alg_parse(alg_s, &alg))
        return cli_usage_error("init", "--hash must be sha256 or sm3, not \"%s\"", alg_s);
    struct cli_env env;
    int rc = cli_open(&env, cli_get(o, n, "--db"), cli_get(o, n, "--data"), OPEN_CREATE);
    if (rc)
        return rc;
    const char *have = meta_get(env.db, "hash_alg", env.a);
    if (alg_s && (!have || strcmp(have, hash_alg_name(alg)) != 0)) {
        stmt *st = db_prepare(env.db, "SELECT COUNT(*) FROM audit");
        int64_t entries = st && db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
        db_done(st);
        if (entries != 0) {
            fprintf(stderr,
                    "fazhi init: this database's audit chains already use %s; the "
                    "hash cannot change once entries exist\n",
                    have ? have : "sha256");
            cli_close(&env);
            return EXIT_REFUSED;
        }
        if (meta_set(env.db, "hash_alg", hash_alg_name(alg))) {
            cli_close(&env);
            return EXIT_STORE;
        }
        have = hash_alg_name(alg);
    }
    printf("database ready: schema version %d, audit hash %s\n", store_schema_version(), have);
    cli_close(&env);
    return EXIT_OK;
}

struct command cmd_init = {"init",
                           "Create a database, or bring an existing one up to date. "
                           "Safe to run again.",
                           run_init, init_opts, sizeof init_opts / sizeof init_opts[0]};

static struct opt verify_opts[] = {
    {"--db", "DB", "database to check"},
    {"--data", "DIR", "data directory (calendars)"},
    {"--quiet", NULL, "print only problems and the summary"},
};

static int run_verify(struct opt *o, int n)
{
    struct cli_env env;
    int rc = cli_open(&env, cli_get(o, n, "--db"), cli_get(o, n, "--data"), OPEN_READONLY);
    if (rc)
        return rc;
    buf report;
    buf_init(&report, 0);
    struct verify_result res;
    fz_err e = verify_all(&env.ctx, &report, &res);
    bool quiet = cli_get(o, n, "--quiet") != NULL;
    for (char *line = report.p; *line;) {
        char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (!quiet || strncmp(line, "ok  ", 4) != 0)
            fwrite(line, 1, len, strncmp(line, "BAD ", 4) == 0 ? stderr : stdout),
                fputc('\n', strncmp(line, "BAD ", 4) == 0 ? stderr : stdout);
        line += len + (end ? 1 : 0);
    }
    buf_release(&report);
    cli_close(&env);
    if (e) {
        fprintf(stderr, "fazhi verify: the database could not be read to the end\n");
        return EXIT_STORE;
    }
    return res.problems ? EXIT_REFUSED : EXIT_OK;
}

struct command cmd_verify = {
    "verify",
    "Check that every audit chain is intact and that every record equals its last audited "
    "state. Exits 0 when intact, 1 naming the first bad entry of each broken chain and every "
    "changed record.",
    run_verify, verify_opts, sizeof verify_opts / sizeof verify_opts[0]};
