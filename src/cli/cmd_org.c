/* cmd_org.c — fazhi org add / org list. */
#include <stdio.h>

#include "cli.h"
#include "engine/people.h"
#include "core/banned.h"

static struct opt add_opts[] = {
    {"--db", "DB", "database"},
    {"--code", "CODE", "organisation code, unique (letters, digits, - _ .)"},
    {"--name", "NAME", "name, e.g. 东湖街道"},
    {"--kind", "KIND", "city, district, subdistrict, department or community"},
    {"--parent", "CODE", "the parent organisation's code (not for a district or city)"},
    {"--data", "DIR", "data directory"},
};

static int run_add(struct opt *o, int n)
{
    const char *code = cli_get(o, n, "--code"), *name = cli_get(o, n, "--name"),
               *kind = cli_get(o, n, "--kind");
    if (!code || !name || !kind)
        return cli_usage_error("org add", "--code, --name and --kind are required");
    struct cli_env env;
    int rc = cli_open(&env, cli_get(o, n, "--db"), cli_get(o, n, "--data"), OPEN_EXISTING);
    if (rc)
        return rc;
    int64_t id;
    fz_err e = org_add(&env.ctx, code, name, kind, cli_get(o, n, "--parent"), &id);
    if (e)
        rc = cli_report("org add", &env.ctx, e);
    else
        printf("added %s %s (%s)\n", code, name, kind);
    cli_close(&env);
    return rc;
}

struct command cmd_org_add = {"org add", "Add an organisation to the tree.", run_add, add_opts,
                              sizeof add_opts / sizeof add_opts[0]};

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
    struct org *orgs;
    size_t count;
    if (org_list_all(&env.ctx, &orgs, &count)) {
        cli_close(&env);
        return EXIT_STORE;
    }
    for (size_t i = 0; i < count; i++) {
        const char *parent = "";
        for (size_t k = 0; k < count; k++)
            if (orgs[k].id == orgs[i].parent_id)
                parent = orgs[k].code;
        printf("%s\t%s\t%s\t%s\n", orgs[i].code, org_kind_name(orgs[i].kind), orgs[i].name, parent);
    }
    cli_close(&env);
    return EXIT_OK;
}

struct command cmd_org_list = {
    "org list", "List organisations, one per line: code, kind, name, parent code (tab-separated).",
    run_list, list_opts, sizeof list_opts / sizeof list_opts[0]};
