/*
 * mpsc.c - a ring of fixed-size values behind one spinlock; a bounded
 * channel counts its free slots with the FIFO semaphore core (waitq.c).
 */
#include "ac/mpsc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "waitq.h"

#define UNBOUNDED_START 16 /* first ring of an unbounded channel, in values */
/* An unbounded channel counts slots too, from a start it never reaches,
 * so both kinds share one fast path (and one invariant:
 * available = bound - len - reserved). */
#define UNBOUNDED_SLOTS (SIZE_MAX / 2)

#if defined(__GNUC__)
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define COLD      __attribute__((noinline, cold))
#else
#define LIKELY(x) (x)
#define COLD
#endif

struct ac_mpsc {
    ac_spinlock lock;
    bool bounded;
    bool rx_open;
    size_t senders;   /* open senders + outstanding permits */
    ac_permits slots; /* bounded: free slots = capacity - len - reserved */
    size_t capacity;  /* bounded: the bound; 0 otherwise */
    size_t elem_size;
    size_t cap, head, len; /* the ring, in values */
    unsigned char *buf;
    ac_waker rx_waker; /* vtable NULL: the receiver does not wait */
};

/* The wait list (bounded only: an unbounded channel never runs out of
 * slots):
 *
 *   slots.waiters: head -> [send A] <-> [reserve B] <-> [send C] <- tail
 *   a receive frees a slot -> A is unlinked, marked GRANTED, woken
 *   A dropped before its next poll -> the slot goes on to B
 */

static int chan_new(size_t elem_size, size_t capacity, bool bounded, ac_mpsc_tx *tx, ac_mpsc_rx *rx)
{
    if (elem_size == 0 || (bounded && capacity == 0))
        return -EINVAL;
    ac_mpsc *c = calloc(1, sizeof *c);
    size_t ring = bounded ? capacity : UNBOUNDED_START;
    unsigned char *buf = c != NULL ? malloc(ring * elem_size) : NULL;
    if (buf == NULL) {
        free(c);
        return -ENOMEM;
    }
    ac__spin_init(&c->lock);
    c->bounded = bounded;
    c->rx_open = true;
    c->senders = 1;
    c->slots.available = bounded ? capacity : UNBOUNDED_SLOTS;
    c->capacity = bounded ? capacity : 0;
    c->elem_size = elem_size;
    c->cap = ring;
    c->buf = buf;
    tx->chan = rx->chan = c;
    return 0;
}

int ac_mpsc_bounded(size_t elem_size, size_t capacity, ac_mpsc_tx *tx, ac_mpsc_rx *rx)
{
    return chan_new(elem_size, capacity, true, tx, rx);
}

int ac_mpsc_unbounded(size_t elem_size, ac_mpsc_tx *tx, ac_mpsc_rx *rx)
{
    return chan_new(elem_size, 0, false, tx, rx);
}

static void chan_free(ac_mpsc *c)
{
    free(c->buf);
    free(c);
}

/* The element sizes the hot paths copy with single moves (and no call):
 * false for the others, which take the general path. */
static inline bool copy_small(void *dst, const void *src, size_t n)
{
    if (n == 8) /* tested in order of likeliness: no jump table */
        memcpy(dst, src, 8);
    else if (n == 4)
        memcpy(dst, src, 4);
    else if (n == 16)
        memcpy(dst, src, 16);
    else
        return false;
    return true;
}

static inline void copy_elem(void *dst, const void *src, size_t n)
{
    if (!copy_small(dst, src, n))
        memcpy(dst, src, n);
}

/* Out of line so that the hot paths end in a tail call, not a call. */
static COLD ac_poll wake_then_ready(ac_waker w)
{
    ac_waker_wake(&w);
    return AC_READY;
}

/* Double an unbounded ring, unwrapping it.  Cold: kept out of the hot
 * path so that path needs no saved registers. */
static COLD int grow(ac_mpsc *c)
{
    size_t e = c->elem_size, cap = c->cap * 2;
    unsigned char *buf = malloc(cap * e);
    if (buf == NULL)
        return -ENOMEM;
    size_t first = c->cap - c->head < c->len ? c->cap - c->head : c->len;
    memcpy(buf, c->buf + c->head * e, first * e);
    memcpy(buf + first * e, c->buf, (c->len - first) * e);
    free(c->buf);
    c->buf = buf;
    c->cap = cap;
    c->head = 0;
    return 0;
}

/* Under the lock.  A bounded channel always has room: a slot was taken. */
static inline int push(ac_mpsc *c, const void *value)
{
    if (c->len == c->cap) {
        int r = grow(c);
        if (r < 0)
            return r;
    }
    size_t i = c->head + c->len;
    if (i >= c->cap)
        i -= c->cap;
    copy_elem(c->buf + i * c->elem_size, value, c->elem_size);
    c->len++;
    return 0;
}

