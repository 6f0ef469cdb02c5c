/* demos.h - lesson 02's subcommands. */
#ifndef LESSON02_DEMOS_H
#define LESSON02_DEMOS_H

#include "ac/future.h"

int demo_yield(int argc, char **argv);
int demo_by_hand(int argc, char **argv);
int demo_coro(int argc, char **argv);
int demo_sizes(int argc, char **argv);

/* A waker that prints a line each time it is woken (demo_add_slowly.c). */
ac_waker loud_waker(void);

#endif
