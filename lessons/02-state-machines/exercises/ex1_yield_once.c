/*
 * Exercise 1: yield_once_poll - the future add_slowly awaits.
 *
 * yield_once_new(7) must answer its polls like this:
 *
 *   poll 1: remember it yielded, wake, Pending
 *   poll 2: output = 7,              Ready     (no wake)
 *
 * Check it:  ctest --preset learner -R 02-state-machines/ex1
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll yield_once_poll(ac_future *self, ac_context *cx)
{
    yield_once *y = (yield_once *)self;
    (void)y;
    (void)cx;
    /* TODO: on the first poll set y->yielded, wake through cx->waker (rule 2:
     * Pending must arrange a wake) and return AC_PENDING.  On the next poll
     * copy y->value into y->output and return AC_READY. */
    AC_TODO();
}
