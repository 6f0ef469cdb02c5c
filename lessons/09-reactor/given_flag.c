/*
 * given_flag.c - the smallest useful waker: it raises a flag.
 *
 * A hand-driven loop (exercise 1) turns the reactor and then looks at the
 * flag.  No task, no queue: the waker only has to leave a mark.
 */
#include "lesson.h"

static const ac_waker_vtable flag_vtable;

/* The flag belongs to the caller, so a copy is just the same pointer. */
static ac_waker flag_clone(void *data) { return (ac_waker){.data = data, .vtable = &flag_vtable}; }

static void flag_wake(void *data)
{
    flag *f = data;
    f->raised = true;
    f->wakes++;
}

static void flag_drop(void *data) { (void)data; }

static const ac_waker_vtable flag_vtable = {
    .clone = flag_clone, .wake = flag_wake, .wake_by_ref = flag_wake, .drop = flag_drop};

ac_waker flag_waker(flag *f) { return flag_clone(f); }
