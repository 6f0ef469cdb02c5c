/*
 * Exercise 1: offer - shed load instead of queueing it.
 *
 *   capacity 2:  offer 1 -> 0   offer 2 -> 0   offer 3 -> -EAGAIN (shed)
 *   stats: accepted 2, shed 1
 *
 * Check it:  ./course check 23/ex1   (or: ctest --preset learner -R 23-backpressure/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include <errno.h>

#include "course/exercise.h"
#include "lesson.h"

int offer(ac_mpsc_tx *tx, int value, shed_stats *s)
{
    (void)tx;
    (void)value;
    (void)s;
    /* TODO: put value into the channel if it can take it right now, never
     * waiting.  Return 0 and count it accepted; when the channel is full
     * return -EAGAIN and count it shed; when the receiver is gone return
     * -EPIPE (counted in neither). */
    AC_TODO();
}
