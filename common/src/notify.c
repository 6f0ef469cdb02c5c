/*
 * notify.c - one permit, one generation counter and a FIFO of waiters.
 *
 * A node's `need` field (unused otherwise) records the generation it was
 * queued in: notify_waiters wakes only nodes older than its own call, even
 * when it has to drop the lock halfway through a long list.
 * State AC_WAIT_GRANTED means "chosen by notify_one" (to be passed on if
 * dropped); AC_WAIT_CLOSED means "woken by notify_waiters" (not passed on).
 */
#include "ac/notify.h"

#include <stdio.h>
#include <stdlib.h>

#include "waitq.h"

void ac_notify_init(ac_notify *n)
{
    ac__spin_init(&n->lock);
    n->permit = false;
    atomic_init(&n->generation, 0);
    n->waiters = (ac_wait_list){0};
}

void ac_notify_destroy(ac_notify *n)
{
    if (n->waiters.head != NULL) {
        fprintf(stderr, "ac_notify_destroy: futures still wait on it\n");
        abort();
    }
}

/* Under the lock: wake the head waiter, or store the permit. */
static void notify_one_locked(ac_notify *n, ac__wake_list *wl)
{
    ac_wait_node *w = n->waiters.head;
    if (w == NULL) {
        n->permit = true;
        return;
    }
    ac__wait_unlink(&n->waiters, w);
    w->state = AC_WAIT_GRANTED;
    ac__wake_list_take(wl, &w->waker);
}

void ac_notify_one(ac_notify *n)
{
    ac__wake_list wl = {.n = 0};
    ac__spin_lock(&n->lock);
    notify_one_locked(n, &wl);
    ac__unlock_and_wake(&n->lock, NULL, NULL, &wl);
}

static bool notify_all_step(void *obj, ac__wake_list *wl)
{
    ac_notify *n = obj;
    uint64_t gen = atomic_load_explicit(&n->generation, memory_order_relaxed);
    ac_wait_node *w;
    while ((w = n->waiters.head) != NULL && w->need < gen) {
        if (ac__wake_list_full(wl))
            return true;
        ac__wait_unlink(&n->waiters, w);
        w->state = AC_WAIT_CLOSED;
        ac__wake_list_take(wl, &w->waker);
    }
    return false;
}

void ac_notify_waiters(ac_notify *n)
{
    ac__wake_list wl = {.n = 0};
    ac__spin_lock(&n->lock);
    atomic_fetch_add_explicit(&n->generation, 1, memory_order_release);
    ac__unlock_and_wake(&n->lock, notify_all_step, n, &wl);
}

static ac_poll notified_poll(ac_future *self, ac_context *cx)
{
    ac_notified *f = (ac_notified *)self;
    ac_notify *n = f->notify;
    ac_waker stale = {0};
    bool ready = true;
    ac__spin_lock(&n->lock);
    switch (f->node.state) {
    case AC_WAIT_IDLE:
        if (n->permit) {
            n->permit = false;
        } else if (atomic_load_explicit(&n->generation, memory_order_relaxed) != f->generation) {
            /* a notify_waiters came after we were created */
        } else {
            f->node.need = (size_t)f->generation;
            f->node.state = AC_WAIT_QUEUED;
            f->node.waker = ac_waker_clone(cx->waker);
            ac__wait_push(&n->waiters, &f->node);
            ready = false;
        }
        break;
    case AC_WAIT_QUEUED:
        ac__waker_keep(&f->node.waker, cx->waker, &stale);
        ready = false;
        break;
    default: /* GRANTED or CLOSED: we were notified */
        f->node.state = AC_WAIT_IDLE;
        break;
    }
    if (ready) /* once Ready, a later notify_waiters is not ours */
        f->generation = UINT64_MAX;
    ac__spin_unlock(&n->lock);
    ac__waker_release(&stale);
    return ready ? AC_READY : AC_PENDING;
}

static void notified_drop(ac_future *self)
{
    ac_notified *f = (ac_notified *)self;
    ac_notify *n = f->notify;
    ac_waker stale = {0};
    ac__wake_list wl = {.n = 0};
    ac__spin_lock(&n->lock);
    if (f->node.state == AC_WAIT_QUEUED) {
        ac__wait_unlink(&n->waiters, &f->node);
        stale = f->node.waker;
        f->node.waker.vtable = NULL;
    } else if (f->node.state == AC_WAIT_GRANTED) {
        notify_one_locked(n, &wl); /* the notify_one we swallowed goes on */
    }
    f->node.state = AC_WAIT_IDLE;
    ac__unlock_and_wake(&n->lock, NULL, NULL, &wl);
    ac__waker_release(&stale);
}

static const ac_future_vtable notified_vtable = {
    .name = "notified", .poll = notified_poll, .drop = notified_drop};

ac_notified ac_notify_notified(ac_notify *n)
{
    return (ac_notified){.base = {&notified_vtable},
                         .notify = n,
                         .generation = atomic_load_explicit(&n->generation, memory_order_acquire),
                         .node = {.state = AC_WAIT_IDLE}};
}
