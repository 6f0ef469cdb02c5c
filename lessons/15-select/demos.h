/* demos.h - lesson 15's subcommands. */
#ifndef LESSON15_DEMOS_H
#define LESSON15_DEMOS_H

int demo_race(int argc, char **argv);
int demo_loop(int argc, char **argv);
int demo_fuse(int argc, char **argv);
int demo_starve(int argc, char **argv);

#endif
