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
 * Check it:  ctest --preset learner -R 12-timers/ex3
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

bool timer_heap_cancel(timer_heap *h, timer_entry *t)
{
    (void)h;
    (void)t;
    /* TODO: return false if t is not queued.  Otherwise find its slot from
     * t->index, mark t not queued, shrink len, and if t was not in the last
     * slot, move the last entry into t's slot and restore the heap rule:
     * sift up if it fires before its new parent, else sift down (your
     * heap_sift_up / heap_sift_down from exercises 1 and 2). */
    AC_TODO();
}