static inline void pop(ac_mpsc *c, void *out)
{
    copy_elem(out, c->buf + c->head * c->elem_size, c->elem_size);
    if (++c->head == c->cap)
        c->head = 0;
    c->len--;
}

/* Under the lock: push, take the receiver's waker; unlock; wake it. */
static int push_and_wake(ac_mpsc *c, const void *value)
{
    int r = push(c, value);
    ac_waker w = c->rx_waker;
    c->rx_waker.vtable = NULL;
    ac__spin_unlock(&c->lock);
    if (w.vtable != NULL)
        ac_waker_wake(&w);
    return r;
}

/* Under the lock, with waiters: hand free slots to the head of the line. */
static COLD void grant_and_unlock(ac_mpsc *c)
{
    ac__wake_list wl = {.n = 0};
    ac__unlock_and_wake(&c->lock, ac__permits_grant_step, &c->slots, &wl);
}

/* Under the lock: a slot comes free; the head waiter gets it.  Unlocks. */
static inline void free_slot_and_unlock(ac_mpsc *c)
{
    c->slots.available++;
    if (LIKELY(c->slots.waiters.head == NULL))
        ac__spin_unlock(&c->lock);
    else
        grant_and_unlock(c);
}

/* ---- handles ----------------------------------------------------------------- */

ac_mpsc_tx ac_mpsc_tx_clone(const ac_mpsc_tx *tx)
{
    ac_mpsc *c = tx->chan;
    ac__spin_lock(&c->lock);
    c->senders++;
    ac__spin_unlock(&c->lock);
    return (ac_mpsc_tx){c};
}

/* One sender reference less; the last wakes the receiver to see -EPIPE. */
static void sender_gone(ac_mpsc *c)
{
    ac__spin_lock(&c->lock);
    ac_waker w = {0};
    if (--c->senders == 0) {
        w = c->rx_waker;
        c->rx_waker.vtable = NULL;
    }
    bool last = c->senders == 0 && !c->rx_open;
    ac__spin_unlock(&c->lock);
    if (w.vtable != NULL)
        ac_waker_wake(&w);
    if (last)
        chan_free(c);
}

void ac_mpsc_tx_close(ac_mpsc_tx *tx)
{
    if (tx->chan != NULL)
        sender_gone(tx->chan);
    tx->chan = NULL;
}

void ac_mpsc_rx_close(ac_mpsc_rx *rx)
{
    ac_mpsc *c = rx->chan;
    if (c == NULL)
        return;
    rx->chan = NULL;
    ac__wake_list wl = {.n = 0};
    ac__spin_lock(&c->lock);
    c->rx_open = false;
    ac_waker w = c->rx_waker;
    c->rx_waker.vtable = NULL;
    bool last = c->senders == 0;
    ac__unlock_and_wake(&c->lock, ac__permits_close_step, &c->slots, &wl);
    ac__waker_release(&w);
    if (last)
        chan_free(c);
}

/* ---- send ---------------------------------------------------------------------- */

/* Under the lock: a slot for `node`, or Pending (unlocks then), or an error. */
static bool take_slot(ac_mpsc *c, ac_wait_node *node, const ac_waker *w, int *result)
{
    if (node->state == AC_WAIT_IDLE && c->rx_open && ac__permits_try(&c->slots, 1)) {
        *result = 0; /* the fast path: free slot, nobody in line */
        return true;
    }
    ac_waker stale = {0};
    bool ready = ac__permits_poll(&c->slots, node, 1, w, &stale, result);
    if (!ready) {
        ac__spin_unlock(&c->lock);
        ac__waker_release(&stale);
    }
    return ready;
}

/* Everything but the common case: waiting, granted, closed, growing. */
static COLD ac_poll send_general(ac_mpsc_send_fut *f, ac_context *cx)
{
    ac_mpsc *c = f->chan;
    ac__spin_lock(&c->lock);
    if (!take_slot(c, &f->node, cx->waker, &f->result))
        return AC_PENDING; /* take_slot unlocked */
    if (f->result == 0 && !c->rx_open) {
        c->slots.available++; /* granted, then the receiver left */
        f->result = -EPIPE;
    }
    if (f->result < 0) {
        ac__spin_unlock(&c->lock);
        return AC_READY;
    }
    f->result = push_and_wake(c, f->value);
    if (f->result < 0) { /* could not grow: the slot is not used */
        ac__spin_lock(&c->lock);
        free_slot_and_unlock(c);
    }
    return AC_READY;
}

