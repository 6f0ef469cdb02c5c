/*
 * notify.h - layer 4: wake one waiting task, or all of them, with no data.
 *
 * The building block for everything "wait until something changed": a
 * producer-consumer queue, a shutdown signal, a hand-rolled mutex.
 *
 *   notify: lock | permit (0 or 1) | generation | waiters
 *
 *   waiters: head -> [notified] <-> [notified] <-> [notified] <- tail
 *
 *   ac_notify_one:      wake the head waiter; with nobody waiting, store ONE
 *                       permit, so the next ac_notify_notified is Ready at
 *                       once (a notify cannot be lost between "check the
 *                       condition" and "start waiting").  Permits do not
 *                       add up: two notify_one with nobody waiting leave one.
 *   ac_notify_waiters:  wake every waiter that exists now, and every
 *                       ac_notified future CREATED before the call even if
 *                       it was not polled yet; stores no permit.
 *
 * Safe from any thread; wakes happen after the lock is released.
 *
 * Cancellation (dropping an ac_notified before it was Ready):
 *   - cancellation-safe: a notify_one that already chose this waiter is
 *     passed on to the next waiter, or stored as the permit, so a dropped
 *     waiter never swallows a notification.
 *   - it loses its place in line.
 */
#ifndef AC_NOTIFY_H
#define AC_NOTIFY_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ac/future.h"
#include "ac/waitlist.h"

typedef struct ac_notify {
    ac_spinlock lock;
    bool permit;
    _Atomic uint64_t generation; /* ac_notify_waiters calls so far */
    ac_wait_list waiters;
} ac_notify;

void ac_notify_init(ac_notify *n);
/* No future may still wait on n. */
void ac_notify_destroy(ac_notify *n);
void ac_notify_one(ac_notify *n);
void ac_notify_waiters(ac_notify *n);

/* The future that waits for a notification.  No output. */
typedef struct ac_notified {
    ac_future base;
    ac_notify *notify;
    uint64_t generation; /* seen at creation: a later notify_waiters wakes us */
    ac_wait_node node;
} ac_notified;

ac_notified ac_notify_notified(ac_notify *n);

#endif
