/*
 * Exercise 2: heap_sift_down and timer_heap_pop - the alarm rings.
 *
 *   [B10 D10 C20 A30]  pop -> B   move the last (A30) to the root,
 *   [A30 D10 C20]                 sift it down past the child that
 *   [D10 A30 C20]                 fires first (D10, not C20)
 *                      pop -> D, then C, then A, then NULL
 *
 * Check it:  ./course check 12/ex2   (or: ctest --preset learner -R 12-timers/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include <stddef.h>

#include "course/exercise.h"
#include "lesson.h"

void heap_sift_down(timer_heap *h, size_t i)
{
    (void)h;
    (void)i;
    /* TODO: restore the heap rule downwards: the entry in slot i may fire
     * after one of its children; when it ends, no child fires before its
     * parent, anywhere below i, and every entry moved knows its new slot.
     * Only the child that fires first may move up.  O(log n).
     * Explained in docs/12-timers.md, "The same thing in C". */
    AC_TODO();
}

timer_entry *timer_heap_pop(timer_heap *h)
{
    (void)h;
    /* TODO: take out and return the entry that fires first (NULL when the
     * heap is empty).  The returned entry is no longer queued (index 0);
     * the entries left still keep the heap rule, in len - 1 slots.
     * Explained in docs/12-timers.md, "The same thing in C". */
    AC_TODO();
}
