/* Mutant of exercise 1: the vtable has wake but not wake_by_ref ("wake is
 * enough"), and wake_by_ref is what every future calls.  Caught by
 * noop_waker_has_its_own_complete_vtable (wake_by_ref != NULL). */
#include "lesson.h"

static const ac_waker_vtable noop_vtable;

/* Another handle to nothing: there is no count to bump. */
static ac_waker noop_clone(void *data) { return (ac_waker){.data = data, .vtable = &noop_vtable}; }
static void noop_wake(void *data) { (void)data; }
static void noop_drop(void *data) { (void)data; }

static const ac_waker_vtable noop_vtable = {
    .clone = noop_clone,
    .wake = noop_wake,
    .drop = noop_drop,
};

ac_waker noop_waker(void) { return (ac_waker){.data = NULL, .vtable = &noop_vtable}; }
