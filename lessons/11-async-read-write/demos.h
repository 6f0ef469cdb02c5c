/* demos.h - lesson 11's subcommands and what they share. */
#ifndef LESSON11_DEMOS_H
#define LESSON11_DEMOS_H

#include <stdbool.h>

int demo_readwrite(int argc, char **argv);
int demo_exact(int argc, char **argv);
int demo_echo(int argc, char **argv);
int demo_copy(int argc, char **argv);

/* the optional count argument of a subcommand: argv[1] if given */
bool count_arg(int argc, char **argv, unsigned long min, unsigned long max, unsigned long *value);

#endif
