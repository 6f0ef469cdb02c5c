/* demos.h - lesson 14's subcommands. */
#ifndef LESSON14_DEMOS_H
#define LESSON14_DEMOS_H

int demo_spread(int argc, char **argv);
int demo_fan_out(int argc, char **argv);
int demo_bench(int argc, char **argv);

#endif
