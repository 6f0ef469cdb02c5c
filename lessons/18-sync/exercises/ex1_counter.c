/*
 * Exercise 1: incrementer_poll - a counter that 100 tasks share.
 *
 *   task A: lock  read 7  (await: others run)  write 8  unlock
 *   task B:        lock ............ Pending ............ -> Ready: read 8 ...
 *
 * Check it:  ./course check 18/ex1   (or: ctest --preset learner -R 18-sync/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll incrementer_poll(ac_future *self, ac_context *cx)
{
    incrementer *t = (incrementer *)self;
    (void)t;
    (void)cx;
    /* TODO: `rounds` times: hold c->lock (an ac_mutex) while you read the
     * value into `seen`, await one ac_yield_now(), and write seen + 1 back.
     * While holding it, count yourself in c->inside (and c->max_inside).
     * Whatever other tasks do during the await, no update may be lost. */
    AC_TODO();
}
