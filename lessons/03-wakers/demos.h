/* demos.h - lesson 03's subcommands. */
#ifndef LESSON03_DEMOS_H
#define LESSON03_DEMOS_H

int demo_noop(int argc, char **argv);
int demo_counting(int argc, char **argv);
int demo_parking(int argc, char **argv);
int demo_forgetful(int argc, char **argv);

#endif
