/*
 * Exercise 1: ring_push and ring_pop - the owner's end of the ring.
 *
 *   ring_push(r, 5); ring_push(r, 6);   bottom 0 -> 2
 *   ring_pop(r)  -> 6                   newest first (LIFO)
 *   ring_steal(r) -> 5                  a thief takes the oldest (given)
 *   ring_pop(r)  -> RING_EMPTY          and bottom is back where it was
 *
 * Check it:  ./course check 14/ex1   (or: ctest --preset learner -R 14-work-stealing/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

bool ring_push(ring *r, int item)
{
    (void)r;
    (void)item;
    /* TODO: store item in the slot at bottom and move bottom on by one,
     * so that a thief who sees the new bottom also sees the item.  Only
     * this thread writes bottom; thieves move top.  A ring holding
     * RING_CAP items is full: return false and change nothing.
     * docs/14-work-stealing.md, "The ring, owner's end". */
    AC_TODO();
}

int ring_pop(ring *r)
{
    (void)r;
    /* TODO: take the NEWEST item (the one at bottom - 1), or return
     * RING_EMPTY.  Thieves run ring_steal (given_ring.c) at the same
     * time: each item must leave the ring exactly once, including the
     * last one, which owner and thief may both be reaching for.  On
     * every return, bottom >= top.  docs/14-work-stealing.md, "The last
     * item". */
    AC_TODO();
}
