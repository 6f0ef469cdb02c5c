/*
 * Exercise 1: counter_next - a stream of numbers, by hand.
 *
 *   counter_new(3, 6)
 *   poll_next -> ITEM 3    ITEM 4    ITEM 5    END    END ...
 *
 * Check it:  ./course check 26/ex1   (or: ctest --preset learner -R 26-streams/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include <string.h>

#include "course/exercise.h"
#include "lesson.h"

int counter_next(ac_stream *self, ac_context *cx, void *item)
{
    (void)self;
    (void)cx;
    (void)item;
    /* TODO: hand out the numbers from `next` up to (not including) `to`,
     * one per call, written to *item as an int, then AC_STREAM_END on this
     * and every later call.  Count every call in `polls`.  The numbers are
     * always there: this stream is never Pending.  docs/26-streams.md,
     * "A stream by hand". */
    AC_TODO();
}
