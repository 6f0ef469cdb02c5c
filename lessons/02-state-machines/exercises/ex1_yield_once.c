/*
 * Exercise 1: yield_once_poll - the future add_slowly awaits.
 *
 * What it must do: the first poll of yield_once_new(v) is Pending; the
 * second is Ready with v in `output`:
 *
 *   yield_once_new(7):  poll 1 Pending, poll 2 Ready (output 7)
 *
 * The contract: rule 2 - a Pending must have arranged its wake, and
 * nothing outside will wake this future, so it does that itself; the
 * waker in `cx` is borrowed for this poll.  A Ready future needs no wake.
 * Everything the second poll needs to know is in the struct (lesson.h).
 *
 * Read first: docs/02-state-machines.md, "The same thing in C", and
 * lesson 01's countdown, its close cousin.
 *
 * Check it:  ./course check 02/ex1   (or: ctest --preset learner -R 02-state-machines/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll yield_once_poll(ac_future *self, ac_context *cx)
{
    yield_once *y = (yield_once *)self;
    (void)y;
    (void)cx;
    /* TODO: Pending (with a wake) the first time, Ready with the value the second. */
    AC_TODO();
}
