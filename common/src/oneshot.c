/*
 * oneshot.c - one value, one waker slot, two halves sharing one block.
 */
#include "ac/oneshot.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "waitq.h"

enum {
    TX_OPEN = 1u << 0,
    RX_OPEN = 1u << 1,
    HAS_VALUE = 1u << 2, /* sent and not yet received */
};

struct ac_oneshot {
    ac_spinlock lock;
    unsigned state;
    ac_waker rx_waker; /* vtable NULL: nobody waits */
    size_t elem_size;
    _Alignas(16) unsigned char value[];
};

int ac_oneshot_new(size_t elem_size, ac_oneshot_tx *tx, ac_oneshot_rx *rx)
{
    if (elem_size == 0)
        return -EINVAL;
    ac_oneshot *c = malloc(sizeof *c + elem_size);
    if (c == NULL)
        return -ENOMEM;
    ac__spin_init(&c->lock);
    c->state = TX_OPEN | RX_OPEN;
    c->rx_waker.vtable = NULL;
    c->elem_size = elem_size;
    tx->chan = c;
    rx->chan = c;
    return 0;
}

/* Under the lock: clear `half`; true when that was the last one. */
static bool let_go(ac_oneshot *c, unsigned half) { return ((c->state &= ~half) & (TX_OPEN | RX_OPEN)) == 0; }

/* Close the sender with or without a value; wake the receiver after unlocking. */
static int finish_tx(ac_oneshot_tx *tx, const void *value)
{
    ac_oneshot *c = tx->chan;
    tx->chan = NULL;
    int r = 0;
    ac__spin_lock(&c->lock);
    if (value != NULL) {
        if (c->state & RX_OPEN) {
            memcpy(c->value, value, c->elem_size);
            c->state |= HAS_VALUE;
        } else {
            r = -EPIPE;
        }
    }
    ac_waker w = c->rx_waker;
    c->rx_waker.vtable = NULL;
    bool last = let_go(c, TX_OPEN);
    ac__spin_unlock(&c->lock);
    if (w.vtable != NULL)
        ac_waker_wake(&w);
    if (last)
        free(c);
    return r;
}

int ac_oneshot_send(ac_oneshot_tx *tx, const void *value) { return finish_tx(tx, value); }

void ac_oneshot_tx_close(ac_oneshot_tx *tx)
{
    if (tx->chan != NULL)
        finish_tx(tx, NULL);
}

bool ac_oneshot_tx_is_closed(const ac_oneshot_tx *tx)
{
    ac_oneshot *c = tx->chan;
    if (c == NULL)
        return true;
    ac__spin_lock(&c->lock);
    bool closed = !(c->state & RX_OPEN);
    ac__spin_unlock(&c->lock);
    return closed;
}

/* Under the lock: 0 and the value, -EPIPE, or -EAGAIN. */
static int take(ac_oneshot *c, void *out)
{
    if (c->state & HAS_VALUE) {
        memcpy(out, c->value, c->elem_size);
        c->state &= ~HAS_VALUE;
        return 0;
    }
    return (c->state & TX_OPEN) ? -EAGAIN : -EPIPE;
}

static ac_poll recv_poll(ac_future *self, ac_context *cx)
{
    ac_oneshot_recv_fut *f = (ac_oneshot_recv_fut *)self;
    ac_oneshot *c = f->chan;
    ac_waker stale = {0};
    ac__spin_lock(&c->lock);
    int r = take(c, f->out);
    if (r == -EAGAIN)
        ac__waker_keep(&c->rx_waker, cx->waker, &stale);
    ac__spin_unlock(&c->lock);
    ac__waker_release(&stale);
    if (r == -EAGAIN)
        return AC_PENDING;
    f->result = r;
    return AC_READY;
}

/* Leave no waker behind: a later send must not wake a task that stopped waiting. */
static void recv_drop(ac_future *self)
{
    ac_oneshot *c = ((ac_oneshot_recv_fut *)self)->chan;
    ac__spin_lock(&c->lock);
    ac_waker w = c->rx_waker;
    c->rx_waker.vtable = NULL;
    ac__spin_unlock(&c->lock);
    ac__waker_release(&w);
}

static const ac_future_vtable recv_vtable = {
    .name = "oneshot_recv", .poll = recv_poll, .drop = recv_drop, AC_OUTPUT(ac_oneshot_recv_fut, result)};

ac_oneshot_recv_fut ac_oneshot_recv(ac_oneshot_rx *rx, void *out)
{
    return (ac_oneshot_recv_fut){.base = {&recv_vtable}, .chan = rx->chan, .out = out};
}

int ac_oneshot_try_recv(ac_oneshot_rx *rx, void *out)
{
    ac_oneshot *c = rx->chan;
    ac__spin_lock(&c->lock);
    int r = take(c, out);
    ac__spin_unlock(&c->lock);
    return r;
}

void ac_oneshot_rx_close(ac_oneshot_rx *rx)
{
    ac_oneshot *c = rx->chan;
    if (c == NULL)
        return;
    rx->chan = NULL;
    ac__spin_lock(&c->lock);
    ac_waker w = c->rx_waker;
    c->rx_waker.vtable = NULL;
    bool last = let_go(c, RX_OPEN);
    ac__spin_unlock(&c->lock);
    ac__waker_release(&w);
    if (last)
        free(c);
}
