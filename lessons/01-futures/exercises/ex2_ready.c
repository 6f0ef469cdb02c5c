/*
 * Exercise 2: ready_int_poll - a future whose answer is already known.
 *
 *   ready_int f = ready_int_new(42);
 *   poll 1: output = 42, Ready          (no wake: nothing is pending)
 *   poll 2: a bug in the caller (rule 1) - say so and abort()
 *
 * Check it:  ctest --preset learner -R 01-futures/ex2
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll ready_int_poll(ac_future *self, ac_context *cx)
{
    ready_int *r = (ready_int *)self;
    (void)r;
    (void)cx;
    /* TODO: on the first poll move r->value into r->output, remember that
     * it was taken, and return AC_READY.  If it was taken already, print
     * an error to stderr and call abort(). */
    AC_TODO();
}
