/*
 * Exercise 3: ticker_poll - a select loop over a channel and an interval.
 *
 *     0 ms tick 1    10 ms tick 2    20 ms tick 3    25 ms message 1 ...
 *   125 ms message 5, then the channel closes: the loop ends
 *
 *   for (;;) { select(fresh receive, KEEP(pending tick)) ... }
 *
 * Check it:  ./course check 15/ex3   (or: ctest --preset learner -R 15-select/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include <errno.h>
#include <stdio.h>

#include "course/exercise.h"
#include "lesson.h"

ac_poll ticker_poll(ac_future *self, ac_context *cx)
{
    (void)self;
    (void)cx;
    /* TODO: a coroutine that loops until the channel closes, waiting on
     * each round for whichever comes first: a value from t->rx (record it
     * in got[] and msgs) or the next tick of t->every (count it in ticks).
     * The pending tick must live across rounds - the select must not drop
     * it when a value wins - and the one pending when the loop ends is
     * yours to drop (so no timer is left behind).  Close t->rx before you
     * finish.  docs/15-select.md, "A select loop". */
    AC_TODO();
}
