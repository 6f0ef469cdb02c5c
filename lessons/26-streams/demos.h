/* demos.h - lesson 26's subcommands. */
#ifndef LESSON26_DEMOS_H
#define LESSON26_DEMOS_H

int demo_numbers(int argc, char **argv);
int demo_lines(int argc, char **argv);
int demo_buffered(int argc, char **argv);
int demo_backpressure(int argc, char **argv);

#endif
