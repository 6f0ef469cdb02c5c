/*
 * Exercise 1: noop_waker - a waker built from a vtable.
 *
 * Write four functions that do nothing (clone returns another handle to
 * the same nothing), put them in a `static const ac_waker_vtable`, and
 * return a waker that points at it:
 *
 *   ac_waker w = noop_waker();
 *   ac_waker_wake_by_ref(&w);            nothing happens, nothing breaks
 *   ac_waker c = ac_waker_clone(&w);     same vtable, same data
 *
 * Do not use ac_waker_noop(): the point is to build one yourself.
 *
 * Check it:  ctest --preset learner -R 03-wakers/ex1
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

/* TODO: the four vtable functions and the vtable go here. */

ac_waker noop_waker(void)
{
    /* TODO: return (ac_waker){.data = NULL, .vtable = &your_vtable}; */
    AC_TODO();
}
