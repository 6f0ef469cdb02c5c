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

const char *ac_cli_option_value(const char *program, int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "%s %s: option '%s' needs a value\n", program, argv[0], argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

int ac_cli_unknown_option(const char *program, char **argv, const char *arg)
{
    fprintf(stderr, "%s %s: unknown option '%s' (try --help)\n", program, argv[0], arg);
    return 2;
}

int64_t ac_cli_parse_duration(const char *text)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno != 0 || end == text || v < 0 || text[0] == '-')
        return -1;
    double unit = 1e9;
    if (strcmp(end, "ms") == 0)
        unit = 1e6;
    else if (strcmp(end, "m") == 0)
        unit = 60e9;
    else if (strcmp(end, "s") != 0 && *end != '\0')
        return -1;
    if (v * unit > 86400e9)
        return -1;
    return (int64_t)(v * unit);
}
