/*
 * executor.h - layer 2: the single-threaded runtime.
 *
 * The executor owns a queue of runnable tasks and polls them one at a
 * time.  A task that returns Pending leaves the queue; its waker brings it
 * back.  When nothing is runnable the executor "parks": it asks its driver
 * to wait for something from outside (a wake from another thread, and once
 * layer 3 installs a reactor, I/O readiness and timers).
 *
 *    spawn ---> [ local queue ] ---pop---> poll ---Pending---> (waits)
 *                 ^      ^                  |                    |
 *                 |      +--- wake, same thread ------------------+
 *                 |                                               |
 *            [ remote queue ] <-- wake from another thread -------+
 *                 (mutex)         + eventfd write if parked
 *
 * Every `event_interval` polls the executor also asks the driver for
 * events without blocking, so a flood of always-ready tasks cannot starve
 * I/O.  A task that gives up its turn (its I/O budget spent, or
 * ac_yield_now) is deferred: it runs again only after the driver's next
 * look, behind whatever that look woke.  Spawn only from the executor's
 * own thread; wake from any thread.
 */
#ifndef AC_EXECUTOR_H
#define AC_EXECUTOR_H

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ac/clock.h"
#include "ac/future.h"
#include "ac/task.h"

typedef struct ac_executor ac_executor;

#define AC_FOREVER ((ac_nanos)-1)

/*
 * What the executor waits on when it has nothing to run.  `park` blocks for
 * at most `timeout` (AC_FOREVER, or 0 to only look), wakes the wakers of
 * whatever happened, and must return early when another thread wakes the
 * executor (the reactor watches the executor's wake_fd for that).  The
 * default driver waits on wake_fd alone.
 */
typedef struct ac_driver {
    void (*park)(struct ac_driver *self, ac_executor *ex, ac_nanos timeout);
    void (*close)(struct ac_driver *self, ac_executor *ex); /* may be NULL */
} ac_driver;

typedef struct ac_task_queue {
    ac_task *head, *tail; /* tail: the last task, meaningful only while head != NULL */
} ac_task_queue;

typedef struct ac_executor_stats {
    uint64_t spawned;
    uint64_t polls;
    uint64_t completed;
    uint64_t remote_wakes;  /* wakes that arrived from another thread */
    uint64_t parks;         /* times the executor blocked waiting */
    uint64_t driver_checks; /* non-blocking event checks for fairness */
} ac_executor_stats;

/* Public so that it can live on the caller's stack; read `stats` and
 * nothing else (the rest is for common/src/executor.c). */
struct ac_executor {
    /* private */
    ac_scheduler sched; /* first: tasks point here */
    ac_task_queue local;
    pthread_mutex_t remote_lock;
    ac_task_queue remote;
    _Atomic unsigned pending; /* work that arrives without the local queue: a park must not sleep */
    _Atomic bool sleeping;    /* parked, or about to: remote wakers must write wake_fd */
    int wake_fd;              /* eventfd that interrupts a park */
    ac_task *all;             /* every live task (doubly linked) */
    size_t live;              /* read it with ac_executor_live_tasks() */
    unsigned event_interval;  /* polls between two non-blocking looks at the driver */
    ac_clock clock;           /* use it through ac_executor_clock() */
    ac_driver *driver;
    ac_driver default_driver;
    /* read-only */
    ac_executor_stats stats;
    /* private */
    void *reactor; /* layer 3 hangs its state here */
    void *timers;  /* layer 3 hangs its state here */
    /* private: tasks that gave up their turn (budget spent, ac_yield_now);
     * they run again only after the driver's next look (executor.c) */
    ac_task_queue deferred;
    /* private: the blocking pool (layer 6, blocking.c hangs it here on the
     * first ac_spawn_blocking); close frees it through the pointer */
    void *blocking;
    void (*blocking_free)(void *blocking);
};

/* Set up an executor; 0 or a negative errno. */
int ac_executor_init(ac_executor *ex);
/* Drop every task that is still alive, then free what init took. */
void ac_executor_close(ac_executor *ex);

/* Copy a never-polled future into a new task and queue it.  Out of memory,
 * it says so on stderr and returns a handle that is already finished, with
 * no output (ac_join_take: false; ac_join_was_aborted: false): the future
 * was neither run nor dropped, so whatever it holds is still the caller's. */
ac_join_handle ac_spawn(ac_executor *ex, const void *future, size_t size);
#define AC_SPAWN(ex, fut) ac_spawn((ex), &(fut), sizeof(fut))

/* Poll `root` (kept where it is, e.g. on the caller's stack) and every
 * spawned task until root is Ready. */
void ac_block_on(ac_executor *ex, ac_future *root);
/* Run until no live task is left. */
void ac_executor_run(ac_executor *ex);
/* Run what is runnable now, never blocking; returns the polls done. */
uint64_t ac_executor_run_until_idle(ac_executor *ex);

/* The executor running on this thread, or NULL. */
ac_executor *ac_executor_current(void);
/* The runtime clock every sleep and timeout of `ex` reads (clock.h). */
static inline ac_clock *ac_executor_clock(ac_executor *ex) { return &ex->clock; }
/* Tasks spawned and not yet completed (or dropped). */
static inline size_t ac_executor_live_tasks(const ac_executor *ex) { return ex->live; }

/* Install `driver` (NULL: back to the default one that waits on wake_fd). */
void ac_executor_set_driver(ac_executor *ex, ac_driver *driver);

/* ---- cooperative budget ------------------------------------------------ */

/*
 * How many I/O operations (reads, writes, accepts, datagrams) one poll of
 * a task may complete before the operation itself makes the task yield
 * (tokio calls this "coop").  The executor refills it before every poll of
 * a task (or of block_on's root); layer-4 I/O spends it.  Outside such a
 * poll (a future polled by hand) it is unlimited.  Without it, a task
 * whose peer never lets the socket run dry would loop inside a single poll
 * forever, starving every other task and the reactor.
 *
 * A poll that ends with the budget at 0 and the task woken is a turn given
 * up: the executor "defers" the task, so it runs again only after the
 * driver has looked for events.
 */
#define AC_IO_BUDGET 128

/* For I/O a task does by hand (a raw send() on its hot path): count it
 * against the running poll's budget, without yielding now.  Once the
 * budget is used up, the task's next runtime I/O makes it give up its
 * turn. */
void ac_coop_charge(void);

/* ---- yielding -------------------------------------------------------- */

/* A future that is Pending once and Ready the second time: lets a long
 * task step aside.  The task gives up its turn (its budget, above) and is
 * deferred: it runs again only after the driver has looked for I/O and
 * timers, and behind every task that was runnable.  (AC_YIELD only wakes
 * the task: back of the run queue, no promise about the driver.) */
typedef struct ac_yield {
    /* private */
    ac_future base;
    bool yielded;
} ac_yield;

ac_yield ac_yield_now(void);

#endif
