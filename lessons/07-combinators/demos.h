/* demos.h - lesson 07's subcommands. */
#ifndef LESSON07_DEMOS_H
#define LESSON07_DEMOS_H

int demo_join(int argc, char **argv);
int demo_join_all(int argc, char **argv);
int demo_select(int argc, char **argv);
int demo_map(int argc, char **argv);
int demo_nested(int argc, char **argv);

#endif