/* The common case in one straight line: nobody in line, a free slot, room
 * in the ring, a small element, the lock free at first try.  No call on
 * the way (a leaf function: no registers to save), one copy, a wake only
 * if the receiver sleeps.  Anything else goes the general way. */
ac_poll ac_mpsc_poll_send(ac_mpsc_send_fut *f, ac_context *cx)
{
    ac_mpsc *c = f->chan;
    if (LIKELY(ac__spin_try_lock(&c->lock))) {
        /* the node's state is read under the lock: another thread may be
         * granting it a slot right now */
        if (LIKELY(f->node.state == AC_WAIT_IDLE && c->slots.waiters.head == NULL && c->slots.available > 0 &&
                   c->len < c->cap && c->rx_open)) {
            size_t i = c->head + c->len;
            if (i >= c->cap)
                i -= c->cap;
            if (LIKELY(copy_small(c->buf + i * c->elem_size, f->value, c->elem_size))) {
                c->slots.available--;
                c->len++;
                ac_waker w = c->rx_waker;
                c->rx_waker.vtable = NULL;
                ac__spin_unlock(&c->lock);
                f->result = 0;
                return w.vtable == NULL ? AC_READY : wake_then_ready(w);
            }
        }
        ac__spin_unlock(&c->lock);
    }
    return send_general(f, cx);
}

/* Leave the line; a slot handed to us and not used goes to the next one. */
static void wait_drop(ac_mpsc *c, ac_wait_node *node)
{
    if (!c->bounded)
        return;
    ac_waker stale = {0};
    ac__wake_list wl = {.n = 0};
    ac__spin_lock(&c->lock);
    ac__permits_forget(&c->slots, node, &stale);
    ac__unlock_and_wake(&c->lock, ac__permits_grant_step, &c->slots, &wl);
    ac__waker_release(&stale);
}

static ac_poll send_poll(ac_future *self, ac_context *cx)
{
    return ac_mpsc_poll_send((ac_mpsc_send_fut *)self, cx);
}

static void send_drop(ac_future *self)
{
    ac_mpsc_send_fut *f = (ac_mpsc_send_fut *)self;
    wait_drop(f->chan, &f->node);
}

static const ac_future_vtable send_vtable = {
    .name = "mpsc_send", .poll = send_poll, .drop = send_drop, AC_OUTPUT(ac_mpsc_send_fut, result)};

ac_mpsc_send_fut ac_mpsc_send(ac_mpsc_tx *tx, const void *value)
{
    return (ac_mpsc_send_fut){
        .base = {&send_vtable}, .chan = tx->chan, .value = value, .node = {.state = AC_WAIT_IDLE}};
}

int ac_mpsc_try_send(ac_mpsc_tx *tx, const void *value)
{
    ac_mpsc *c = tx->chan;
    ac__spin_lock(&c->lock);
    if (!c->rx_open || !ac__permits_try(&c->slots, 1)) {
        int r = c->rx_open ? -EAGAIN : -EPIPE;
        ac__spin_unlock(&c->lock);
        return r;
    }
    int r = push_and_wake(c, value);
    if (r < 0) {
        ac__spin_lock(&c->lock);
        free_slot_and_unlock(c);
    }
    return r;
}

/* ---- reserve --------------------------------------------------------------------- */

static ac_poll reserve_poll(ac_future *self, ac_context *cx)
{
    ac_mpsc_reserve_fut *f = (ac_mpsc_reserve_fut *)self;
    ac_mpsc *c = f->chan;
    ac__spin_lock(&c->lock);
    if (!take_slot(c, &f->node, cx->waker, &f->result))
        return AC_PENDING;
    if (f->result == 0 && !c->rx_open) {
        f->result = -EPIPE;
        c->slots.available++;
    }
    if (f->result == 0) {
        c->senders++; /* the permit's own reference */
        f->permit.chan = c;
    }
    ac__spin_unlock(&c->lock);
    return AC_READY;
}

static void reserve_drop(ac_future *self)
{
    ac_mpsc_reserve_fut *f = (ac_mpsc_reserve_fut *)self;
    wait_drop(f->chan, &f->node);
}

static const ac_future_vtable reserve_vtable = {.name = "mpsc_reserve",
                                                .poll = reserve_poll,
                                                .drop = reserve_drop,
                                                AC_OUTPUT(ac_mpsc_reserve_fut, result)};

ac_mpsc_reserve_fut ac_mpsc_reserve(ac_mpsc_tx *tx)
{
    return (ac_mpsc_reserve_fut){
        .base = {&reserve_vtable}, .chan = tx->chan, .node = {.state = AC_WAIT_IDLE}};
}

