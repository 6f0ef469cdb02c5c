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
 * Check it:  ./course check 12/ex1   (or: ctest --preset learner -R 12-timers/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

void heap_sift_up(timer_heap *h, size_t i)
{
    (void)h;
    (void)i;
    /* TODO: restore the heap rule upwards: the entry in slot i may fire
     * before its parent; when it ends, no entry fires before its parent
     * and every entry moved knows its new slot (its index - write slots
     * only with timer_heap_place).  O(log n): one path up, never a search.
     * Explained in docs/12-timers.md, "The same thing in C". */
    AC_TODO();
}

bool timer_heap_push(timer_heap *h, timer_entry *t, uint64_t deadline)
{
    (void)h;
    (void)t;
    (void)deadline;
    /* TODO: queue t to fire at `deadline`.
     * - true when t is in the heap and the heap rule holds again; false,
     *   with heap AND t unchanged, when t is already queued or the array
     *   cannot grow (timer_heap_reserve).
     * - t gets its deadline and the next seq of h (so timers with equal
     *   deadlines fire in start order), then takes the first free slot.
     * Explained in docs/12-timers.md, "The same thing in C". */
    AC_TODO();
}
