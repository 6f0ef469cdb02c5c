/*
 * given_ring.c - the parts of the teaching ring the lesson gives you:
 * set-up, a length estimate, and the thief's side (ring_steal).
 */
#include "lesson.h"

void ring_init(ring *r)
{
    atomic_init(&r->top, 0);
    atomic_init(&r->bottom, 0);
    for (int i = 0; i < RING_CAP; i++)
        atomic_init(&r->slot[i], RING_EMPTY);
}

int64_t ring_len(ring *r)
{
    int64_t t = atomic_load_explicit(&r->top, memory_order_acquire);
    int64_t b = atomic_load_explicit(&r->bottom, memory_order_acquire);
    return b > t ? b - t : 0;
}

/*
 * Why the order: read top, then (after a full fence) bottom.  The owner's
 * pop writes bottom, fences, then reads top; the two fences mean at least
 * one side sees the other, so thief and owner never both take the last
 * item without one of them losing the CAS below.
 */
int ring_steal(ring *r)
{
    int64_t t = atomic_load_explicit(&r->top, memory_order_acquire);
    atomic_thread_fence(memory_order_seq_cst);
    int64_t b = atomic_load_explicit(&r->bottom, memory_order_acquire);
    if (t >= b)
        return RING_EMPTY;
    /* read before the CAS: once top moves past it the owner may reuse the slot */
    int item = atomic_load_explicit(&r->slot[t & RING_MASK], memory_order_relaxed);
    if (!atomic_compare_exchange_strong_explicit(&r->top, &t, t + 1, memory_order_seq_cst,
                                                 memory_order_relaxed))
        return RING_ABORT;
    return item;
}
