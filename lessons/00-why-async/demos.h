/* demos.h - lesson 00's subcommands. */
#ifndef LESSON00_DEMOS_H
#define LESSON00_DEMOS_H

#include <stdbool.h>

/* Set by main() when the program runs `all`: demos then pick quick sizes. */
extern bool lesson_running_all;

int demo_threads(int argc, char **argv);
int demo_tasks(int argc, char **argv);
int demo_max_threads(int argc, char **argv);

/* Shared by the demos: print one measured figure in MiB, and "N,NNN". */
double mib(long bytes);
const char *with_commas(unsigned long n, char buf[32]);

#endif
