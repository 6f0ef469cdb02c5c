/*
 * broadcast.c - one ring, per-receiver positions, one list of caught-up
 * receivers woken by every send.
 */
#include "ac/broadcast.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "waitq.h"

struct ac_broadcast {
    ac_spinlock lock;
    size_t elem_size, capacity;
    uint64_t tail; /* sequence number the next send gets */
    size_t senders, receivers;
    ac_wait_list waiters;
    _Alignas(16) unsigned char ring[];
};

int ac_broadcast_new(size_t elem_size, size_t capacity, ac_broadcast_tx *tx, ac_broadcast_rx *rx)
{
    if (elem_size == 0 || capacity == 0)
        return -EINVAL;
    ac_broadcast *c = calloc(1, sizeof *c + elem_size * capacity);
    if (c == NULL)
        return -ENOMEM;
    ac__spin_init(&c->lock);
    c->elem_size = elem_size;
    c->capacity = capacity;
    c->senders = c->receivers = 1;
    tx->chan = c;
    *rx = (ac_broadcast_rx){.chan = c, .next = 0};
    return 0;
}

ac_broadcast_tx ac_broadcast_tx_clone(const ac_broadcast_tx *tx)
{
    ac_broadcast *c = tx->chan;
    ac__spin_lock(&c->lock);
    c->senders++;
    ac__spin_unlock(&c->lock);
    return (ac_broadcast_tx){c};
}

ac_broadcast_rx ac_broadcast_subscribe(const ac_broadcast_tx *tx)
{
    ac_broadcast *c = tx->chan;
    ac__spin_lock(&c->lock);
    c->receivers++;
    ac_broadcast_rx rx = {.chan = c, .next = c->tail};
    ac__spin_unlock(&c->lock);
    return rx;
}

/* Wake every waiting receiver (a wake step: they are all caught up). */
void ac_broadcast_tx_close(ac_broadcast_tx *tx)
{
    ac_broadcast *c = tx->chan;
    if (c == NULL)
        return;
    tx->chan = NULL;
    ac__wake_list wl = {.n = 0};
    ac__spin_lock(&c->lock);
    bool last_sender = --c->senders == 0, free_it = last_sender && c->receivers == 0;
    ac__unlock_and_wake(&c->lock, last_sender ? ac__wait_list_grant_all_step : NULL, &c->waiters, &wl);
    if (free_it)
        free(c);
}

void ac_broadcast_rx_close(ac_broadcast_rx *rx)
{
    ac_broadcast *c = rx->chan;
    if (c == NULL)
        return;
    rx->chan = NULL;
    ac__spin_lock(&c->lock);
    bool free_it = --c->receivers == 0 && c->senders == 0;
    ac__spin_unlock(&c->lock);
    if (free_it)
        free(c);
}

int ac_broadcast_send(ac_broadcast_tx *tx, const void *value)
{
    ac_broadcast *c = tx->chan;
    ac__wake_list wl = {.n = 0};
    ac__spin_lock(&c->lock);
    if (c->receivers == 0) {
        ac__spin_unlock(&c->lock);
        return -EPIPE;
    }
    memcpy(c->ring + (c->tail % c->capacity) * c->elem_size, value, c->elem_size);
    c->tail++;
    ac__unlock_and_wake(&c->lock, ac__wait_list_grant_all_step, &c->waiters, &wl);
    return 0;
}

/* Under the lock: 0, -EOVERFLOW, -EPIPE, or -EAGAIN (nothing new yet). */
static int take(ac_broadcast *c, ac_broadcast_rx *rx, void *out, uint64_t *missed)
{
    uint64_t oldest = c->tail > c->capacity ? c->tail - c->capacity : 0;
    if (rx->next < oldest) {
        *missed = oldest - rx->next;
        rx->next = oldest;
        return -EOVERFLOW;
    }
    if (rx->next < c->tail) {
        memcpy(out, c->ring + (rx->next % c->capacity) * c->elem_size, c->elem_size);
        rx->next++;
        return 0;
    }
    return c->senders == 0 ? -EPIPE : -EAGAIN;
}

int ac_broadcast_try_recv(ac_broadcast_rx *rx, void *out, uint64_t *missed)
{
    ac_broadcast *c = rx->chan;
    uint64_t m = 0;
    ac__spin_lock(&c->lock);
    int r = take(c, rx, out, &m);
    ac__spin_unlock(&c->lock);
    if (missed != NULL)
        *missed = m;
    return r;
}

static ac_poll recv_poll(ac_future *self, ac_context *cx)
{
    ac_broadcast_recv_fut *f = (ac_broadcast_recv_fut *)self;
    ac_broadcast *c = f->rx->chan;
    ac_waker stale = {0};
    ac__spin_lock(&c->lock);
    if (f->node.state == AC_WAIT_GRANTED)
        f->node.state = AC_WAIT_IDLE; /* woken by a send: look again */
    int r = take(c, f->rx, f->out, &f->missed);
    if (r == -EAGAIN) {
        if (f->node.state == AC_WAIT_QUEUED) {
            ac__waker_keep(&f->node.waker, cx->waker, &stale);
        } else {
            f->node.state = AC_WAIT_QUEUED;
            f->node.waker = ac_waker_clone(cx->waker);
            ac__wait_push(&c->waiters, &f->node);
        }
    } else if (f->node.state == AC_WAIT_QUEUED) { /* polled early: leave the list */
        ac__wait_unlink(&c->waiters, &f->node);
        stale = f->node.waker;
        f->node.waker.vtable = NULL;
        f->node.state = AC_WAIT_IDLE;
    }
    ac__spin_unlock(&c->lock);
    ac__waker_release(&stale);
    if (r == -EAGAIN)
        return AC_PENDING;
    f->result = r;
    return AC_READY;
}

static void recv_drop(ac_future *self)
{
    ac_broadcast_recv_fut *f = (ac_broadcast_recv_fut *)self;
    ac_broadcast *c = f->rx->chan;
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

static const ac_future_vtable recv_vtable = {
    .name = "broadcast_recv", .poll = recv_poll, .drop = recv_drop, AC_OUTPUT(ac_broadcast_recv_fut, result)};

ac_broadcast_recv_fut ac_broadcast_recv(ac_broadcast_rx *rx, void *out)
{
    return (ac_broadcast_recv_fut){
        .base = {&recv_vtable}, .rx = rx, .out = out, .node = {.state = AC_WAIT_IDLE}};
}
