/*
 * waitq.c - the lock's slow path, waking batches, and the FIFO semaphore
 * core shared by sync.c and mpsc.c.
 */
#include "waitq.h"

#include <errno.h>

#if defined(__x86_64__) || defined(__i386__)
#define CPU_RELAX() __builtin_ia32_pause()
#else
#define CPU_RELAX() ((void)0)
#endif

/* Spin a little (the holder is inside a few instructions), then yield:
 * on a loaded machine the holder may have been preempted, and spinning
 * would only keep it off the CPU. */
void ac__spin_lock_slow(ac_spinlock *l)
{
    for (unsigned spins = 0;; spins++) {
        if (!atomic_load_explicit(&l->held, memory_order_relaxed) &&
            !atomic_exchange_explicit(&l->held, true, memory_order_acquire))
            return;
        if (spins < 64)
            CPU_RELAX();
        else
            sched_yield();
    }
}

void ac__wake_list_wake(ac__wake_list *wl)
{
    for (unsigned i = 0; i < wl->n; i++)
        ac_waker_wake(&wl->w[i]);
    wl->n = 0;
}

void ac__unlock_and_wake(ac_spinlock *lock, ac__wake_step step, void *obj, ac__wake_list *wl)
{
    while (step != NULL && step(obj, wl)) {
        ac__spin_unlock(lock);
        ac__wake_list_wake(wl);
        ac__spin_lock(lock);
    }
    ac__spin_unlock(lock);
    ac__wake_list_wake(wl);
}

bool ac__permits_poll(ac_permits *p, ac_wait_node *n, size_t need, const ac_waker *w, ac_waker *stale,
                      int *result)
{
    switch (n->state) {
    case AC_WAIT_IDLE:
        if (p->closed) {
            *result = -EPIPE;
            return true;
        }
        if (ac__permits_try(p, need)) {
            *result = 0;
            return true;
        }
        n->need = need;
        n->state = AC_WAIT_QUEUED;
        n->waker = ac_waker_clone(w);
        ac__wait_push(&p->waiters, n);
        return false;
    case AC_WAIT_QUEUED:
        ac__waker_keep(&n->waker, w, stale);
        return false;
    case AC_WAIT_GRANTED:
        n->state = AC_WAIT_IDLE;
        *result = 0;
        return true;
    case AC_WAIT_CLOSED:
    default:
        n->state = AC_WAIT_IDLE;
        *result = -EPIPE;
        return true;
    }
}

bool ac__permits_grant_step(void *permits, ac__wake_list *wl)
{
    ac_permits *p = permits;
    ac_wait_node *n;
    while ((n = p->waiters.head) != NULL && p->available >= n->need) {
        if (ac__wake_list_full(wl))
            return true;
        p->available -= n->need;
        ac__wait_unlink(&p->waiters, n);
        n->state = AC_WAIT_GRANTED;
        ac__wake_list_take(wl, &n->waker);
    }
    return false;
}

bool ac__wait_list_grant_all_step(void *waiters, ac__wake_list *wl)
{
    ac_wait_list *q = waiters;
    ac_wait_node *n;
    while ((n = q->head) != NULL) {
        if (ac__wake_list_full(wl))
            return true;
        ac__wait_unlink(q, n);
        n->state = AC_WAIT_GRANTED;
        ac__wake_list_take(wl, &n->waker);
    }
    return false;
}

bool ac__permits_close_step(void *permits, ac__wake_list *wl)
{
    ac_permits *p = permits;
    p->closed = true;
    ac_wait_node *n;
    while ((n = p->waiters.head) != NULL) {
        if (ac__wake_list_full(wl))
            return true;
        ac__wait_unlink(&p->waiters, n);
        n->state = AC_WAIT_CLOSED;
        ac__wake_list_take(wl, &n->waker);
    }
    return false;
}

void ac__permits_forget(ac_permits *p, ac_wait_node *n, ac_waker *stale)
{
    if (n->state == AC_WAIT_QUEUED) {
        ac__wait_unlink(&p->waiters, n);
        *stale = n->waker;
        n->waker.vtable = NULL;
    } else if (n->state == AC_WAIT_GRANTED) {
        p->available += n->need; /* handed to us, never reported: pass it on */
    }
    n->state = AC_WAIT_IDLE;
}
