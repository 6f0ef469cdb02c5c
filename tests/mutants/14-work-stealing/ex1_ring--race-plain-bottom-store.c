/* Mutant: push publishes bottom with a plain (non-atomic) store: a thief reading bottom races with it and may
 * not see the item. Caught under TSan by every_item_leaves_exactly_once_with_a_thief (data race on bottom).
 */
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
#include "lesson.h"

bool ring_push(ring *r, int item)
{
    int64_t b = atomic_load_explicit(&r->bottom, memory_order_relaxed);
    /* acquire: a thief's read of a slot happened before its CAS moved top past it */
    int64_t t = atomic_load_explicit(&r->top, memory_order_acquire);
    if (b - t >= RING_CAP)
        return false;
    atomic_store_explicit(&r->slot[b & RING_MASK], item, memory_order_relaxed);
    /* release: a thief that sees the new bottom sees the item */
    *(int64_t *)&r->bottom = b + 1;
    return true;
}

int ring_pop(ring *r)
{
    int64_t b = atomic_load_explicit(&r->bottom, memory_order_relaxed) - 1;
    atomic_store_explicit(&r->bottom, b, memory_order_relaxed); /* claim the newest first */
    atomic_thread_fence(memory_order_seq_cst);                  /* pairs with ring_steal's */
    int64_t t = atomic_load_explicit(&r->top, memory_order_relaxed);
    if (t > b) { /* it was empty */
        atomic_store_explicit(&r->bottom, b + 1, memory_order_relaxed);
        return RING_EMPTY;
    }
    int item = atomic_load_explicit(&r->slot[b & RING_MASK], memory_order_relaxed);
    if (t == b) { /* the last item: a thief may be after it; whoever moves top has it */
        if (!atomic_compare_exchange_strong_explicit(&r->top, &t, t + 1, memory_order_seq_cst,
                                                     memory_order_relaxed))
            item = RING_EMPTY;
        atomic_store_explicit(&r->bottom, b + 1, memory_order_relaxed);
    }
    return item;
}
