/*
 * Exercise 3: timer_heap_cancel - take a timer off the rack early.
 *
 * A timeout whose work finished first, a sleep whose task was aborted:
 * their timers must leave the heap now, wherever they are, without a
 * search.  The entry's index says where it is:
 *
 *   [B10 D10 C20 A30 E40]   cancel D (index 2 -> slot 1)
 *   [B10 E40 C20 A30]       the last entry (E40) fills slot 1 ...
 *   [B10 A30 C20 E40]       ... and sifts down (or up: it can go either way)
 *
 * Check it:  ./course check 12/ex3   (or: ctest --preset learner -R 12-timers/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

bool timer_heap_cancel(timer_heap *h, timer_entry *t)
{
    (void)h;
    (void)t;
    /* TODO: take t out of the heap wherever it sits, in O(log n): its
     * index says where (no search).
     * - true if t was queued (now it is not: index 0); false, with
     *   nothing changed, if it was not.
     * - The entries left keep the heap rule in len - 1 slots.  Whatever
     *   fills t's slot may belong above it or below it.
     * - Your heap_sift_up / heap_sift_down (exercises 1 and 2) may help.
     * Explained in docs/12-timers.md, "The same thing in C". */
    AC_TODO();
}
