/*
 * blocking.h - layer 6: a pool of threads for code that cannot be async.
 *
 * A poll must never block (future.h, rule 3).  Some work does: a
 * read() of a file, getaddrinfo(), a library with no async API, or a
 * long computation.  Run on a worker, it stalls every task that worker
 * would have polled.  ac_spawn_blocking hands it to a thread of its own
 * and gives back a future of its result:
 *
 *   task (worker)                        blocking pool
 *   -------------                        -------------
 *   f = ac_spawn_blocking(fn, arg)  --->  [ FIFO queue ] ---> idle thread, or a new
 *   AC_AWAIT f: Pending, waker stored       one up to max_threads, runs fn(arg)
 *        ...  the worker polls others ...          |
 *   woken <--- result stored, THEN waker woken ----+
 *   f.out.value == fn's result
 *
 * Threads start on demand (never more than max_threads), are reused, and
 * retire after `keep_alive` without work.  A job that finds every thread
 * busy and the cap reached waits in the queue; none is lost.
 *
 * Who owns what:
 *   - `arg` goes to the job.  fn(arg) runs on a pool thread, once at most.
 *   - `discard` (optional) is called exactly once for every job whose
 *     result nobody will read: with ran == false when fn never ran (the
 *     future was dropped while the job was queued, the pool was shut down
 *     or refused it) - then it owns `arg`; with ran == true when fn ran but
 *     its future was dropped before reading the result - then it owns
 *     `result`.  It runs on whichever thread found out.
 *   - The future must be polled to Ready or dropped (ac_future_drop), like
 *     any future.  Dropping it before the job started: the job never runs.
 *     Dropping it while fn runs: fn finishes on its thread, the result goes
 *     to `discard`; nothing waits for it, nothing is leaked or freed twice.
 *
 * Unlike other constructors, ac_spawn_blocking starts the work at once
 * (the job is queued before the first poll): several jobs can run side by
 * side while the task awaits the first.  The future holds only a pointer
 * to the job, so it may be moved (spawned, copied) until its first poll.
 *
 * Each runtime owns one pool, made on first use: ac_runtime (runtime.h)
 * with the builder's max_blocking_threads and blocking_keep_alive, and
 * ac_executor with the defaults.  Shutting the runtime down cancels the
 * queued jobs (their futures come out Ready with err -ECANCELED) and
 * waits, within its deadline, for the running ones to finish.
 */
#ifndef AC_BLOCKING_H
#define AC_BLOCKING_H

#include <stdbool.h>
#include <stdint.h>

#include "ac/clock.h"
#include "ac/executor.h"
#include "ac/future.h"
#include "ac/runtime.h"

#define AC_BLOCKING_MAX_THREADS 512        /* tokio's default */
#define AC_BLOCKING_KEEP_ALIVE  AC_SEC(10) /* tokio's default */

typedef struct ac_blocking_pool ac_blocking_pool;
typedef struct ac__blocking_job ac__blocking_job;

/* The work: runs on a pool thread; what it returns is the future's value. */
typedef void *(*ac_blocking_fn)(void *arg);
/* Cleanup for a job whose result nobody reads (see above). */
typedef void (*ac_blocking_discard_fn)(void *arg, void *result, bool ran);

/* The output of an ac_blocking future. */
typedef struct ac_blocking_result {
    void *value; /* what fn returned; NULL when err != 0 */
    int err;     /* 0: fn ran; -ECANCELED: the pool was shut down before
                    it started; -ENOMEM / -EAGAIN: no job or no thread */
} ac_blocking_result;

typedef struct ac_blocking {
    ac_future base;         /* private */
    ac__blocking_job *job;  /* private: NULL once Ready (or refused) */
    ac_blocking_result out; /* public: read once Ready */
} ac_blocking;

/* What a pool is doing (a snapshot; each number consistent). */
typedef struct ac_blocking_stats {
    uint64_t spawned;   /* threads ever started */
    uint64_t retired;   /* threads that exited after keep_alive idle */
    uint64_t completed; /* jobs whose fn returned */
    uint64_t cancelled; /* jobs that never ran (dropped, shut down) */
    unsigned threads;   /* threads alive now */
    unsigned idle;      /* of those, waiting for work */
    unsigned running;   /* jobs inside fn now */
    unsigned queued;    /* jobs waiting for a thread */
} ac_blocking_stats;

/* Run fn(arg) on the pool of the runtime running this thread (an
 * ac_executor's task, an ac_runtime worker or its block_on thread).
 * Outside any runtime it says who called and aborts. */
ac_blocking ac_spawn_blocking(ac_blocking_fn fn, void *arg);
ac_blocking ac_spawn_blocking_with(ac_blocking_fn fn, void *arg, ac_blocking_discard_fn discard);

/* The same on a given pool, from any thread. */
ac_blocking ac_blocking_pool_spawn(ac_blocking_pool *p, ac_blocking_fn fn, void *arg,
                                   ac_blocking_discard_fn discard);

/* The pool of that runtime, made now if it has none yet. NULL: no memory. */
ac_blocking_pool *ac_runtime_blocking_pool(ac_runtime *rt);
ac_blocking_pool *ac_executor_blocking_pool(ac_executor *ex);

/* A pool of its own: max_threads 0 means AC_BLOCKING_MAX_THREADS,
 * keep_alive 0 means AC_BLOCKING_KEEP_ALIVE.  0 or a negative errno. */
int ac_blocking_pool_new(unsigned max_threads, ac_nanos keep_alive, ac_blocking_pool **out);
void ac_blocking_pool_stats(ac_blocking_pool *p, ac_blocking_stats *out);
/* Refuse new jobs, cancel the queued ones, and wait up to `timeout`
 * (AC_FOREVER: no limit) for the running ones and every thread to exit.
 * 0, or -ETIMEDOUT: a job is still running; call again later. */
int ac_blocking_pool_shutdown(ac_blocking_pool *p, ac_nanos timeout);
/* Shut down (no time limit) if not yet, then free. */
void ac_blocking_pool_free(ac_blocking_pool *p);

#endif
