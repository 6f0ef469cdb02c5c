/*
 * broadcast.h - layer 4: every receiver gets every value.
 *
 * Senders (any number, any thread) append to a ring of `capacity` slots;
 * each receiver reads at its own position.  A send never waits: when the
 * ring is full it overwrites the oldest value, and a receiver that had not
 * read it yet has LAGGED.  Its next receive reports exactly how many
 * values it missed (-EOVERFLOW, `missed`), moves it to the oldest value
 * still kept, and it carries on from there:
 *
 *   seq:      0   1   2   3   4   5   6   7        capacity 4, tail = 8
 *   ring:                 [ 4 | 5 | 6 | 7 ]        (4..7 kept, 0..3 gone)
 *   rx A next = 6 ------------------^              gets 6, then 7
 *   rx B next = 1  -> missed 3 (1,2,3), then gets 4, 5, 6, 7
 *
 * Receivers that have read everything wait in one list; a send wakes them
 * all (after unlocking, in batches):
 *
 *   channel: lock | ring | tail | senders | receivers
 *            waiters: [recv] <-> [recv] <-> [recv]      (all caught up)
 *
 * A new receiver (ac_broadcast_subscribe) sees only values sent after it.
 * When the last sender closes, receivers read what is left, then -EPIPE.
 * A send with no receiver left fails with -EPIPE and stores nothing.
 *
 * Cancellation: dropping an ac_broadcast_recv_fut is cancellation-safe (a
 * value is consumed only by the poll that returns it, and positions are
 * per receiver); there is no line to lose a place in.
 */
#ifndef AC_BROADCAST_H
#define AC_BROADCAST_H

#include <stddef.h>
#include <stdint.h>

#include "ac/future.h"
#include "ac/waitlist.h"

typedef struct ac_broadcast ac_broadcast;

typedef struct ac_broadcast_tx {
    ac_broadcast *chan;
} ac_broadcast_tx;

typedef struct ac_broadcast_rx {
    ac_broadcast *chan;
    uint64_t next; /* sequence number of the next value to read */
} ac_broadcast_rx;

/* 0, -EINVAL (elem_size or capacity 0), -ENOMEM. */
int ac_broadcast_new(size_t elem_size, size_t capacity, ac_broadcast_tx *tx, ac_broadcast_rx *rx);
ac_broadcast_tx ac_broadcast_tx_clone(const ac_broadcast_tx *tx);
/* A new receiver that starts with the next value sent. */
ac_broadcast_rx ac_broadcast_subscribe(const ac_broadcast_tx *tx);
void ac_broadcast_tx_close(ac_broadcast_tx *tx);
void ac_broadcast_rx_close(ac_broadcast_rx *rx);

/* Never waits.  0, or -EPIPE: no receiver is left (nothing stored). */
int ac_broadcast_send(ac_broadcast_tx *tx, const void *value);

/* result: 0 (a value at out), -EOVERFLOW (lagged: `missed` values were
 * overwritten unread; receive again for the oldest kept one) or -EPIPE
 * (every sender closed and this receiver has read everything). */
typedef struct ac_broadcast_recv_fut {
    ac_future base;
    ac_broadcast_rx *rx; /* must stay put until Ready or dropped */
    void *out;
    ac_wait_node node;
    uint64_t missed;
    int result;
} ac_broadcast_recv_fut;

ac_broadcast_recv_fut ac_broadcast_recv(ac_broadcast_rx *rx, void *out);
/* As the future's result, or -EAGAIN when it would wait. */
int ac_broadcast_try_recv(ac_broadcast_rx *rx, void *out, uint64_t *missed);

#endif
