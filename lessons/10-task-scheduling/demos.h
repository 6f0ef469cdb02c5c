/* demos.h - lesson 10's subcommands. */
#ifndef LESSON10_DEMOS_H
#define LESSON10_DEMOS_H

#include <stdbool.h>

int demo_join(int argc, char **argv);
int demo_fairness(int argc, char **argv);
int demo_starve(int argc, char **argv);
int demo_cancel(int argc, char **argv);
int demo_budget(int argc, char **argv);

/* Parse optional argument `pos` (1-based) of argv into *value, keeping the
 * default when it is absent; false (message printed) when it is bad. */
bool optional_arg(int argc, char **argv, int pos, const char *what, unsigned long min, unsigned long max,
                  unsigned long *value);

/* False (message printed) when argv holds more than `max` arguments. */
bool at_most_args(int argc, char **argv, int max);

#endif
