/* demos.h - lesson 24's subcommands. */
#ifndef LESSON24_DEMOS_H
#define LESSON24_DEMOS_H

int demo_loss(int argc, char **argv);
int demo_cure1(int argc, char **argv);
int demo_cure2(int argc, char **argv);
int demo_cure3(int argc, char **argv);
int demo_line(int argc, char **argv);

#endif