int ac_mpsc_permit_send(ac_mpsc_permit *p, const void *value)
{
    ac_mpsc *c = p->chan;
    p->chan = NULL;
    ac__spin_lock(&c->lock);
    int r = c->rx_open ? push_and_wake(c, value) : -EPIPE; /* the slot was ours */
    if (r < 0) {
        if (r != -EPIPE)
            ac__spin_lock(&c->lock); /* push_and_wake unlocked */
        free_slot_and_unlock(c);
    }
    sender_gone(c);
    return r;
}

void ac_mpsc_permit_release(ac_mpsc_permit *p)
{
    ac_mpsc *c = p->chan;
    if (c == NULL)
        return;
    p->chan = NULL;
    ac__spin_lock(&c->lock);
    free_slot_and_unlock(c);
    sender_gone(c);
}

/* ---- receive --------------------------------------------------------------------- */

/* Under the lock: 0 (and unlocked), -EPIPE or -EAGAIN (still locked). */
static inline int take_value(ac_mpsc *c, void *out)
{
    if (LIKELY(c->len > 0)) {
        pop(c, out);
        free_slot_and_unlock(c);
        return 0;
    }
    return c->senders == 0 ? -EPIPE : -EAGAIN;
}

/* Everything but the common case, with the lock taken here. */
static COLD ac_poll recv_general(ac_mpsc *c, ac_context *cx, void *out, int *result)
{
    ac__spin_lock(&c->lock);
    int r = take_value(c, out);
    if (r == 0) {
        *result = 0;
        return AC_READY;
    }
    ac_waker stale = {0};
    if (r == -EAGAIN)
        ac__waker_keep(&c->rx_waker, cx->waker, &stale);
    ac__spin_unlock(&c->lock);
    ac__waker_release(&stale);
    if (r == -EAGAIN)
        return AC_PENDING;
    *result = r;
    return AC_READY;
}

/* As for send: a leaf function for a queued small value nobody waits
 * behind; the rest goes to recv_general. */
ac_poll ac_mpsc_poll_recv(ac_mpsc_rx *rx, ac_context *cx, void *out, int *result)
{
    ac_mpsc *c = rx->chan;
    if (LIKELY(ac__spin_try_lock(&c->lock))) {
        if (LIKELY(c->len > 0 && c->slots.waiters.head == NULL &&
                   copy_small(out, c->buf + c->head * c->elem_size, c->elem_size))) {
            if (++c->head == c->cap)
                c->head = 0;
            c->len--;
            c->slots.available++;
            ac__spin_unlock(&c->lock);
            *result = 0;
            return AC_READY;
        }
        ac__spin_unlock(&c->lock);
    }
    return recv_general(c, cx, out, result);
}

void ac_mpsc_rx_forget_waker(ac_mpsc_rx *rx)
{
    ac_mpsc *c = rx->chan;
    ac__spin_lock(&c->lock);
    ac_waker w = c->rx_waker;
    c->rx_waker.vtable = NULL;
    ac__spin_unlock(&c->lock);
    ac__waker_release(&w);
}

static ac_poll recv_poll(ac_future *self, ac_context *cx)
{
    ac_mpsc_recv_fut *f = (ac_mpsc_recv_fut *)self;
    ac_mpsc_rx rx = {f->chan};
    return ac_mpsc_poll_recv(&rx, cx, f->out, &f->result);
}

static void recv_drop(ac_future *self)
{
    ac_mpsc_rx rx = {((ac_mpsc_recv_fut *)self)->chan};
    ac_mpsc_rx_forget_waker(&rx);
}

static const ac_future_vtable recv_vtable = {
    .name = "mpsc_recv", .poll = recv_poll, .drop = recv_drop, AC_OUTPUT(ac_mpsc_recv_fut, result)};

ac_mpsc_recv_fut ac_mpsc_recv(ac_mpsc_rx *rx, void *out)
{
    return (ac_mpsc_recv_fut){.base = {&recv_vtable}, .chan = rx->chan, .out = out};
}

int ac_mpsc_try_recv(ac_mpsc_rx *rx, void *out)
{
    ac_mpsc *c = rx->chan;
    ac__spin_lock(&c->lock);
    int r = take_value(c, out);
    if (r != 0)
        ac__spin_unlock(&c->lock);
    return r;
}

size_t ac_mpsc_len(const ac_mpsc_rx *rx)
{
    ac_mpsc *c = rx->chan;
    ac__spin_lock(&c->lock);
    size_t n = c->len;
    ac__spin_unlock(&c->lock);
    return n;
}

size_t ac_mpsc_capacity(const ac_mpsc_rx *rx) { return rx->chan->capacity; }
