/* demos.h - lesson 23's subcommands. */
#ifndef LESSON23_DEMOS_H
#define LESSON23_DEMOS_H

int demo_memory(int argc, char **argv);
int demo_limit(int argc, char **argv);
int demo_reserve(int argc, char **argv);
int demo_shed(int argc, char **argv);
int demo_pipeline(int argc, char **argv);

#endif
