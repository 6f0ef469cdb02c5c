/* cli.c - subcommand dispatch and argument parsing for lesson programs. */
#include "course/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out, const char *program, const char *summary, const ac_cli_command *commands,
                  size_t count)
{
    fprintf(out, "%s - %s\n\nusage: %s <command> [args]\n\ncommands:\n", program, summary, program);
    for (size_t i = 0; i < count; i++) {
        char left[64];
        snprintf(left, sizeof left, "%s %s", commands[i].name, commands[i].args ? commands[i].args : "");
        fprintf(out, "  %-24s %s\n", left, commands[i].help);
    }
    fprintf(out, "  %-24s %s", "all", "run every demo above with its defaults");
    /* say which demos `all` leaves out, so the list stays truthful */
    const char *sep = ", except:";
    for (size_t i = 0; i < count; i++)
        if (commands[i].skip_in_all) {
            fprintf(out, "%s %s", sep, commands[i].name);
            sep = ",";
        }
    fprintf(out, "\n  %-24s %s\n", "--help", "show this list");
}

int ac_cli_main(const char *program, const char *summary, const ac_cli_command *commands, size_t count,
                int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr, program, summary, commands, count);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        usage(stdout, program, summary, commands, count);
        return 0;
    }
    if (strcmp(name, "all") == 0) {
        for (size_t i = 0; i < count; i++) {
            if (commands[i].skip_in_all)
                continue;
            char *sub_argv[] = {(char *)commands[i].name, NULL};
            ac_cli_heading(commands[i].name);
            int rc = commands[i].run(1, sub_argv);
            if (rc != 0) {
                fprintf(stderr, "%s all: '%s' failed (exit %d)\n", program, commands[i].name, rc);
                return rc;
            }
        }
        return 0;
    }
    for (size_t i = 0; i < count; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "%s: unknown command '%s'\n\n", program, name);
    usage(stderr, program, summary, commands, count);
    return 2;
}

bool ac_cli_parse_ulong(const char *what, const char *text, unsigned long min, unsigned long max,
                        unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (text[0] == '-' || text[0] == '\0' || *end != '\0' || errno != 0 || v < min || v > max) {
        fprintf(stderr, "%s: expected a whole number from %lu to %lu, got '%s'\n", what, min, max, text);
        return false;
    }
    *out = v;
    return true;
}

void ac_cli_heading(const char *title)
{
    printf("\n== %s ", title);
    for (size_t n = strlen(title); n < 60; n++)
        putchar('=');
    printf("\n\n");
}
