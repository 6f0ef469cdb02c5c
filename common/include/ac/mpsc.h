/*
 * mpsc.h - layer 4: a multi-producer, single-consumer queue of values.
 *
 * Any number of senders (clone the handle; any thread), one receiver.
 * Values are `elem_size` bytes, copied in by a send and out by a receive
 * (memcpy): any C type.  Two flavours:
 *
 *   bounded(n)  at most n values in flight (queued + reserved); a send into
 *               a full channel WAITS for a free slot: backpressure.
 *   unbounded   a send never waits (the queue grows; memory is the limit).
 *
 * One lock guards the channel; everything in it:
 *
 *   +-------------------------------- ac_mpsc --------------------------------+
 *   | ring: [ v3 | v4 | v5 | __ | __ ]   head, len       rx_waker (1 slot)    |
 *   | slots (bounded): available = n - len - reserved                        |
 *   |        waiters: head -> [send] <-> [reserve] <-> [send] <- tail          |
 *   | senders (count), rx_open                                                 |
 *   +-------------------------------------------------------------------------+
 *
 * A receive that frees a slot hands it straight to the FIRST waiting
 * sender (marks it granted, wakes it): senders are served in order, and a
 * try_send cannot jump the line while anybody waits.  Wakes happen after
 * unlocking.  Waiting allocates nothing: the wait node is in the future.
 *
 * Closing:  last sender closed  -> the receiver drains what is queued, then
 *                                  gets -EPIPE.
 *           receiver closed     -> every waiting and later send fails with
 *                                  -EPIPE; the value was NOT taken (it is
 *                                  still at the pointer you gave).
 * Queued values are discarded by memcpy semantics: if elements own memory,
 * drain the receiver before closing it.
 *
 * Lifetimes: a future points at the channel, not at the handle; the handle
 * it came from must stay open until the future is Ready or dropped.  A
 * send future reads `value` when it completes, so that must stay put too.
 *
 * Cancellation (dropping a future before it was Ready):
 *   send     cancellation-safe: a dropped send has not consumed the value
 *            or a slot (a slot already handed to it goes to the next
 *            waiter).  It loses its place in line.
 *   reserve  same: a slot granted to it goes to the next waiter; it loses
 *            its place in line.  A permit it reported is yours: send on it
 *            or release it.
 *   recv     cancellation-safe: a value is removed only by the poll that
 *            returns it.
 */
#ifndef AC_MPSC_H
#define AC_MPSC_H

#include <stddef.h>

#include "ac/future.h"
#include "ac/waitlist.h"

typedef struct ac_mpsc ac_mpsc;

typedef struct ac_mpsc_tx {
    ac_mpsc *chan; /* NULL once closed */
} ac_mpsc_tx;

typedef struct ac_mpsc_rx {
    ac_mpsc *chan; /* NULL once closed */
} ac_mpsc_rx;

/* 0, -EINVAL (elem_size or capacity 0) or -ENOMEM. */
int ac_mpsc_bounded(size_t elem_size, size_t capacity, ac_mpsc_tx *tx, ac_mpsc_rx *rx);
int ac_mpsc_unbounded(size_t elem_size, ac_mpsc_tx *tx, ac_mpsc_rx *rx);

/* Another sender on the same channel (close each one). */
ac_mpsc_tx ac_mpsc_tx_clone(const ac_mpsc_tx *tx);
void ac_mpsc_tx_close(ac_mpsc_tx *tx);
void ac_mpsc_rx_close(ac_mpsc_rx *rx);

/* ---- sending --------------------------------------------------------------- */

/* result: 0 (sent), -EPIPE (receiver gone; value not taken), -ENOMEM
 * (unbounded, could not grow). */
typedef struct ac_mpsc_send_fut {
    ac_future base;
    ac_mpsc *chan;
    const void *value;
    ac_wait_node node;
    int result;
} ac_mpsc_send_fut;

ac_mpsc_send_fut ac_mpsc_send(ac_mpsc_tx *tx, const void *value);
/* Poll a send future directly (what its vtable's poll does).  A send
 * future that reported Ready may be polled again to send *value again:
 * a hot loop keeps ONE future, writes the next value where `value`
 * points, and awaits this with AC_AWAIT_POLL (no future built per
 * message, no indirect call).  Its drop is still ac_future_drop. */
ac_poll ac_mpsc_poll_send(ac_mpsc_send_fut *f, ac_context *cx);
/* Never waits: 0, -EAGAIN (full, or senders wait in line), -EPIPE, -ENOMEM. */
int ac_mpsc_try_send(ac_mpsc_tx *tx, const void *value);

/* A reserved slot: the next send on it cannot wait or fail for lack of
 * room.  It holds a sender reference of its own, so the channel does not
 * look closed to the receiver while a permit is out. */
typedef struct ac_mpsc_permit {
    ac_mpsc *chan; /* NULL once used */
} ac_mpsc_permit;

/* Wait for a slot without a value in hand.  result: 0 (permit is set) or
 * -EPIPE.  On an unbounded channel it is Ready at once. */
typedef struct ac_mpsc_reserve_fut {
    ac_future base;
    ac_mpsc *chan;
    ac_wait_node node;
    ac_mpsc_permit permit;
    int result;
} ac_mpsc_reserve_fut;

ac_mpsc_reserve_fut ac_mpsc_reserve(ac_mpsc_tx *tx);
/* Fill the reserved slot and use the permit up: 0, or -EPIPE (receiver
 * gone, value not taken), -ENOMEM (unbounded growth failed). */
int ac_mpsc_permit_send(ac_mpsc_permit *p, const void *value);
/* Give the slot back unused. */
void ac_mpsc_permit_release(ac_mpsc_permit *p);

/* ---- receiving ------------------------------------------------------------- */

/* result: 0 (a value is at out) or -EPIPE (every sender closed and the
 * queue is empty). */
typedef struct ac_mpsc_recv_fut {
    ac_future base;
    ac_mpsc *chan;
    void *out;
    int result;
} ac_mpsc_recv_fut;

ac_mpsc_recv_fut ac_mpsc_recv(ac_mpsc_rx *rx, void *out);
/* Never waits: 0, -EAGAIN (empty, senders still open) or -EPIPE. */
int ac_mpsc_try_recv(ac_mpsc_rx *rx, void *out);

/* The poll step of ac_mpsc_recv without a future around it, for a hot
 * loop (AC_AWAIT_POLL).  Pending stores cx's waker in the channel: drop
 * it with ac_mpsc_rx_forget_waker if you stop polling. */
ac_poll ac_mpsc_poll_recv(ac_mpsc_rx *rx, ac_context *cx, void *out, int *result);
void ac_mpsc_rx_forget_waker(ac_mpsc_rx *rx);

/* Values queued now, and the bound (0: unbounded). */
size_t ac_mpsc_len(const ac_mpsc_rx *rx);
size_t ac_mpsc_capacity(const ac_mpsc_rx *rx);

#endif
