/* demos.h - lesson 16's subcommands. */
#ifndef LESSON16_DEMOS_H
#define LESSON16_DEMOS_H

int demo_flavours(int argc, char **argv);
int demo_builder(int argc, char **argv);
int demo_no_driver(int argc, char **argv);
int demo_handle(int argc, char **argv);
int demo_throughput(int argc, char **argv);

#endif
