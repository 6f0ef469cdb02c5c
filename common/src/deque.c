/*
 * deque.c - the Chase-Lev work-stealing ring (deque.h).  Every atomic
 * access says which ordering it uses and why.
 */
#include "deque.h"

#include <errno.h>
#include <stdlib.h>

int ac__deque_init(ac__deque *d, size_t capacity)
{
    if (capacity < 2 || (capacity & (capacity - 1)) != 0)
        return -EINVAL;
    d->slot = calloc(capacity, sizeof *d->slot);
    if (d->slot == NULL)
        return -ENOMEM;
    d->mask = (int64_t)capacity - 1;
    atomic_init(&d->top, 0);
    atomic_init(&d->bottom, 0);
    return 0;
}

void ac__deque_free(ac__deque *d)
{
    free(d->slot);
    d->slot = NULL;
}

bool ac__deque_push(ac__deque *d, void *item)
{
    /* relaxed: only this thread writes bottom */
    int64_t b = atomic_load_explicit(&d->bottom, memory_order_relaxed);
    /* acquire: pairs with the thief's CAS on top.  Once we see top moved
     * past a slot, the thief's read of that slot happened before, so we may
     * overwrite it.  A stale (smaller) top only makes us think we are fuller. */
    int64_t t = atomic_load_explicit(&d->top, memory_order_acquire);
    if (b - t > d->mask)
        return false; /* full: the caller overflows elsewhere */
    /* relaxed: published by the release store of bottom just below */
    atomic_store_explicit(&d->slot[b & d->mask], item, memory_order_relaxed);
    /* release: a thief that reads the new bottom (acquire) sees the item */
    atomic_store_explicit(&d->bottom, b + 1, memory_order_release);
    return true;
}

void *ac__deque_take(ac__deque *d)
{
    /* Reserve the newest slot by lowering bottom first, THEN look at top. */
    int64_t b = atomic_load_explicit(&d->bottom, memory_order_relaxed) - 1;
    atomic_store_explicit(&d->bottom, b, memory_order_relaxed);
    /* seq_cst fence: the store of bottom above and a thief's load of bottom
     * (after ITS fence) cannot both miss each other.  Without it the owner
     * could read an old top while a thief reads an old bottom, and both
     * would take the last item (store buffering). */
    atomic_thread_fence(memory_order_seq_cst);
    int64_t t = atomic_load_explicit(&d->top, memory_order_relaxed);
    if (t > b) { /* it was empty: put bottom back */
        atomic_store_explicit(&d->bottom, b + 1, memory_order_relaxed);
        return NULL;
    }
    /* relaxed: we wrote this slot ourselves */
    void *item = atomic_load_explicit(&d->slot[b & d->mask], memory_order_relaxed);
    if (t == b) {
        /* The last item: thieves may be after it too; whoever moves top
         * gets it.  seq_cst: part of the same total order as the fence.
         * Either way the deque is now empty and bottom goes back to t+1. */
        if (!atomic_compare_exchange_strong_explicit(&d->top, &t, t + 1, memory_order_seq_cst,
                                                     memory_order_relaxed))
            item = NULL; /* a thief won it */
        atomic_store_explicit(&d->bottom, b + 1, memory_order_relaxed);
    }
    return item;
}

ac__steal_result ac__deque_steal(ac__deque *d, void **out)
{
    /* acquire: if another thief moved top, what it saw is visible to us */
    int64_t t = atomic_load_explicit(&d->top, memory_order_acquire);
    /* seq_cst fence: the other half of take's fence (see there) */
    atomic_thread_fence(memory_order_seq_cst);
    /* acquire: pairs with push's release, so the slot below holds the item */
    int64_t b = atomic_load_explicit(&d->bottom, memory_order_acquire);
    if (t >= b)
        return AC__STEAL_EMPTY;
    /* relaxed, and atomic on purpose: if we lose the CAS below, the owner
     * may be rewriting this slot right now; we read a value we then throw
     * away.  If we win it, push could not have reused the slot (it sees
     * top <= t and the ring full before it wraps onto slot t). */
    void *item = atomic_load_explicit(&d->slot[t & d->mask], memory_order_relaxed);
    /* seq_cst: ordered with take's fence and CAS, so exactly one of us
     * moves top past t.  Failure relaxed: we just report the race. */
    if (!atomic_compare_exchange_strong_explicit(&d->top, &t, t + 1, memory_order_seq_cst,
                                                 memory_order_relaxed))
        return AC__STEAL_LOST;
    *out = item;
    return AC__STEAL_OK;
}

/*
 * Why one CAS per item: a thief that claimed k items with ONE CAS of top
 * (t -> t+k) races the owner's take differently from a one-item steal.
 * take only CASes for the very last item (t == b); for k = 2 the owner can
 * take slot t+1 without any CAS while the thief's batch CAS also succeeds,
 * and both run that item.  (tokio avoids this because its owner also pops
 * from the top, with a CAS.)  Stealing one at a time keeps every move a
 * plain Chase-Lev steal, which take is proven against.
 */
void *ac__deque_steal_half(ac__deque *from, ac__deque *into, size_t *moved)
{
    size_t n = (ac__deque_len(from) + 1) / 2;
    size_t room = ac__deque_capacity(into) - ac__deque_len(into);
    if (n > room + 1)
        n = room + 1; /* one comes back to the caller, the rest must fit */
    void *first = NULL;
    size_t got = 0;
    while (got < n) {
        void *item;
        ac__steal_result r = ac__deque_steal(from, &item);
        if (r == AC__STEAL_EMPTY)
            break;
        if (r == AC__STEAL_LOST)
            continue; /* someone else moved top: the next slot is ours to try */
        if (first == NULL)
            first = item;
        else
            (void)ac__deque_push(into, item); /* room was checked above; we own `into` */
        got++;
    }
    if (moved != NULL)
        *moved = got;
    return first;
}

/*
 * The batch CAS that steal_half may not use IS safe for the owner: the
 * race above needs the owner's take running at the same time as the
 * batch claim, and here the owner is the one claiming.  Thieves only ever
 * move top by one with a CAS, so whoever CASes top first wins its slots;
 * the slots are read before the CAS, and only the owner (us) rewrites
 * slots, so what we read is still there when the CAS succeeds.
 */
size_t ac__deque_take_oldest(ac__deque *d, void **out, size_t max)
{
    /* acquire: as in steal, what a thief that moved top saw is visible */
    int64_t t = atomic_load_explicit(&d->top, memory_order_acquire);
    for (;;) {
        /* relaxed: only this thread writes bottom */
        int64_t b = atomic_load_explicit(&d->bottom, memory_order_relaxed);
        if (t >= b)
            return 0;
        size_t n = (size_t)(b - t) < max ? (size_t)(b - t) : max;
        for (size_t i = 0; i < n; i++) /* relaxed: our own writes */
            out[i] = atomic_load_explicit(&d->slot[(t + (int64_t)i) & d->mask], memory_order_relaxed);
        /* seq_cst: in the same total order as the thieves' CASes and take's
         * fence; on failure (a thief took the oldest) t holds the new top,
         * acquire as the first load */
        if (atomic_compare_exchange_strong_explicit(&d->top, &t, t + (int64_t)n, memory_order_seq_cst,
                                                    memory_order_acquire))
            return n;
    }
}
