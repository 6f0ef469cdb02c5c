/*
 * Exercise 2: heap_sift_down and timer_heap_pop - the alarm rings.
 *
 *   [B10 D10 C20 A30]  pop -> B   move the last (A30) to the root,
 *   [A30 D10 C20]                 sift it down past the child that
 *   [D10 A30 C20]                 fires first (D10, not C20)
 *                      pop -> D, then C, then A, then NULL
 *
 * Check it:  ctest --preset learner -R 12-timers/ex2
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include <stddef.h>

#include "course/exercise.h"
#include "lesson.h"

void heap_sift_down(timer_heap *h, size_t i)
{
    (void)h;
    (void)i;
    /* TODO: pick the child of slot i that fires first (children 2i+1 and
     * 2i+2, if they are below h->len).  If it fires before the entry in
     * slot i, move it up into slot i and continue from the child's slot.
     * Place the entry where it stops (timer_heap_place). */
    AC_TODO();
}

timer_entry *timer_heap_pop(timer_heap *h)
{
    (void)h;
    /* TODO: NULL if empty.  Otherwise remember slots[0], set its index to
     * 0, shrink len, move the last entry into slot 0 (if any is left) and
     * sift it down.  Return the remembered entry. */
    AC_TODO();
}
