/*
 * given_readable.c - the given part of exercise 3: the readable future's vtable
 * and constructor.  You write its poll and its drop.
 */
#include "lesson.h"

static const ac_future_vtable readable_vtable = {
    .name = "readable",
    .poll = readable_poll,
    .drop = readable_drop, /* it can leave a waker in the reactor: release it */
    AC_OUTPUT(readable, result),
};

readable readable_new(reactor *r, int fd, void *buf, size_t cap)
{
    return (readable){.base = {&readable_vtable}, .reactor = r, .fd = fd, .buf = buf, .cap = cap};
}
