/* demos.h - lesson 18's subcommands. */
#ifndef LESSON18_DEMOS_H
#define LESSON18_DEMOS_H

int demo_counter(int argc, char **argv);
int demo_limit(int argc, char **argv);
int demo_notify(int argc, char **argv);
int demo_blocking(int argc, char **argv);

#endif
