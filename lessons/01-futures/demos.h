/* demos.h - lesson 01's subcommands. */
#ifndef LESSON01_DEMOS_H
#define LESSON01_DEMOS_H

int demo_countdown(int argc, char **argv);
int demo_ready(int argc, char **argv);
int demo_manual(int argc, char **argv);
int demo_cost(int argc, char **argv);

#endif
