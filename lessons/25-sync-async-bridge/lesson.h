/*
 * Lesson 25 - the sync/async bridge: the exercise interface.
 *
 * Two directions cross between plain threads and tasks:
 *
 *   async -> sync   a task hands blocking work to a pool thread and
 *                   awaits the result (ac_spawn_blocking, blocking.h).
 *                   The crossing point is a HANDOFF: the thread stores the
 *                   result, then wakes the task (ex1).
 *   sync -> async   a plain thread runs a future to completion, sleeping
 *                   between polls on a PARKER whose waker unparks it
 *                   (ac_block_on, ac_runtime_block_on; here: ex2).
 *
 *   ex1  handoff_finish, handoff_poll    the result goes from a pool thread
 *                                        to a task: stored before the wake,
 *                                        under the lock, no wake lost
 *   ex2  parker_park, parker_unpark,     a plain thread polls a future,
 *        block_on_thread                 parks until woken, never misses
 *                                        a wake that came first
 *
 * The program (main.c, demo_*.c), the stubs (exercises/) and the checks
 * (tests/lessons/25-sync-async-bridge.c) all meet here.
 */
#ifndef LESSON25_H
#define LESSON25_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "ac/future.h"
#include "ac/waker.h"

/* ---- Exercise 1: the handoff from a pool thread to a task --------------------
 *
 *   task (poll)                          pool thread
 *   lock                                 result = fn(arg)
 *   done?  -> take result, Ready         lock
 *   else   -> keep a clone of the        store result, done = true
 *             waker, Pending             take the waker out
 *   unlock                               unlock
 *                                        wake it  (after the unlock: the
 *                                        woken task may poll at once)
 */
typedef struct handoff {
    pthread_mutex_t lock;
    /* under lock */
    bool done;      /* the result is there */
    void *result;   /* valid once done */
    ac_waker waker; /* the awaiting task's clone; waker.vtable == NULL: none */
} handoff;

/* Given (given_handoff.c). */
void handoff_init(handoff *h);
/* Drops a waker still held, frees the lock. */
void handoff_destroy(handoff *h);
/* YOURS (ex1): the pool thread's side, called once per handoff. */
void handoff_finish(handoff *h, void *result);
/* YOURS (ex1): the task's side.  AC_READY with *result set once finished;
 * otherwise AC_PENDING with the context's waker kept for the finish. */
ac_poll handoff_poll(handoff *h, ac_context *cx, void **result);

/* Given: a tiny blocking pool on your handoff.  `threads` pool threads take
 * jobs from a FIFO (mutex + condition variable); each runs fn(arg) and
 * calls handoff_finish with what it returned. */
typedef struct tiny_pool tiny_pool;
typedef void *(*tiny_fn)(void *arg);
tiny_pool *tiny_pool_new(unsigned threads);
/* Finish the queued jobs, join the threads, free. */
void tiny_pool_free(tiny_pool *p);

/* The future of one tiny_pool job: Ready with `out` = fn's result.  Poll
 * it to Ready (the pool and this future share the job until then). */
typedef struct tiny_job tiny_job;
typedef struct tiny_offload {
    ac_future base; /* private */
    tiny_job *job;  /* private */
    void *out;      /* public: fn's result, once Ready */
} tiny_offload;
tiny_offload tiny_offload_on(tiny_pool *p, tiny_fn fn, void *arg);

/* ---- Exercise 2: block_on from a plain thread ------------------------------------
 *
 *   block_on_thread(f):                   another thread (or f itself)
 *   loop: poll f -> Ready? return         ...
 *         park:  lock                     unpark:  lock
 *                while !notified: wait             notified = true
 *                notified = false                  signal
 *                unlock                            unlock
 *
 * A wake that comes before the park leaves `notified` set, so the park
 * returns at once: no wake is lost.  A condition variable may also wake
 * with nobody signalling; the `while` sleeps again.
 */
typedef struct parker {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool notified; /* under lock */
} parker;

/* Given (given_parker.c). */
void parker_init(parker *p);
void parker_destroy(parker *p);
/* A waker whose wake calls parker_unpark(p); it holds no reference (the
 * parker outlives every poll of block_on_thread). */
ac_waker parker_waker(parker *p);
/* YOURS (ex2): let the parked thread go, or the next park return at once. */
void parker_unpark(parker *p);
/* YOURS (ex2): sleep until unparked (at once if an unpark came first);
 * consume that unpark. */
void parker_park(parker *p);
/* YOURS (ex2): poll f on this thread until Ready, parking between polls. */
void block_on_thread(ac_future *f);

#endif
