/*
 * Exercise 2: maker_poll - reserve a slot, then make the value.
 *
 *   capacity 1, a slow consumer:
 *   reserve -> Ready   make_value(0)   send        made 1
 *   reserve -> Pending (full)                      made 1: no work wasted
 *
 * Check it:  ./course check 23/ex2   (or: ctest --preset learner -R 23-backpressure/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll maker_poll(ac_future *self, ac_context *cx)
{
    maker *m = (maker *)self;
    (void)m;
    (void)cx;
    /* TODO: for i = 0 .. count - 1 send make_value(m, i) through m->tx,
     * calling make_value only once a slot for its result is yours (and
     * never for a value that cannot be sent).  Count failures in `errors`
     * and stop at the first.  Close the sender when done, then Ready. */
    AC_TODO();
}
