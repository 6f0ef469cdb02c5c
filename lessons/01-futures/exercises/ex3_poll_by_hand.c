/*
 * Exercise 3: poll_by_hand - an executor in a dozen lines.
 *
 * No runtime, no queue: poll the future with a waker that does nothing,
 * over and over, until it says Ready.  Report each poll to `observe`.
 *
 *   poll_by_hand(&countdown_new(2).base, ...)  ->  returns 3
 *     observe(1, AC_PENDING), observe(2, AC_PENDING), observe(3, AC_READY)
 *
 * Check it:  ctest --preset learner -R 01-futures/ex3
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

unsigned poll_by_hand(ac_future *f, poll_observer observe, void *arg)
{
    (void)f;
    (void)observe;
    (void)arg;
    /* TODO: make a noop waker (ac_waker_noop()) and a context that points
     * at it; loop: poll, count, tell `observe` (if not NULL), stop on
     * AC_READY; return the count. */
    AC_TODO();
}
