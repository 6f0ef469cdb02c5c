/* demos.h - lesson 17's subcommands and what they share. */
#ifndef LESSON17_DEMOS_H
#define LESSON17_DEMOS_H

#include <stdbool.h>
#include <stdint.h>

#include "ac/waker.h"

int demo_lifecycle(int argc, char **argv);
int demo_interest(int argc, char **argv);
int demo_closed(int argc, char **argv);
int demo_spurious(int argc, char **argv);

/* A waker that prints every wake, with a name (demo_support.c). */
typedef struct loud {
    const char *name;
    unsigned wakes;
} loud;
ac_waker loud_waker(loud *l);

/* false (after a message) when a subcommand that takes no arguments got some */
bool no_args(int argc, char **argv);
/* "EPOLLIN|EPOLLOUT|..." for an event mask. */
const char *epoll_names(uint32_t events, char *buf, unsigned size);
/* Wait up to timeout_ms on epfd for one fd's event; its mask, or 0. */
uint32_t epoll_one(int epfd, int timeout_ms);

#endif
