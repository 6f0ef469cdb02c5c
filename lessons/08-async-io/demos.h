/* demos.h - lesson 08's subcommands. */
#ifndef LESSON08_DEMOS_H
#define LESSON08_DEMOS_H

int demo_spin(int argc, char **argv);
int demo_epoll(int argc, char **argv);
int demo_echo(int argc, char **argv);
int demo_bridge(int argc, char **argv);
int demo_uv_echo(int argc, char **argv);

#endif
