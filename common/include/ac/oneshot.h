/*
 * oneshot.h - layer 4: a channel for exactly one value.
 *
 * The shape of "start this, give me the answer later": the sender half
 * goes to whoever computes the value, the receiver half is awaited.
 *
 *   ac_oneshot_tx ---send(value)---> [ lock | state | rx waker | value ] ---> ac_oneshot_recv
 *        |                                   one heap block, freed by            (Ready: 0 and
 *        +---- closed without sending -----> whichever half lets go last         the value, or
 *              wakes the receiver with -EPIPE                                     -EPIPE)
 *
 * The value is `elem_size` bytes, copied in by send and out by the
 * receive: any C type.  There is one waiter at most (the receiver), so the
 * "wait list" is a single waker slot.  Safe across threads: the sender may
 * live on another thread or executor; the wake happens after unlocking.
 *
 * Every half must be let go of exactly once: ac_oneshot_send consumes the
 * sender; otherwise close it (that is what tells the receiver "never").
 * Close the receiver when done with it, after the receive or instead of it.
 *
 * Cancellation: dropping an ac_oneshot_recv_fut is cancellation-safe.  The
 * value stays in the channel until a receive returns it, so a new receive
 * on the same receiver still gets it.
 */
#ifndef AC_ONESHOT_H
#define AC_ONESHOT_H

#include <stdbool.h>
#include <stddef.h>

#include "ac/future.h"

typedef struct ac_oneshot ac_oneshot;

typedef struct ac_oneshot_tx {
    ac_oneshot *chan; /* NULL once sent or closed */
} ac_oneshot_tx;

typedef struct ac_oneshot_rx {
    ac_oneshot *chan; /* NULL once closed */
} ac_oneshot_rx;

/* 0, or -ENOMEM / -EINVAL (elem_size 0). */
int ac_oneshot_new(size_t elem_size, ac_oneshot_tx *tx, ac_oneshot_rx *rx);

/* Send and let go of the sender.  0, or -EPIPE: the receiver is gone and
 * the value was not taken (it is still yours, at `value`). */
int ac_oneshot_send(ac_oneshot_tx *tx, const void *value);
/* Let go of the sender without sending: the receiver sees -EPIPE. */
void ac_oneshot_tx_close(ac_oneshot_tx *tx);
/* True once the receiver is gone: a sender may stop computing. */
bool ac_oneshot_tx_is_closed(const ac_oneshot_tx *tx);

/* result: 0 (the value is at `out`) or -EPIPE (the sender closed without
 * sending, or the value was received already). */
typedef struct ac_oneshot_recv_fut {
    ac_future base;
    ac_oneshot *chan;
    void *out;
    int result;
} ac_oneshot_recv_fut;

/* The receiver must stay open until the future is Ready or dropped. */
ac_oneshot_recv_fut ac_oneshot_recv(ac_oneshot_rx *rx, void *out);
/* 0, -EAGAIN (nothing yet), or -EPIPE. */
int ac_oneshot_try_recv(ac_oneshot_rx *rx, void *out);
void ac_oneshot_rx_close(ac_oneshot_rx *rx);

#endif
