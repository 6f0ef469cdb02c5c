/*
 * given_sleeper.c - the given half of exercise 1: the sleeper's vtable,
 * constructor and drop.  You write its poll (exercises/ex1_sleeper.c).
 */
#include "lesson.h"

/* Dropping a sleeper mid-sleep drops the sleep it awaits, which takes its
 * timer out of the heap: an aborted task leaves nothing behind. */
static void sleeper_drop(ac_future *self) { ac_coro_drop(&((sleeper *)self)->co); }

static const ac_future_vtable sleeper_vtable = {
    .name = "sleeper", .poll = sleeper_poll, .drop = sleeper_drop};

sleeper sleeper_new(ac_nanos duration, unsigned long *done)
{
    return (sleeper){.base = {&sleeper_vtable}, .duration = duration, .done = done};
}
