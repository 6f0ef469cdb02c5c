/* demos.h - lesson 04's subcommands. */
#ifndef LESSON04_DEMOS_H
#define LESSON04_DEMOS_H

int demo_lifecycle(int argc, char **argv);
int demo_waker(int argc, char **argv);
int demo_join(int argc, char **argv);
int demo_static_bug(int argc, char **argv);
int demo_static_fixed(int argc, char **argv);
int demo_send_bug(int argc, char **argv);
int demo_send_fixed(int argc, char **argv);

#endif
