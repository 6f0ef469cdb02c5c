/* demos.h - lesson 05's subcommands. */
#ifndef LESSON05_DEMOS_H
#define LESSON05_DEMOS_H

int demo_block_on(int argc, char **argv);
int demo_executor(int argc, char **argv);
int demo_delays(int argc, char **argv);
int demo_join(int argc, char **argv);
int demo_runtime(int argc, char **argv);

#endif
