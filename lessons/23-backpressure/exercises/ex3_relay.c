/*
 * Exercise 3: relay_poll - pass values on, and pass the pressure back.
 *
 *   source --[ in ]--> relay --[ out ]--> sink
 *   out full:  the relay's send waits, so it stops taking from in
 *
 * Check it:  ./course check 23/ex3   (or: ctest --preset learner -R 23-backpressure/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll relay_poll(ac_future *self, ac_context *cx)
{
    relay *r = (relay *)self;
    (void)r;
    (void)cx;
    /* TODO: move every value from r->in to r->out, in order, one at a
     * time (never take the next before the last was sent), counting them
     * in `moved`.  When `in` is closed and drained, or `out` is gone
     * (count that in `errors`), close both ends and be Ready. */
    AC_TODO();
}
