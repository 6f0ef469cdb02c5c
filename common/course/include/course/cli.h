/*
 * cli.h - the command line every lesson program shares:
 *
 *   NN-topic <subcommand> [args]    run one demo
 *   NN-topic all                    run every demo with its defaults
 *   NN-topic --help                 list the subcommands, one line each
 */
#ifndef COURSE_CLI_H
#define COURSE_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ac_cli_command {
    const char *name;
    const char *args; /* e.g. "[N]", shown in --help */
    const char *help; /* one line */
    /* argv[0] is the subcommand; `all` calls it with argc == 1 */
    int (*run)(int argc, char **argv);
    bool skip_in_all; /* long or interactive demos that `all` leaves out */
} ac_cli_command;

/* Dispatch argv to the commands; returns the process exit status. */
int ac_cli_main(const char *program, const char *summary, const ac_cli_command *commands, size_t count,
                int argc, char **argv);

/* Parse an unsigned decimal in [min, max]; prints why it is not and
 * returns false on bad input. */
bool ac_cli_parse_ulong(const char *what, const char *text, unsigned long min, unsigned long max,
                        unsigned long *out);

/* For a command's options (`program cmd --opt value`): the value after
 * option argv[*i], advancing *i, or NULL (said on stderr) if it is missing. */
const char *ac_cli_option_value(const char *program, int argc, char **argv, int *i);

/* Say that `arg` is no option of command argv[0]; returns 2, the exit
 * status of a usage error. */
int ac_cli_unknown_option(const char *program, char **argv, const char *arg);

/* "10s", "250ms", "2m", "0" (off) or plain seconds -> nanoseconds, at
 * most a day; -1 if malformed. */
int64_t ac_cli_parse_duration(const char *text);

/* Print a section heading so `all` output reads as chapters. */
void ac_cli_heading(const char *title);

#endif
