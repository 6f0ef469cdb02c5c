/*
 * Exercise 2: counting_waker and wake_counter_release - a waker that
 * counts its wakes, and a reference count that frees exactly once.
 *
 * What it must do: a waker whose data is a wake_counter (lesson.h draws
 * it).  Every wake, by value or by reference, adds one to `wakes`.
 * counting_waker(c) makes a new handle; wake_counter_release(c) gives one
 * reference back and frees the counter (wake_counter_free) when it was
 * the last.
 *
 * The contract: `refs` is the number of holders - the owner who called
 * wake_counter_new, plus every waker made by counting_waker or by a clone.
 * Each holder gives its reference back exactly once: by drop, by a wake by
 * value, or (the owner) by wake_counter_release.  A wake by reference
 * keeps the handle.  Wakers travel between threads, so two holders may
 * let go at the same instant, and exactly one of them must free.
 *
 * Read first: docs/03-wakers.md, "Counting, with a real reference count".
 *
 * Check it:  ./course check 03/ex2   (or: ctest --preset learner -R 03-wakers/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

/* TODO: the counting vtable and the functions it points at. */

ac_waker counting_waker(wake_counter *c)
{
    (void)c;
    /* TODO: a new waker on c that holds a reference of its own. */
    AC_TODO();
}

void wake_counter_release(wake_counter *c)
{
    (void)c;
    /* TODO: give back one reference; whoever gives back the last frees. */
    AC_TODO();
}
