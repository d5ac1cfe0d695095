/* cmd_user.c — fazhi user add / user role / user passwd and fazhi token add. Passwords are
 * read from standard input (one line; not echoed on a terminal), never from arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "engine/people.h"
#include "engine/tokens.h"
#include "core/banned.h"

static int read_password(char *out, size_t n)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fputs("password: ", stderr);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *got = fgets(out, (int)n, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!got)
        return -1;
    size_t len = strlen(out);
    while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
        out[--len] = '\0';
    return 0;
}

static int64_t user_id_of(struct cli_env *env, const char *username)
{
    int64_t id = 0;
    const char *hash;
    bool active;
    if (user_lookup(&env->ctx, username, &id, &hash, &active))
        return 0;
    return id;
}

static struct opt add_opts[] = {
    {"--db", "DB", "database"},
    {"--username", "U", "sign-in name (3–32 letters, digits, - _ .)"},
    {"--name", "NAME", "the person's name"},
    {"--org", "CODE", "the organisation the user belongs to (and the role is bound to)"},
    {"--role", "ROLE",
     "admin, leader, staff, officer, legal_reviewer, legal_advisor, "
     "mediator, grid_worker or supervisor"},
    {"--data", "DIR", "data directory"},
};

static int run_add(struct opt *o, int n)
{
    const char *u = cli_get(o, n, "--username"), *name = cli_get(o, n, "--name"),
               *org = cli_get(o, n, "--org"), *role = cli_get(o, n, "--role");
    if (!u || !name || !org || !role)
        return cli_usage_error("user add", "--username, --name, --org and --role are required");
    char pw[512];
    if (read_password(pw, sizeof pw))
        return cli_usage_error("user add", "no password on standard input");
    struct cli_env env;
    int rc = cli_open(&env, cli_get(o, n, "--db"), cli_get(o, n, "--data"), OPEN_EXISTING);
    if (rc)
        return rc;
    fz_err e = user_add(&env.ctx, u, name, org, role, pw, NULL);
    memset(pw, 0, sizeof pw);
    if (e)
        rc = cli_report("user add", &env.ctx, e);
    else
        printf("added user %s (%s at %s)\n", u, role, org);
    cli_close(&env);
    return rc;
}

struct command cmd_user_add = {"user add",
                               "Add a user with one role bound to an organisation. The "
                               "password is read from standard input.",
                               run_add, add_opts, sizeof add_opts / sizeof add_opts[0]};

static struct opt role_opts[] = {
    {"--db", "DB", "database"},
    {"--username", "U", "the user"},
    {"--role", "ROLE", "the role to add"},
    {"--org", "CODE", "the organisation the role is bound to"},
    {"--data", "DIR", "data directory"},
};

static int run_role(struct opt *o, int n)
{
    const char *u = cli_get(o, n, "--username"), *role = cli_get(o, n, "--role"),
               *org = cli_get(o, n, "--org");
    if (!u || !role || !org)
        return cli_usage_error("user role", "--username, --role and --org are required");
    struct cli_env env;
    int rc = cli_open(&env, cli_get(o, n, "--db"), cli_get(o, n, "--data"), OPEN_EXISTING);
    if (rc)
        return rc;
    int64_t id = user_id_of(&env, u);
    fz_err e = id ? user_role_add(&env.ctx, id, role, org)
                  : ctx_fail(&env.ctx, FZ_ENOTFOUND, NULL, "user \"%s\" does not exist", u);
    if (e)
        rc = cli_report("user role", &env.ctx, e);
    else
        printf("%s is now also %s at %s\n", u, role, org);
    cli_close(&env);
    return rc;
}

struct command cmd_user_role = {"user role", "Give a user another role, bound to an organisation.",
                                run_role, role_opts, sizeof role_opts / sizeof role_opts[0]};

static struct opt passwd_opts[] = {
    {"--db", "DB", "database"},
    {"--username", "U", "the user"},
    {"--data", "DIR", "data directory"},
};

static int run_passwd(struct opt *o, int n)
{
    const char *u = cli_get(o, n, "--username");
    if (!u)
        return cli_usage_error("user passwd", "--username is required");
    char pw[512];
    if (read_password(pw, sizeof pw))
        return cli_usage_error("user passwd", "no password on standard input");
    struct cli_env env;
    int rc = cli_open(&env, cli_get(o, n, "--db"), cli_get(o, n, "--data"), OPEN_EXISTING);
    if (rc)
        return rc;
    int64_t id = user_id_of(&env, u);
    fz_err e = id ? user_set_password(&env.ctx, id, pw)
                  : ctx_fail(&env.ctx, FZ_ENOTFOUND, NULL, "user \"%s\" does not exist", u);
    memset(pw, 0, sizeof pw);
    if (e)
        rc = cli_report("user passwd", &env.ctx, e);
    else
        printf("password of %s changed; their sessions have ended\n", u);
    cli_close(&env);
    return rc;
}

struct command cmd_user_passwd = {"user passwd",
                                  "Set a user's password (read from standard input).", run_passwd,
                                  passwd_opts, sizeof passwd_opts / sizeof passwd_opts[0]};

static struct opt token_opts[] = {
    {"--db", "DB", "database"},
    {"--username", "U", "the user the token acts as"},
    {"--name", "NAME", "what the token is for, e.g. 省执法平台对接"},
    {"--days", "N", "expire after N days (default: never)"},
    {"--data", "DIR", "data directory"},
};

static int run_token(struct opt *o, int n)
{
    const char *u = cli_get(o, n, "--username"), *name = cli_get(o, n, "--name"),
               *days_s = cli_get(o, n, "--days");
    if (!u || !name)
        return cli_usage_error("token add", "--username and --name are required");
    long days = 0;
    if (days_s) {
        char *end;
        days = strtol(days_s, &end, 10);
        if (*end || days < 1 || days > 3650)
            return cli_usage_error("token add", "--days must be 1 to 3650");
    }
    struct cli_env env;
    int rc = cli_open(&env, cli_get(o, n, "--db"), cli_get(o, n, "--data"), OPEN_EXISTING);
    if (rc)
        return rc;
    int64_t id = user_id_of(&env, u);
    char token[TOKEN_MAX_CHARS];
    fz_err e = id ? token_create(&env.ctx, id, name, (int)days, token, NULL)
                  : ctx_fail(&env.ctx, FZ_ENOTFOUND, NULL, "user \"%s\" does not exist", u);
    if (e)
        rc = cli_report("token add", &env.ctx, e);
    else
        printf("%s\n", token);
    cli_close(&env);
    return rc;
}

struct command cmd_token_add = {
    "token add",
    "Create an API token acting as a user (Authorization: Bearer TOKEN). The token is printed "
    "once; only its hash is stored.",
    run_token, token_opts, sizeof token_opts / sizeof token_opts[0]};

static struct opt list_opts[] = {
    {"--db", "DB", "database"},
    {"--data", "DIR", "data directory"},
};

static int run_list(struct opt *o, int n)
{
    struct cli_env env;
    int rc = cli_open(&env, cli_get(o, n, "--db"), cli_get(o, n, "--data"), OPEN_READONLY);
    if (rc)
        return rc;
    struct user_row *rows;
    size_t count;
    fz_err e = user_list(&env.ctx, &rows, &count);
    if (e) {
        cli_close(&env);
        return EXIT_STORE;
    }
    for (size_t i = 0; i < count; i++)
        printf("%s\t%s\t%s\t%s\t%s\n", rows[i].username, rows[i].name, rows[i].home_org_code,
               rows[i].active ? "active" : "disabled", rows[i].roles);
    cli_close(&env);
    return EXIT_OK;
}

struct command cmd_user_list = {
    "user list",
    "List users, one per line: username, name, organisation, active or disabled, roles "
    "(tab-separated).",
    run_list, list_opts, sizeof list_opts / sizeof list_opts[0]};

static struct opt active_opts[] = {
    {"--db", "DB", "database"},
    {"--username", "U", "the user"},
    {"--data", "DIR", "data directory"},
};

static int set_active(struct opt *o, int n, bool active, const char *cmd)
{
    const char *u = cli_get(o, n, "--username");
    if (!u)
        return cli_usage_error(cmd, "--username is required");
    struct cli_env env;
    int rc = cli_open(&env, cli_get(o, n, "--db"), cli_get(o, n, "--data"), OPEN_EXISTING);
    if (rc)
        return rc;
    int64_t id = user_id_of(&env, u);
    fz_err e = id ? user_set_active(&env.ctx, id, active)
                  : ctx_fail(&env.ctx, FZ_ENOTFOUND, NULL, "user \"%s\" does not exist", u);
    if (e)
        rc = cli_report(cmd, &env.ctx, e);
    else
        printf("%s is %s\n", u, active ? "enabled" : "disabled; their sessions have ended");
    cli_close(&env);
    return rc;
}

static int run_disable(struct opt *o, int n)
{
    return set_active(o, n, false, "user disable");
}

static int run_enable(struct opt *o, int n)
{
    return set_active(o, n, true, "user enable");
}

struct command cmd_user_disable = {
    "user disable", "Disable an account: it can no longer sign in or use its API tokens.",
    run_disable, active_opts, sizeof active_opts / sizeof active_opts[0]};
struct command cmd_user_enable = {"user enable", "Enable a disabled account again.", run_enable,
                                  active_opts, sizeof active_opts / sizeof active_opts[0]};

static struct opt tlist_opts[] = {
    {"--db", "DB", "database"},
    {"--username", "U", "only this user's tokens"},
    {"--data", "DIR", "data directory"},
};

static int run_token_list(struct opt *o, int n)
{
    struct cli_env env;
    int rc = cli_open(&env, cli_get(o, n, "--db"), cli_get(o, n, "--data"), OPEN_READONLY);
    if (rc)
        return rc;
    const char *u = cli_get(o, n, "--username");
    int64_t uid = u ? user_id_of(&env, u) : 0;
    if (u && !uid) {
        cli_close(&env);
        return cli_usage_error("token list", "user \"%s\" does not exist", u);
    }
    struct token_row *rows;
    size_t count;
    if (token_list(&env.ctx, uid, &rows, &count)) {
        cli_close(&env);
        return EXIT_STORE;
    }
    for (size_t i = 0; i < count; i++)
        printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)rows[i].id, rows[i].username,
               rows[i].name, rows[i].created_at, rows[i].expires_at ? rows[i].expires_at : "never",
               rows[i].revoked_at ? "revoked" : "active",
               rows[i].last_used_at ? rows[i].last_used_at : "unused");
    cli_close(&env);
    return EXIT_OK;
}

struct command cmd_token_list = {
    "token list",
    "List API tokens, one per line: id, user, name, created, expires, active or revoked, "
    "last used (tab-separated). Secrets are never shown again.",
    run_token_list, tlist_opts, sizeof tlist_opts / sizeof tlist_opts[0]};

static struct opt revoke_opts[] = {
    {"--db", "DB", "database"},
    {"--id", "N", "the token's id (from fazhi token list)"},
    {"--data", "DIR", "data directory"},
};

static int run_token_revoke(struct opt *o, int n)
{
    const char *id_s = cli_get(o, n, "--id");
    char *end = NULL;
    long long id = id_s ? strtoll(id_s, &end, 10) : 0;
    if (!id_s || *end || id < 1)
        return cli_usage_error("token revoke", "--id must be a token id (see fazhi token list)");
    struct cli_env env;
    int rc = cli_open(&env, cli_get(o, n, "--db"), cli_get(o, n, "--data"), OPEN_EXISTING);
    if (rc)
        return rc;
    fz_err e = token_revoke(&env.ctx, id);
    if (e)
        rc = cli_report("token revoke", &env.ctx, e);
    else
        printf("token %lld revoked\n", id);
    cli_close(&env);
    return rc;
}

struct command cmd_token_revoke = {"token revoke", "Revoke an API token; it stops working at once.",
                                   run_token_revoke, revoke_opts,
                                   sizeof revoke_opts / sizeof revoke_opts[0]};
