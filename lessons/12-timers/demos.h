/* demos.h - lesson 12's subcommands. */
#ifndef LESSON12_DEMOS_H
#define LESSON12_DEMOS_H

#include <stdbool.h>

/* Set by main() when the program runs `all`: demos then pick quick sizes. */
extern bool lesson_running_all;

int demo_heap(int argc, char **argv);
int demo_sleeps(int argc, char **argv);
int demo_timeout(int argc, char **argv);
int demo_interval(int argc, char **argv);
int demo_bench(int argc, char **argv);

#endif
