/*
 * waitlist.h - layer 4: the parts every channel and sync primitive shares.
 *
 * Each primitive (mpsc, semaphore, mutex, notify, ...) guards its state
 * with one small lock and keeps the futures that wait on it in a FIFO of
 * intrusive nodes.  The node lives INSIDE the waiting future, so waiting
 * allocates nothing, and dropping the future unlinks it:
 *
 *   primitive (behind its lock)           futures parked on it
 *   +------------------------+
 *   | waiters.head ----------+--> [node A] <--> [node B] <--> [node C]
 *   | waiters.tail ----------+-------------------------------------^
 *   | available (permits)    |     each node: prev, next, a cloned waker,
 *   +------------------------+     need (permits asked for), state
 *
 * A waker is taken OUT of its node under the lock (the node is unlinked and
 * marked GRANTED, CLOSED or NOTIFIED) and called only after the lock is
 * released, so a woken task on another thread never waits for our lock and
 * a waker may do anything, even touch the primitive again.
 *
 * These types are part of the futures' layout; use them only through the
 * primitives' own APIs (ac_mpsc_*, ac_semaphore_*, ...).
 */
#ifndef AC_WAITLIST_H
#define AC_WAITLIST_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "ac/waker.h"

/* A test-and-test-and-set lock: the critical sections it guards are a few
 * pointer moves and one element copy, shorter than a futex call. */
typedef struct ac_spinlock {
    atomic_bool held;
} ac_spinlock;

/* Where a waiting future stands. */
typedef enum ac_wait_state {
    AC_WAIT_IDLE = 0, /* not queued: never polled, or already reported */
    AC_WAIT_QUEUED,   /* in the wait list with a cloned waker */
    AC_WAIT_GRANTED,  /* unlinked and handed what it waited for, not yet reported */
    AC_WAIT_CLOSED,   /* unlinked because the primitive closed */
} ac_wait_state;

typedef struct ac_wait_node {
    struct ac_wait_node *prev, *next;
    ac_waker waker; /* a clone while QUEUED; vtable NULL otherwise */
    size_t need;    /* permits asked for (1 for most waiters) */
    ac_wait_state state;
} ac_wait_node;

typedef struct ac_wait_list {
    ac_wait_node *head, *tail;
} ac_wait_list;

/*
 * A FIFO counting semaphore without a lock of its own: the core of
 * ac_semaphore, ac_mutex, ac_rwlock and a bounded mpsc's free slots.  The
 * owner's lock guards it.  Permits go to waiters strictly in line: while
 * anybody waits, a newcomer queues behind even if enough permits are free,
 * so a large request at the head is never starved by small ones.
 */
typedef struct ac_permits {
    size_t available;
    bool closed;
    ac_wait_list waiters;
} ac_permits;

#endif
