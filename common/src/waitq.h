/*
 * waitq.h - private to layer 4: the lock, the wait list and the batch of
 * wakers that every channel and sync primitive uses (types: ac/waitlist.h).
 *
 * The one rule they all keep: wakers are collected under the lock into an
 * ac__wake_list and called after unlocking.  A batch holds AC__WAKE_BATCH
 * wakers; an operation that must wake more (notify_waiters, a broadcast
 * send, cancelling a token tree) unlocks, wakes the batch, locks again and
 * carries on: ac__unlock_and_wake() runs that loop.
 */
#ifndef AC__WAITQ_H
#define AC__WAITQ_H

#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "ac/waitlist.h"

/* ---- the lock ------------------------------------------------------------ */

void ac__spin_lock_slow(ac_spinlock *l);

static inline void ac__spin_init(ac_spinlock *l) { atomic_init(&l->held, false); }

static inline void ac__spin_lock(ac_spinlock *l)
{
    if (!atomic_exchange_explicit(&l->held, true, memory_order_acquire))
        return;
    ac__spin_lock_slow(l);
}

/* One attempt, no waiting: lets a hot path stay a leaf function and leave
 * contention to its slow path. */
static inline bool ac__spin_try_lock(ac_spinlock *l)
{
    return !atomic_exchange_explicit(&l->held, true, memory_order_acquire);
}

static inline void ac__spin_unlock(ac_spinlock *l)
{
    atomic_store_explicit(&l->held, false, memory_order_release);
}

/* ---- the intrusive FIFO -------------------------------------------------- */

static inline void ac__wait_push(ac_wait_list *q, ac_wait_node *n)
{
    n->next = NULL;
    n->prev = q->tail;
    if (q->tail != NULL)
        q->tail->next = n;
    else
        q->head = n;
    q->tail = n;
}

static inline void ac__wait_unlink(ac_wait_list *q, ac_wait_node *n)
{
    if (n->prev != NULL)
        n->prev->next = n->next;
    else
        q->head = n->next;
    if (n->next != NULL)
        n->next->prev = n->prev;
    else
        q->tail = n->prev;
    n->prev = n->next = NULL;
}

/* Keep a clone of w in *slot, reusing the one there when it wakes the same
 * task.  The replaced clone goes to *stale: drop it after unlocking. */
static inline void ac__waker_keep(ac_waker *slot, const ac_waker *w, ac_waker *stale)
{
    if (slot->vtable != NULL && ac_waker_will_wake(slot, w))
        return;
    *stale = *slot;
    *slot = ac_waker_clone(w);
}

/* Drop a waker handed out by ac__waker_keep (outside the lock). */
static inline void ac__waker_release(ac_waker *w)
{
    if (w->vtable != NULL)
        ac_waker_drop(w);
}

/* ---- batches of wakers --------------------------------------------------- */

#define AC__WAKE_BATCH 32

typedef struct ac__wake_list {
    unsigned n;
    ac_waker w[AC__WAKE_BATCH];
} ac__wake_list;

static inline bool ac__wake_list_full(const ac__wake_list *wl) { return wl->n == AC__WAKE_BATCH; }

/* Move *w (if set) into the batch; the caller checked it is not full. */
static inline void ac__wake_list_take(ac__wake_list *wl, ac_waker *w)
{
    if (w->vtable == NULL)
        return;
    wl->w[wl->n++] = *w;
    w->vtable = NULL;
}

/* Call every waker of the batch (outside any lock) and empty it. */
void ac__wake_list_wake(ac__wake_list *wl);

/* One step of work done under `lock`: fill wl, return true while there is
 * more to do once the batch has been woken. */
typedef bool (*ac__wake_step)(void *obj, ac__wake_list *wl);

/* Called with `lock` held; returns with it released.  Runs `step` (may be
 * NULL) until it is done, waking each full batch outside the lock. */
void ac__unlock_and_wake(ac_spinlock *lock, ac__wake_step step, void *obj, ac__wake_list *wl);

/* ---- the FIFO semaphore core (under the owner's lock) -------------------- */

/* Poll a waiter for `need` permits.  Ready: *result is 0 (the permits are
 * the caller's) or -EPIPE (closed).  Pending: n is queued with a clone of
 * w; a replaced clone goes to *stale. */
bool ac__permits_poll(ac_permits *p, ac_wait_node *n, size_t need, const ac_waker *w, ac_waker *stale,
                      int *result);

/* Take `need` permits only if nobody waits and enough are free. */
static inline bool ac__permits_try(ac_permits *p, size_t need)
{
    if (p->waiters.head != NULL || p->available < need)
        return false;
    p->available -= need;
    return true;
}

/* Hand free permits to the waiters at the head of the line (a wake step
 * for ac__unlock_and_wake: pass the ac_permits as obj). */
/* A step that grants every waiter of an ac_wait_list (`waiters`), in
 * order: a close, or a new value every waiter must see. */
bool ac__wait_list_grant_all_step(void *waiters, ac__wake_list *wl);
bool ac__permits_grant_step(void *permits, ac__wake_list *wl);
/* Close: every waiter is woken with -EPIPE, later polls fail at once. */
bool ac__permits_close_step(void *permits, ac__wake_list *wl);

/* The drop of a waiter, under the lock: unlink a queued node (its waker
 * goes to *stale) or give back the permits of a granted, unreported one.
 * Then run ac__permits_grant_step: either may let the next waiter in. */
void ac__permits_forget(ac_permits *p, ac_wait_node *n, ac_waker *stale);

#endif
