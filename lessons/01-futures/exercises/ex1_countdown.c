/*
 * Exercise 1: countdown_poll - your first future.
 *
 * A countdown made with countdown_new(3) must answer its polls like this:
 *
 *   poll 1: count 3 -> 2, wake, Pending
 *   poll 2: count 2 -> 1, wake, Pending
 *   poll 3: count 1 -> 0, wake, Pending
 *   poll 4: count is 0,       Ready
 *
 * Check it:  ctest --preset learner -R 01-futures/ex1
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll countdown_poll(ac_future *self, ac_context *cx)
{
    countdown *c = (countdown *)self;
    (void)c;
    (void)cx;
    /* TODO: if c->count is 0, return AC_READY.
     * Otherwise take one off the count, wake the task through the context
     * (rule 2: Pending must arrange a wake), and return AC_PENDING. */
    AC_TODO();
}
