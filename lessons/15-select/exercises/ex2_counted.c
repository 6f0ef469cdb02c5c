/*
 * Exercise 2: counted_poll and counted_drop - watch a loser.
 *
 *   counted_of("slow", &sleep.base)   in a select beside a faster branch
 *   polled once (Pending)              -> polls = 1
 *   the other branch wins              -> dropped: drops = 1, printed,
 *                                         and the sleep's timer is gone
 *
 * Check it:  ./course check 15/ex2   (or: ctest --preset learner -R 15-select/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include <stdio.h>

#include "course/exercise.h"
#include "lesson.h"

ac_poll counted_poll(ac_future *self, ac_context *cx)
{
    (void)self;
    (void)cx;
    /* TODO: count this poll in `polls`, then answer exactly what the inner
     * future answers (it arranges the wake).  With lesson_trace on, print
     * the poll.  docs/15-select.md, "Who is polled, who is dropped". */
    AC_TODO();
}

void counted_drop(ac_future *self)
{
    (void)self;
    /* TODO: count the drop in `drops`, print it when lesson_trace is on
     * ("<name>: dropped after N polls"), and cancel the inner future too:
     * whatever it registered (a timer, a waker slot) must go now. */
    AC_TODO();
}
