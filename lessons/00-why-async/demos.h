/* demos.h - lesson 00's subcommands. */
#ifndef LESSON00_DEMOS_H
#define LESSON00_DEMOS_H

#include <stdbool.h>

/* Set by main() when the program runs `all`: demos then pick quick sizes. */
extern bool lesson_running_all;

int demo_threads(int argc, char **argv);
int demo_tasks(int argc, char **argv);
int demo_max_threads(int argc, char **argv);

/* Sanitizer builds (the asan and tsan presets) are told apart at compile
 * time: some demos must size themselves down under them. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#else
#define UNDER_SANITIZER 0
#endif
#define SANITIZER_COUNT 2000UL

/* N for `threads` and `tasks` without an argument: 10,000, or
 * SANITIZER_COUNT when `all` runs in a sanitizer build (it says so). */
unsigned long default_count(void);

/* Shared by the demos: print one measured figure in MiB, and "N,NNN". */
double mib(long bytes);
const char *with_commas(unsigned long n, char buf[32]);

#endif
