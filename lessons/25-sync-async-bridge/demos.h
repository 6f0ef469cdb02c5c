/* demos.h - lesson 25's subcommands. */
#ifndef LESSON25_DEMOS_H
#define LESSON25_DEMOS_H

int demo_stall(int argc, char **argv);
int demo_pool(int argc, char **argv);
int demo_from_threads(int argc, char **argv);
int demo_handoff(int argc, char **argv);

#endif
