/*
 * sync.h - layer 4: async semaphore, mutex and read-write lock.
 *
 * All three are one FIFO counting semaphore (ac_permits, waitlist.h)
 * behind a spinlock:
 *
 *   ac_semaphore  n permits          acquire(k) takes k, release(k) gives k
 *   ac_mutex      1 permit           lock = acquire(1), unlock = release(1)
 *   ac_rwlock     AC_RWLOCK_READERS  read = acquire(1),
 *                 permits            write = acquire(all of them)
 *
 * The wait list, strictly first come first served:
 *
 *   available: 2
 *   waiters:  head -> [acquire 3] <-> [acquire 1] <-> [acquire 1] <- tail
 *                       ^ blocks the line: the two small ones wait behind
 *                         it although 2 permits are free
 *
 * That is what makes the mutex fair (the lock goes to the task that asked
 * first; an unlock hands it straight to the head waiter, a task that never
 * waited cannot barge in) and the rwlock writer-preferring in effect: a
 * writer in line stops every reader behind it, so readers cannot starve it.
 *
 * Every operation may be called from any thread.  A wake happens after the
 * lock is released.  Waiting allocates nothing: the wait node is inside the
 * acquire future, so the future must stay put once polled.
 *
 * Cancellation (dropping an ac_acquire before it was Ready):
 *   - it is cancellation-safe: no permit is lost or leaked.  A queued
 *     acquire is unlinked; permits already handed to it by a release (it
 *     was woken but not yet polled) go to the next waiter in line.
 *   - it loses its place in line: a new acquire queues at the back.
 * After Ready(0) the permits belong to the caller until it releases them
 * (C has no guard objects: release exactly what you acquired).
 */
#ifndef AC_SYNC_H
#define AC_SYNC_H

#include <stddef.h>

#include "ac/future.h"
#include "ac/waitlist.h"

typedef struct ac_semaphore {
    ac_spinlock lock;
    ac_permits permits;
} ac_semaphore;

void ac_semaphore_init(ac_semaphore *s, size_t permits);
/* No future may still wait on s (nothing is allocated: this checks that). */
void ac_semaphore_destroy(ac_semaphore *s);

/* The future of an acquire.  result: 0 (the permits are yours) or -EPIPE
 * (the semaphore was closed). */
typedef struct ac_acquire {
    ac_future base;
    ac_semaphore *sem;
    size_t n;
    ac_wait_node node;
    int result;
} ac_acquire;

/* Wait for n permits (all at once, in line). */
ac_acquire ac_semaphore_acquire(ac_semaphore *s, size_t n);
/* 0, -EAGAIN (not enough free, or somebody is in line first), -EPIPE closed. */
int ac_semaphore_try_acquire(ac_semaphore *s, size_t n);
/* Give n permits back; they go to the waiters at the head of the line. */
void ac_semaphore_release(ac_semaphore *s, size_t n);
/* Fail every waiting and every later acquire with -EPIPE.  Releases still count. */
void ac_semaphore_close(ac_semaphore *s);
size_t ac_semaphore_available(ac_semaphore *s);
/* How many acquires wait in line (for tests and demos). */
size_t ac_semaphore_waiters(ac_semaphore *s);

/* ---- mutex --------------------------------------------------------------- */

/* A lock that is held across awaits without blocking the thread.  It guards
 * no data of its own: put it next to what it protects. */
typedef struct ac_mutex {
    ac_semaphore sem;
} ac_mutex;

void ac_mutex_init(ac_mutex *m);
void ac_mutex_destroy(ac_mutex *m);
/* Ready(0): you hold the lock.  Cancellation as for ac_acquire. */
ac_acquire ac_mutex_lock(ac_mutex *m);
/* 0 or -EAGAIN (held, or somebody waits). */
int ac_mutex_try_lock(ac_mutex *m);
void ac_mutex_unlock(ac_mutex *m);

/* ---- read-write lock ----------------------------------------------------- */

/* Readers that may hold an rwlock at once. */
#define AC_RWLOCK_READERS ((size_t)1 << 20)

typedef struct ac_rwlock {
    ac_semaphore sem;
} ac_rwlock;

void ac_rwlock_init(ac_rwlock *l);
void ac_rwlock_destroy(ac_rwlock *l);
/* Shared access; queues behind any writer already in line. */
ac_acquire ac_rwlock_read(ac_rwlock *l);
void ac_rwlock_read_unlock(ac_rwlock *l);
/* Exclusive access: waits for the readers ahead of it to leave. */
ac_acquire ac_rwlock_write(ac_rwlock *l);
void ac_rwlock_write_unlock(ac_rwlock *l);

#endif
