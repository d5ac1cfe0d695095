/* cli.h — shared pieces of the subcommands: argument parsing, opening the store and the
 * calendar, and the exit codes (documented in docs/cli.md):
 *   0 success; 1 the command ran and refused or found problems (verify); 2 usage error;
 *   3 the database or a file could not be read or written. */
#ifndef FZ_CLI_H
#define FZ_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/calendar.h"
#include "engine/ctx.h"

enum { EXIT_OK = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2, EXIT_STORE = 3 };

/* One option a command accepts. */
struct opt {
    const char *name; /* "--db" */
    const char *arg;  /* metavariable, or NULL for a flag */
    const char *help;
    const char *value; /* filled by cli_parse: the value, or "1" for a given flag */
};

struct command {
    const char *name; /* "org add" */
    const char *summary;
    int (*run)(struct opt *opts, int nopts);
    struct opt *opts;
    int nopts;
    bool hidden; /* internal (fazhi render): left out of fazhi --help */
};

/* Parses argv against opts; on a mistake prints it with the usage and returns -1. */
int cli_parse(const struct command *cmd, int argc, char **argv);
void cli_usage(const struct command *cmd, FILE *to);
const char *cli_get(struct opt *opts, int n, const char *name);
/* Prints "fazhi <cmd>: <message>" to stderr and returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* An open store with migrations applied, the calendar loaded, and a system ctx. */
struct cli_env {
    store *st;
    sconn *db;
    arena *a;
    calendar *cal;
    struct ctx ctx;
};
enum open_mode {
    OPEN_CREATE,   /* create the file if missing, apply migrations (init, demo, serve) */
    OPEN_EXISTING, /* the file must exist; pending migrations are applied */
    OPEN_READONLY, /* the file must exist and be up to date; nothing is written */
};
int cli_open(struct cli_env *env, const char *db_url, const char *data_dir, enum open_mode mode);
void cli_close(struct cli_env *env);
/* The data directory: --data, $FAZHI_DATA, next to the executable, or ./data. */
const char *cli_data_dir(const char *given);
int cli_load_calendar(calendar *cal, const char *data_dir);
/* Prints ctx's error as "fazhi <cmd>: <message>" and returns the exit code for it. */
int cli_report(const char *cmd, const struct ctx *c, fz_err e);

/* fazhi demo --scale: a city of n subdistricts for benchmarks (demo_scale.c). */
struct scale_opts {
    int n, years, cases_per_year;
    uint64_t seed;
};
fz_err demo_scale(struct cli_env *env, const char *data_dir, const struct scale_opts *o);

/* Every command, defined in the cmd_*.c files. */
extern struct command cmd_init, cmd_demo, cmd_serve, cmd_org_add, cmd_org_list, cmd_user_add,
    cmd_user_role, cmd_user_passwd, cmd_user_list, cmd_user_disable, cmd_user_enable, cmd_token_add,
    cmd_token_list, cmd_token_revoke, cmd_verify, cmd_calendar_add, cmd_report_annual, cmd_render;

#endif
