/*
 * deque.h - layer 6: the fixed-size lock-free work-stealing deque (after
 * Chase and Lev, with the C11 orderings of Le, Pop, Cohen and Zappa
 * Nardelli, "Correct and efficient work-stealing for weak memory models").
 *
 *            thieves steal here                 the owner pushes and takes here
 *                   |                                          |
 *                   v                                          v
 *   slots:  ... [ top ] [top+1] [ ... ] [bottom-1] [ bottom: next free ] ...
 *                                 (indices grow forever; slot = index & mask)
 *
 * One thread, the owner, calls push and take; any thread may call steal
 * (the owner too: the runtime takes its OLDEST task that way, for
 * fairness).  `top` and `bottom` are 64-bit and only ever grow, so a CAS
 * on top can never succeed on a recycled value (no ABA).
 *
 * The ring never grows: push says "full" and the caller moves work
 * elsewhere (the runtime overflows half its queue to the global
 * injector).  So no buffer is ever freed while a thief may still be
 * reading it, the hard part of the resizable original.
 *
 * Items are opaque non-NULL pointers (the runtime stores ac_task *).
 */
#ifndef AC_DEQUE_H
#define AC_DEQUE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ac__deque {
    /* thieves' end; on its own cache line: every steal CASes it */
    _Alignas(64) _Atomic int64_t top;
    /* owner's end; written only by the owner */
    _Alignas(64) _Atomic int64_t bottom;
    int64_t mask;          /* capacity - 1 (capacity: a power of two) */
    _Atomic(void *) *slot; /* atomic slots: a losing thief may read one the owner rewrites */
} ac__deque;

/* What a steal found. */
typedef enum ac__steal_result {
    AC__STEAL_EMPTY, /* nothing there */
    AC__STEAL_LOST,  /* raced another thief or the owner: try again */
    AC__STEAL_OK,    /* *out holds the item */
} ac__steal_result;

/* capacity must be a power of two >= 2; 0 or -ENOMEM/-EINVAL. */
int ac__deque_init(ac__deque *d, size_t capacity);
/* Free the ring; the deque must be empty or its items owned elsewhere. */
void ac__deque_free(ac__deque *d);

/* Owner only.  False when the ring is full (nothing was pushed). */
bool ac__deque_push(ac__deque *d, void *item);
/* Owner only: the newest item (LIFO), or NULL when empty. */
void *ac__deque_take(ac__deque *d);
/* Any thread: the oldest item (FIFO). */
ac__steal_result ac__deque_steal(ac__deque *d, void **out);

/* Owner only: claim up to `max` of the oldest items with ONE CAS of top
 * (a full ring spilling half elsewhere); returns how many are in out[]. */
size_t ac__deque_take_oldest(ac__deque *d, void **out, size_t max);

/* Any thread except the owner of `from`, which must own `into`: move up
 * to half of `from`'s items (rounded up, at most what `into` has room
 * for) into `into`, and return one of them directly (NULL: none).  One
 * CAS per item; see deque.c for why not one CAS for the batch. */
void *ac__deque_steal_half(ac__deque *from, ac__deque *into, size_t *moved);

/* A snapshot, exact only when nobody else is touching the deque. */
static inline size_t ac__deque_len(ac__deque *d)
{
    int64_t b = atomic_load_explicit(&d->bottom, memory_order_relaxed);
    int64_t t = atomic_load_explicit(&d->top, memory_order_relaxed);
    return b > t ? (size_t)(b - t) : 0;
}

static inline size_t ac__deque_capacity(const ac__deque *d) { return (size_t)d->mask + 1; }

#endif
