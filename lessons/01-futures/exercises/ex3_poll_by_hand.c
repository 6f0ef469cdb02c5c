/*
 * Exercise 3: poll_by_hand - an executor in a dozen lines.
 *
 * What it must do: poll `f` until it is Ready and return how many polls
 * that took (the Ready one included).  After each poll tell `observe`
 * its number (from 1) and its result - unless `observe` is NULL.
 *
 *   a future that is Pending twice:  observe(1, Pending), observe(2, Pending),
 *                                    observe(3, Ready); returns 3
 *
 * The contract: a future is polled at least once (only a poll can tell it
 * is Ready) and never after Ready (rule 1).  There is no runtime here and
 * nothing to wake, but a poll needs a context with a waker: one that does
 * nothing will do, because this executor polls again without being asked.
 *
 * Read first: docs/01-futures.md, "The poll contract" and "The waker,
 * briefly".
 *
 * Check it:  ./course check 01/ex3   (or: ctest --preset learner -R 01-futures/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

unsigned poll_by_hand(ac_future *f, poll_observer observe, void *arg)
{
    (void)f;
    (void)observe;
    (void)arg;
    /* TODO: poll until Ready, telling observe about each poll; return the count. */
    AC_TODO();
}
