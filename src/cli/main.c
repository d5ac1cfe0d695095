/* main.c — the fazhi command: a table of subcommands, each with its own options. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/date.h"
#include "core/log.h"
#include "core/banned.h"

#define FAZHI_VERSION "0.1.0"

static struct command *const commands[] = {
    &cmd_init,       &cmd_demo,         &cmd_serve,       &cmd_org_add,
    &cmd_org_list,   &cmd_user_add,     &cmd_user_role,   &cmd_user_passwd,
    &cmd_user_list,  &cmd_user_disable, &cmd_user_enable, &cmd_token_add,
    &cmd_token_list, &cmd_token_revoke, &cmd_verify,      &cmd_calendar_add,
    &cmd_report_annual, &cmd_render,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *to)
{
    fputs("usage: fazhi <command> [options]   (fazhi <command> --help for its options)\n\n"
          "法治 — a subdistrict's rule-of-law work in one program.\n\ncommands:\n",
          to);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (commands[i]->hidden)
            continue;
        const char *s = commands[i]->summary;
        const char *dot = strstr(s, ". ");
        int len = dot ? (int)(dot - s + 1) : (int)strlen(s);
        fprintf(to, "  %-14s %.*s\n", commands[i]->name, len, s);
    }
    fputs("\nexit codes: 0 success; 1 refused, or verify found problems; 2 usage error;\n"
          "            3 the database or a file could not be read or written.\n",
          to);
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("fazhi %s\n", FAZHI_VERSION);
        return EXIT_OK;
    }
    if (time_pin_from_env()) {
        fprintf(stderr, "fazhi: FAZHI_NOW must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ\n");
        return EXIT_USAGE;
    }
    /* Two-word commands ("org add") first, then one-word ones. */
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const char *name = commands[i]->name;
        const char *space = strchr(name, ' ');
        int used;
        if (space) {
            size_t head = (size_t)(space - name);
            if (argc < 3 || strlen(argv[1]) != head || strncmp(argv[1], name, head) != 0 ||
                strcmp(argv[2], space + 1) != 0)
                continue;
            used = 3;
        } else {
            if (strcmp(argv[1], name) != 0)
                continue;
            used = 2;
        }
        int r = cli_parse(commands[i], argc - used, argv + used);
        if (r > 0)
            return EXIT_OK; /* --help */
        if (r < 0)
            return EXIT_USAGE;
        return commands[i]->run(commands[i]->opts, commands[i]->nopts);
    }
    /* "fazhi org" alone: list its subcommands. */
    bool group = false;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const char *name = commands[i]->name, *space = strchr(name, ' ');
        if (space && strlen(argv[1]) == (size_t)(space - name) &&
            strncmp(argv[1], name, (size_t)(space - name)) == 0) {
            if (!group)
                fprintf(stderr, "fazhi %s: choose one of:\n", argv[1]);
            group = true;
            fprintf(stderr, "  fazhi %s\n", name);
        }
    }
    if (group)
        return EXIT_USAGE;
    fprintf(stderr, "fazhi: unknown command \"%s\" (see fazhi --help)\n", argv[1]);
    return EXIT_USAGE;
}
