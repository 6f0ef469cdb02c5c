/*
 * Exercise 1: heap_sift_up and timer_heap_push - put a timer on the rack.
 *
 *   push A at 30, B at 10, C at 20, D at 10:
 *
 *   after A   [A30]
 *   after B   [B10 A30]            B sifted up past A
 *   after C   [B10 A30 C20]        C's parent B fires first: stays
 *   after D   [B10 D10 C20 A30]    D sifted up past A; not past B (same
 *                                  deadline, B was pushed first)
 *
 * Check it:  ctest --preset learner -R 12-timers/ex1
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

void heap_sift_up(timer_heap *h, size_t i)
{
    (void)h;
    (void)i;
    /* TODO: while slot i is not the root and its entry fires before its
     * parent's (timer_fires_before), move the parent down into slot i and
     * go up to the parent's slot.  Place the entry where it stops.  Use
     * timer_heap_place() for every write so each entry's index stays right. */
    AC_TODO();
}

bool timer_heap_push(timer_heap *h, timer_entry *t, uint64_t deadline)
{
    (void)h;
    (void)t;
    (void)deadline;
    /* TODO: refuse (return false) a t that is already queued, or when
     * timer_heap_reserve() fails.  Otherwise set t's deadline, stamp it
     * with h->next_seq (then count it up), place it in slot h->len, grow
     * len, and sift it up.  Return true. */
    AC_TODO();
}
