/*
 * watch.h - layer 4: the latest value, and a future for "it changed".
 *
 * One sender keeps replacing a single value (a config, a state, a
 * progress figure); any number of receivers read the newest one when they
 * like and can wait for the next change.  Values in between may be
 * skipped: a receiver sees the latest, never a backlog.
 *
 *   channel: lock | value | version | tx_open | receivers
 *            waiters: [changed] <-> [changed] <-> ...   (woken by each send)
 *   receiver: chan | seen (the version it last looked at)
 *
 * ac_watch_changed is Ready once version != seen, and marks it seen;
 * ac_watch_borrow copies the value out and marks it seen too.  A send
 * wakes every waiter (after unlocking, in batches).  With the sender
 * closed, a changed future that has nothing new fails with -EPIPE.
 *
 * Cancellation: dropping an ac_watch_changed_fut is cancellation-safe;
 * it marks nothing seen, and there is no line to lose a place in.
 */
#ifndef AC_WATCH_H
#define AC_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ac/future.h"
#include "ac/waitlist.h"

typedef struct ac_watch ac_watch;

typedef struct ac_watch_tx {
    ac_watch *chan;
} ac_watch_tx;

typedef struct ac_watch_rx {
    ac_watch *chan;
    uint64_t seen;
} ac_watch_rx;

/* A channel holding `initial` (seen by rx already).  0, -EINVAL, -ENOMEM. */
int ac_watch_new(size_t elem_size, const void *initial, ac_watch_tx *tx, ac_watch_rx *rx);
/* Another receiver, as up to date as rx. */
ac_watch_rx ac_watch_rx_clone(const ac_watch_rx *rx);
void ac_watch_tx_close(ac_watch_tx *tx);
void ac_watch_rx_close(ac_watch_rx *rx);

/* Replace the value and wake the waiters.  0, or -EPIPE when no receiver
 * is left (the value is not stored). */
int ac_watch_send(ac_watch_tx *tx, const void *value);
/* Copy the latest value to out and mark it seen. */
void ac_watch_borrow(ac_watch_rx *rx, void *out);
/* Whether a value newer than the last one seen is there. */
bool ac_watch_has_changed(const ac_watch_rx *rx);

/* result: 0 (a new value: read it with ac_watch_borrow) or -EPIPE. */
typedef struct ac_watch_changed_fut {
    ac_future base;
    ac_watch_rx *rx; /* must stay put until Ready or dropped */
    ac_wait_node node;
    int result;
} ac_watch_changed_fut;

ac_watch_changed_fut ac_watch_changed(ac_watch_rx *rx);

#endif
