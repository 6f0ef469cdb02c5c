/* Mutant: indexes mine->slot with the raw count b + moved (no "& RING_MASK"), past the end of the array once
 * bottom wraps. Caught by works_across_the_wrap_of_both_rings (ASan). */
/*
 * Exercise 2: ring_steal_half - an idle worker refills from a busy one.
 *
 *   victim: [1][2][3][4][5]   mine: []      ring_steal_half(victim, mine) -> 3
 *   victim: [4][5]            mine: [1][2][3]   (oldest first, same order)
 *
 * Check it:  ./course check 14/ex2   (or: ctest --preset learner -R 14-work-stealing/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "lesson.h"

int ring_steal_half(ring *victim, ring *mine)
{
    int64_t want = ring_len(victim);
    want -= want / 2; /* half, rounded up: one item is worth stealing */
    int64_t b = atomic_load_explicit(&mine->bottom, memory_order_relaxed);
    int64_t t = atomic_load_explicit(&mine->top, memory_order_acquire);
    if (want > RING_CAP - (b - t))
        want = RING_CAP - (b - t);
    int moved = 0;
    while (moved < want) {
        int item = ring_steal(victim);
        if (item == RING_EMPTY)
            break;
        if (item == RING_ABORT)
            continue; /* somebody else moved top: look again */
        atomic_store_explicit(&mine->slot[b + moved], item, memory_order_relaxed);
        moved++;
    }
    /* one release store publishes the whole batch to mine's own thieves */
    atomic_store_explicit(&mine->bottom, b + moved, memory_order_release);
    return moved;
}
