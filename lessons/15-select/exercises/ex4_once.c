/*
 * Exercise 4: once_poll and once_drop - a fuse.
 *
 *   poll  poll  poll          poll    poll ...
 *   Pend  Pend  Ready (done)  Pend    Pend     inner polled 3 times in all
 *
 * Check it:  ./course check 15/ex4   (or: ctest --preset learner -R 15-select/ex4)
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll once_poll(ac_future *self, ac_context *cx)
{
    (void)self;
    (void)cx;
    /* TODO: pass polls on to the inner future until it is Ready; report
     * that Ready once (and remember it in `done`); after that answer
     * Pending forever without touching inner again.  docs/15-select.md,
     * "Fuse". */
    AC_TODO();
}

void once_drop(ac_future *self)
{
    (void)self;
    /* TODO: cancel the inner future if it has not finished - exactly once,
     * however often once_drop is called. */
    AC_TODO();
}
