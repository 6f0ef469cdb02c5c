/*
 * Exercise 2: counting_waker and wake_counter_release - a waker that
 * counts, with a real reference count.
 *
 * The waker's data is the wake_counter (see the diagram in lesson.h):
 *
 *   clone        refs + 1, return another waker on the same counter
 *   wake_by_ref  wakes + 1
 *   wake         wakes + 1, then give back this waker's reference
 *   drop         give back this waker's reference
 *
 * "Give back" is wake_counter_release(): refs - 1, and if that was the
 * last reference, wake_counter_free().  counting_waker() makes a waker
 * that holds a reference of its own (refs + 1).
 *
 *   wake_counter *c = wake_counter_new();   refs 1
 *   ac_waker w = counting_waker(c);         refs 2
 *   ac_waker_wake(&w);                      refs 1, wakes 1
 *   wake_counter_release(c);                refs 0: freed
 *
 * Check it:  ctest --preset learner -R 03-wakers/ex2
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

/* TODO: the four vtable functions and the vtable go here. */

ac_waker counting_waker(wake_counter *c)
{
    (void)c;
    /* TODO: take a reference (atomic_fetch_add on c->refs) and return a
     * waker whose data is c and whose vtable is yours. */
    AC_TODO();
}

void wake_counter_release(wake_counter *c)
{
    (void)c;
    /* TODO: atomic_fetch_sub on c->refs returns the count BEFORE the
     * subtraction: if it was 1, nobody else holds the counter - free it. */
    AC_TODO();
}
