/* demos.h - lesson 13's subcommands. */
#ifndef LESSON13_DEMOS_H
#define LESSON13_DEMOS_H

int demo_oneshot(int argc, char **argv);
int demo_fan_in(int argc, char **argv);
int demo_backpressure(int argc, char **argv);
int demo_fan_out(int argc, char **argv);
int demo_bench(int argc, char **argv);

#endif
