/*
 * given_futures.c - the parts of lesson 01's futures that are given: each
 * future's vtable and constructor.  You write the poll functions.
 */
#include "lesson.h"

static const ac_future_vtable countdown_vtable = {
    .name = "countdown", .poll = countdown_poll,
    /* nothing registered anywhere, so nothing to release: no drop */
};

countdown countdown_new(unsigned count) { return (countdown){.base = {&countdown_vtable}, .count = count}; }

static const ac_future_vtable ready_int_vtable = {
    .name = "ready_int",
    .poll = ready_int_poll,
    AC_OUTPUT(ready_int, output),
};

ready_int ready_int_new(int value)
{
    return (ready_int){.base = {&ready_int_vtable}, .value = value, .taken = false, .output = 0};
}
