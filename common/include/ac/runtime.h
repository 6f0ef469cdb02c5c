/*
 * runtime.h - layer 6: the multi-threaded, work-stealing runtime.
 *
 * N worker threads poll the same tasks as the single-threaded executor
 * (task.h: same state machine, same wakers, same join handles).  Each
 * worker has its own queue; idle workers steal.
 *
 *    spawn/wake from   +---------- worker i ----------+
 *    outside threads   | LIFO slot: the task the      |      steal half
 *         |            |  running one just woke       |   <-------------- idle worker j
 *         v            | local ring (deque.h, 256):   |   (random victim)
 *   [ injector ] <---- |  pop oldest / push newest    |
 *    (mutex list)  overflow: half the ring moves out  |
 *         |            +------------------------------+
 *         +--> popped when the local work runs out, and every
 *              global_queue_interval ticks even when it has not
 *
 * Parking: a worker with nothing to run or steal sleeps on a condition
 * variable (0% CPU).  New work wakes at most one sleeper, and none while
 * some worker is already searching: the searcher will find it, and the
 * last searcher to give up looks once more before it sleeps.
 *
 * DRIVERS: one reactor and one timer heap, shared by every worker (and
 * by block_on's thread), when the builder asks for enable_io and/or
 * enable_time (common/src/runtime_driver.c, reactor_shared.c):
 *
 *   idle worker A --takes the token--> epoll_wait: registered fds, the
 *                                      timerfd (earliest timer), the eventfd
 *   idle worker B --token taken------> its condition variable
 *   busy worker C --every event_interval ticks, if the token is free-->
 *                                      epoll_wait(0), no blocking
 *   any thread: register/arm an fd, start/stop a timer (under the driver's
 *               lock; a timer earlier than the alarm resets the timerfd, so
 *               A wakes for it by itself)
 *   (the poll(2) backend, AC_REACTOR=poll, too: there an arm writes the
 *   eventfd so that A rebuilds its array with the new slot; a known bug
 *   there still misses a rebuild now and then, so A never waits longer
 *   than 10 ms at a time: see reactor_poll.c)
 *
 * A wake the driver dispatches goes to the dispatching worker's LIFO slot
 * and ring, and a sleeper is notified as for any wake (a condvar sleeper
 * first; the one in epoll through the eventfd only when it is the last).
 * A sleep, timeout or socket polled on a runtime built WITHOUT that driver
 * aborts with a message naming the driver and the builder field (never a
 * hang).  The runtime's clock (ac_runtime_clock) cannot be paused: tests
 * that need paused time use the single-threaded executor.
 *
 * Threads: ac_runtime_spawn, ac_join_* (task.h) and waking work from any
 * thread.  ac_runtime_block_on from a thread that is not a worker.
 * spawn.h's ac_spawn_current / ac_now / ac_timers_current answer on
 * workers and in block_on as on an executor.
 */
#ifndef AC_RUNTIME_H
#define AC_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ac/clock.h"
#include "ac/executor.h" /* AC_FOREVER */
#include "ac/future.h"
#include "ac/spawn.h"
#include "ac/task.h"

typedef struct ac_runtime ac_runtime;

/* Everything a runtime is built from; start from ac_runtime_builder_new(). */
typedef struct ac_runtime_builder {
    unsigned workers;               /* worker threads; 0: the CPU count */
    unsigned global_queue_interval; /* ticks between forced injector looks (fairness); 0: 31 */
    unsigned event_interval;        /* polls between a busy worker's looks at the driver; 0: 61 */
    unsigned local_queue_capacity;  /* slots of each local ring, a power of two; 0: 256 */
    unsigned max_blocking_threads;  /* cap of the blocking pool (blocking.h); 0: 512 */
    ac_nanos blocking_keep_alive;   /* a blocking thread idle this long exits; 0: 10 s */
    const char *thread_name;        /* worker i is "<name>-<i>" (15 chars max); NULL: "ac-worker" */
    bool enable_io;                 /* sockets and fds (ac_io, net.h) work on the workers */
    bool enable_time;               /* sleeps, timeouts and intervals work on the workers */
    /* optional: called on each worker thread as it starts and as it stops */
    void (*on_thread_start)(void *user, unsigned worker);
    void (*on_thread_stop)(void *user, unsigned worker);
    void *hook_user;
} ac_runtime_builder;

/* Per-worker counters (layer 7 shows them).  Each worker writes its own;
 * a read while it runs is a consistent snapshot of each number. */
typedef struct ac_worker_stats {
    uint64_t polls;         /* tasks polled */
    uint64_t lifo_hits;     /* polls that came from the LIFO slot */
    uint64_t injector_pops; /* tasks taken from the global injector */
    uint64_t steals;        /* tasks moved from another worker's ring */
    uint64_t overflows;     /* times a full ring moved half to the injector */
    uint64_t parks;         /* times the worker went to sleep */
} ac_worker_stats;

/* The defaults (every field 0 or NULL means "default"). */
ac_runtime_builder ac_runtime_builder_new(void);

/* Start the workers (and the driver, if asked for); 0 or a negative errno
 * (-EINVAL: a capacity that is not a power of two; -EMFILE/-ENOMEM: the
 * driver could not start). */
int ac_runtime_build(const ac_runtime_builder *b, ac_runtime **out);

/* Copy a never-polled future into a new task and queue it, from any
 * thread.  After shutdown began (or out of memory) the handle comes back
 * already finished with no output, and the future was not touched: what
 * it holds is still the caller's. */
ac_join_handle ac_runtime_spawn(ac_runtime *rt, const void *future, size_t size);
#define AC_RUNTIME_SPAWN(rt, fut) ac_runtime_spawn((rt), &(fut), sizeof(fut))

/* Poll `root` on the calling thread (not a worker) until it is Ready,
 * while the workers run every spawned task.  One block_on at a time. */
void ac_runtime_block_on(ac_runtime *rt, ac_future *root);

/* The runtime's clock: what its sleeps and timeouts read.  Never pause it
 * (ac_clock_pause): the shared driver does not move paused time. */
ac_clock *ac_runtime_clock(ac_runtime *rt);

/* The runtime whose worker (or block_on) this thread is running, or NULL. */
ac_runtime *ac_runtime_current(void);
/* This thread's worker index, or -1 if it is not a worker. */
int ac_runtime_worker_index(void);
unsigned ac_runtime_workers(const ac_runtime *rt);
/* Tasks spawned and not yet completed (or dropped). */
size_t ac_runtime_live_tasks(ac_runtime *rt);
void ac_runtime_worker_stats(ac_runtime *rt, unsigned worker, ac_worker_stats *out);

/*
 * From a thread that is not a worker.  Stop: every worker finishes the poll it is in and exits; no new spawn
 * is accepted.  When all have exited within `timeout` (AC_FOREVER: no limit), every task still alive is
 * dropped (its future's drop runs, its joiners see it aborted) and 0 is returned.  -ETIMEDOUT: some worker is
 * still in a poll; call again later.  A second call after 0 does nothing.
 * The blocking pool (blocking.h): queued jobs are cancelled at once (their futures turn Ready with
 * -ECANCELED), running ones may finish within the same deadline; -ETIMEDOUT while one still runs.
 */
int ac_runtime_shutdown(ac_runtime *rt, ac_nanos timeout);
/* Shut down (no time limit) if not yet, then free the runtime and its
 * driver.  Close the sockets you keep outside tasks (a listener made on
 * this thread, say) before this: the shared reactor goes with it. */
void ac_runtime_free(ac_runtime *rt);

#endif
