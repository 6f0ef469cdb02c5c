/* demos.h - lesson 09's subcommands and what they share. */
#ifndef LESSON09_DEMOS_H
#define LESSON09_DEMOS_H

#include <stdbool.h>

#include "ac/waker.h"
#include "lesson.h"

int demo_contract(int argc, char **argv);
int demo_twin(int argc, char **argv);
int demo_single(int argc, char **argv);
int demo_multi(int argc, char **argv);
int demo_readable(int argc, char **argv);
int demo_cleanup(int argc, char **argv);

/* A waker that prints every wake and drop, with a name. */
typedef struct loud {
    const char *name;
    unsigned wakes, drops;
} loud;
ac_waker loud_waker(loud *l);

/* Set up `ex` and a reactor of `kind` for it (r: the handle); false (ex
 * closed again) when either fails. */
bool demo_reactor(ac_executor *ex, const reactor_vtable *kind, reactor *r);
/* The same, plus a connected socket pair for the demo to watch. */
bool demo_reactor_and_pair(ac_executor *ex, const reactor_vtable *kind, reactor *r, int pair[2]);

/* false (after a message) when a subcommand that takes no arguments got some */
bool no_args(int argc, char **argv);
/* the optional count argument of a subcommand: argv[1] if given */
bool count_arg(int argc, char **argv, unsigned long min, unsigned long max, unsigned long *value);

#endif
