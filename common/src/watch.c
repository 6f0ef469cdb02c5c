/*
 * watch.c - one value, a version counter, and the receivers waiting for
 * the version to move.
 */
#include "ac/watch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "waitq.h"

struct ac_watch {
    ac_spinlock lock;
    size_t elem_size;
    uint64_t version;
    bool tx_open;
    size_t receivers;
    ac_wait_list waiters;
    _Alignas(16) unsigned char value[];
};

int ac_watch_new(size_t elem_size, const void *initial, ac_watch_tx *tx, ac_watch_rx *rx)
{
    if (elem_size == 0)
        return -EINVAL;
    ac_watch *c = calloc(1, sizeof *c + elem_size);
    if (c == NULL)
        return -ENOMEM;
    ac__spin_init(&c->lock);
    c->elem_size = elem_size;
    c->tx_open = true;
    c->receivers = 1;
    memcpy(c->value, initial, elem_size);
    tx->chan = c;
    *rx = (ac_watch_rx){.chan = c, .seen = 0};
    return 0;
}

ac_watch_rx ac_watch_rx_clone(const ac_watch_rx *rx)
{
    ac_watch *c = rx->chan;
    ac__spin_lock(&c->lock);
    c->receivers++;
    ac__spin_unlock(&c->lock);
    return *rx;
}

void ac_watch_tx_close(ac_watch_tx *tx)
{
    ac_watch *c = tx->chan;
    if (c == NULL)
        return;
    tx->chan = NULL;
    ac__wake_list wl = {.n = 0};
    ac__spin_lock(&c->lock);
    c->tx_open = false;
    bool free_it = c->receivers == 0;
    ac__unlock_and_wake(&c->lock, ac__wait_list_grant_all_step, &c->waiters, &wl);
    if (free_it)
        free(c);
}

void ac_watch_rx_close(ac_watch_rx *rx)
{
    ac_watch *c = rx->chan;
    if (c == NULL)
        return;
    rx->chan = NULL;
    ac__spin_lock(&c->lock);
    bool free_it = --c->receivers == 0 && !c->tx_open;
    ac__spin_unlock(&c->lock);
    if (free_it)
        free(c);
}

int ac_watch_send(ac_watch_tx *tx, const void *value)
{
    ac_watch *c = tx->chan;
    ac__wake_list wl = {.n = 0};
    ac__spin_lock(&c->lock);
    if (c->receivers == 0) {
        ac__spin_unlock(&c->lock);
        return -EPIPE;
    }
    memcpy(c->value, value, c->elem_size);
    c->version++;
    ac__unlock_and_wake(&c->lock, ac__wait_list_grant_all_step, &c->waiters, &wl);
    return 0;
}

void ac_watch_borrow(ac_watch_rx *rx, void *out)
{
    ac_watch *c = rx->chan;
    ac__spin_lock(&c->lock);
    memcpy(out, c->value, c->elem_size);
    rx->seen = c->version;
    ac__spin_unlock(&c->lock);
}

bool ac_watch_has_changed(const ac_watch_rx *rx)
{
    ac_watch *c = rx->chan;
    ac__spin_lock(&c->lock);
    bool changed = c->version != rx->seen;
    ac__spin_unlock(&c->lock);
    return changed;
}

static ac_poll changed_poll(ac_future *self, ac_context *cx)
{
    ac_watch_changed_fut *f = (ac_watch_changed_fut *)self;
    ac_watch *c = f->rx->chan;
    ac_waker stale = {0};
    bool ready = true;
    ac__spin_lock(&c->lock);
    if (f->node.state == AC_WAIT_GRANTED)
        f->node.state = AC_WAIT_IDLE;
    if (c->version != f->rx->seen) {
        f->rx->seen = c->version;
        f->result = 0;
    } else if (!c->tx_open) {
        f->result = -EPIPE;
    } else {
        ready = false;
        if (f->node.state == AC_WAIT_QUEUED) {
            ac__waker_keep(&f->node.waker, cx->waker, &stale);
        } else {
            f->node.state = AC_WAIT_QUEUED;
            f->node.waker = ac_waker_clone(cx->waker);
            ac__wait_push(&c->waiters, &f->node);
        }
    }
    if (ready && f->node.state == AC_WAIT_QUEUED) { /* polled early: leave the list */
        ac__wait_unlink(&c->waiters, &f->node);
        stale = f->node.waker;
        f->node.waker.vtable = NULL;
        f->node.state = AC_WAIT_IDLE;
    }
    ac__spin_unlock(&c->lock);
    ac__waker_release(&stale);
    return ready ? AC_READY : AC_PENDING;
}

static void changed_drop(ac_future *self)
{
    ac_watch_changed_fut *f = (ac_watch_changed_fut *)self;
    ac_watch *c = f->rx->chan;
    ac_waker stale = {0};
    ac__spin_lock(&c->lock);
    if (f->node.state == AC_WAIT_QUEUED) {
        ac__wait_unlink(&c->waiters, &f->node);
        stale = f->node.waker;
        f->node.waker.vtable = NULL;
    }
    f->node.state = AC_WAIT_IDLE;
    ac__spin_unlock(&c->lock);
    ac__waker_release(&stale);
}

static const ac_future_vtable changed_vtable = {.name = "watch_changed",
                                                .poll = changed_poll,
                                                .drop = changed_drop,
                                                AC_OUTPUT(ac_watch_changed_fut, result)};

ac_watch_changed_fut ac_watch_changed(ac_watch_rx *rx)
{
    return (ac_watch_changed_fut){.base = {&changed_vtable}, .rx = rx, .node = {.state = AC_WAIT_IDLE}};
}
