/*
 * runtime_internal.h - the multi-threaded runtime's insides, shared by
 * runtime.c (building, spawning, block_on, shutdown) and runtime_worker.c
 * (the worker loop: queues, stealing, parking).
 */
#ifndef AC_RUNTIME_INTERNAL_H
#define AC_RUNTIME_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "ac/reactor.h"
#include "ac/runtime.h"
#include "deque.h"
#include "executor_internal.h"
#include "reactor_internal.h"
#include "task_cache.h"
#include "waitq.h" /* ac_spinlock */

/* A task woken by the running one goes to the LIFO slot at most this many
 * times in a row; then it queues like any other, so two tasks that wake
 * each other cannot keep the rest of the queue waiting. */
#define AC__LIFO_MAX_STREAK 3

/*
 * The live tasks, split in shards by task id so that a spawn on one worker
 * and a completion on another rarely want the same lock: one global list
 * was two lock round trips per task, all on one contended cache line.
 *
 *   task id & shard_mask --> shards[i]: [ lock | closed | live | head ] -> t <-> t <-> t
 *                             (one cache line each, so neighbours do not share)
 *
 * A task finds its shard again from its id alone: ac_task has no room for
 * one more field, and its 64-byte header is a number the course prints.
 */
typedef struct ac__live_shard {
    /* a spin lock: held for a few pointer writes, and its unlock is a plain
     * release store where a mutex's is one more locked instruction */
    _Alignas(64) ac_spinlock lock;
    ac_task *head; /* linked through all_prev/all_next */
    size_t live;
    bool closed; /* no more spawns (set on every shard by shutdown) */
} ac__live_shard;

typedef struct ac__worker {
    ac_runtime *rt;
    unsigned index;
    pthread_t thread;
    bool started, joined; /* owned by the thread that builds / shuts down */
    /* owner only */
    ac__deque local;
    ac_task *lifo;
    unsigned lifo_streak;
    uint32_t rng;              /* victim choice (xorshift) */
    uint32_t tick;             /* scheduling decisions so far */
    bool searching;            /* counted in rt->num_searching */
    unsigned driver_countdown; /* ticks until a look at the driver (event_interval) */
    ac__task_cache cache;      /* installed on the worker's thread while it runs */
    /* under rt->idle_lock */
    pthread_cond_t cond;
    bool notified;
    /* written by the owner only (relaxed load + store: no locked add);
     * read by anyone */
    _Atomic uint64_t polls, lifo_hits, injector_pops, steals, overflows, parks;
} ac__worker;

struct ac_runtime {
    ac_scheduler sched; /* first: tasks point here */
    ac__worker *workers;
    unsigned n_workers;
    unsigned global_queue_interval;
    unsigned event_interval;
    char thread_name[12];
    void (*on_thread_start)(void *user, unsigned worker);
    void (*on_thread_stop)(void *user, unsigned worker);
    void *hook_user;

    /* the global injector: a FIFO of tasks linked through task->next */
    pthread_mutex_t inj_lock;
    ac_task *inj_head, *inj_tail;
    _Atomic size_t inj_len; /* read without the lock to skip it when empty */

    ac__task_depot depot; /* task blocks going from the workers that complete to those that spawn */

    /* every live task, for shutdown to drop: a list per shard (below) */
    ac__live_shard *shards;
    unsigned shard_mask; /* shards - 1, a power of two */

    /* parking: a stack of sleeping workers */
    pthread_mutex_t idle_lock;
    unsigned *sleepers;
    unsigned n_sleepers;
    _Atomic unsigned num_searching; /* workers looking for work to steal */
    _Atomic unsigned num_sleeping;  /* == n_sleepers, readable without the lock */
    _Atomic bool shutdown;
    bool dropped; /* shutdown finished: tasks dropped, queues empty */

    /* block_on's root waker: a flag and a condition variable */
    pthread_mutex_t root_lock;
    pthread_cond_t root_cond;
    bool root_woken;
    bool in_block_on;

    /* the drivers (runtime_driver.c) */
    ac_executor host;   /* never run: its eventfd interrupts the driver's wait, its clock is the runtime's */
    bool host_ready;    /* host initialised (free closes it) */
    ac_reactor *driver; /* the shared reactor and timers; NULL when neither driver was asked for */
    bool io_enabled, time_enabled;
    int driver_sleeper; /* under idle_lock: the sleeper waiting in the driver, or -1 */

    /* the blocking pool (blocking.c), made on the first spawn_blocking */
    _Atomic(struct ac_blocking_pool *) blocking;
    unsigned max_blocking_threads;
    ac_nanos blocking_keep_alive;
};

/* Worker side (runtime_worker.c). */
void *ac__worker_main(void *arg);
void ac__runtime_schedule(ac_scheduler *s, ac_task *t);
void ac__runtime_push_spawned(ac_runtime *rt, ac_task *t);
void ac__runtime_inject(ac_runtime *rt, ac_task *t);
ac_task *ac__runtime_inject_pop(ac_runtime *rt);
void ac__runtime_notify_parked(ac_runtime *rt);
void ac__runtime_unlink(ac_runtime *rt, ac_task *t);

/* The drivers (runtime_driver.c). */
int ac__driver_init(ac_runtime *rt, const ac_runtime_builder *b);
void ac__driver_free(ac_runtime *rt);
/* Point this thread's driver lookups (executor_internal.h) at rt's, saving
 * what was there; leave puts it back. */
typedef struct ac__driver_tls {
    struct ac_reactor *reactor;
    ac_timers *timers;
    ac_clock *clock;
    const char *driverless;
} ac__driver_tls;
ac__driver_tls ac__driver_enter(ac_runtime *rt);
void ac__driver_leave(ac__driver_tls saved);
/* Before each poll of a task or of the root: record the driver's turn. */
static inline void ac__driver_before_poll(ac_runtime *rt)
{
    if (rt->driver != NULL)
        ac__poll_turn = ac__shared_turn_now(rt->driver->shared);
}
/* Park w in the driver if no one else holds it: true when it did (w is
 * out of the sleepers again, searching if it was notified).  False: the
 * caller sleeps on its condition variable. */
bool ac__driver_park(ac__worker *w);
/* A busy worker's look at the driver, every event_interval ticks. */
void ac__driver_look(ac__worker *w);

/* The worker this thread is, or NULL. */
extern _Thread_local ac__worker *ac__current_worker;
extern _Thread_local ac_runtime *ac__current_runtime;

#endif
