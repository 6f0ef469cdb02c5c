/* Mutant of exercise 1: clone returns a handle with the data but no
 * vtable, so the clone cannot be woken or dropped.  Caught by
 * noop_waker_has_its_own_complete_vtable (clone's vtable). */
#include "lesson.h"

static const ac_waker_vtable noop_vtable;

/* Another handle to nothing: there is no count to bump. */
static ac_waker noop_clone(void *data) { return (ac_waker){.data = data}; /* the mistake: no vtable */ }
static void noop_wake(void *data) { (void)data; }
static void noop_wake_by_ref(void *data) { (void)data; }
static void noop_drop(void *data) { (void)data; }

static const ac_waker_vtable noop_vtable = {
    .clone = noop_clone,
    .wake = noop_wake,
    .wake_by_ref = noop_wake_by_ref,
    .drop = noop_drop,
};

ac_waker noop_waker(void) { return (ac_waker){.data = NULL, .vtable = &noop_vtable}; }
