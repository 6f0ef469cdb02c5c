/* demos.h - lesson 06's subcommands and the little helpers they share. */
#ifndef LESSON06_DEMOS_H
#define LESSON06_DEMOS_H

#include <stdbool.h>

#include "ac/waker.h"

int demo_selfref(int argc, char **argv);
int demo_realloc(int argc, char **argv);
int demo_task(int argc, char **argv);
int demo_guard(int argc, char **argv);

/* Given (given_helpers.c): a waker that prints "waker: wake(<label>)"
 * when used; clones are free. */
ac_waker loud_waker(const char *label);

/* Parse argv[1] into *value if given (keeps the default otherwise). */
bool parse_optional(int argc, char **argv, unsigned long min, unsigned long max, unsigned long *value);

#endif
