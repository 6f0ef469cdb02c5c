/*
 * Lesson 05 - a minimal executor: the exercise interface.
 *
 * Two executors, smallest first:
 *
 *   block_on(f)       one future, on the calling thread:
 *                       poll -> Pending -> park the thread -> a wake unparks it -> poll ...
 *
 *   executor_run(ex)  many tasks from a queue:
 *
 *     spawn --> [ queue ] --pop--> poll --Pending--> (waits for a wake)
 *                 ^   |                                   |
 *                 |   +-- empty? park until a wake -------+
 *                 +------ wake (any thread): push + signal
 *
 * and the future that makes waiting real: a delay whose helper thread
 * sleeps, then wakes whoever polled it.
 *
 * Teaching-sized on purpose: common/include/ac/executor.h is the real
 * thing (an eventfd instead of a condition variable, an atomic task state
 * instead of flags under one lock, and timers instead of a thread per
 * delay).  The program (main.c, demo_executor.c), the stubs (exercises/)
 * and the checks (tests/lessons/05-executor.c) all meet here:
 *
 *   you write (exercises/)   ex1_block_on.c    block_on                      one future, one thread
 *                            ex2_executor.c    task_schedule, executor_run   many tasks, one thread
 *                            ex3_delay.c       delay_poll, delay_sleeper     waiting on a helper thread
 *                            ex4_join.c        join_poll                     join handles across threads
 *   the lesson gives you     given_parker.c    tracing and the parker behind block_on's waker
 *                            twin_executor.c   tasks, their waker, the queue, spawn, join plumbing
 *                            given_futures.c   countdown, and the delay's constructor and drop
 */
#ifndef LESSON05_H
#define LESSON05_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "ac/clock.h"
#include "ac/future.h"

/* ---- tracing (given, given_parker.c): demos turn it on, checks leave it off */

void trace_enable(bool on);
/* printf with a timestamp since trace_enable(true), when tracing is on. */
void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- the parker (given, given_parker.c) --------------------------------- */

/* "Sleep until someone unparks me": a flag, a lock and a condition
 * variable.  An unpark before the park is not lost: the flag remembers it. */
typedef struct parker {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool notified; /* an unpark that the parked thread has not seen yet */
    unsigned parks, unparks;
} parker;

void parker_init(parker *p);
void parker_destroy(parker *p);
/* Block until notified (at once if already), then clear the flag. */
void parker_park(parker *p);
/* Set the flag and wake the parked thread, from any thread. */
void parker_unpark(parker *p);
/* A waker whose wake unparks p.  Clones are plain copies: no reference
 * counting, so every clone must be gone before p is destroyed. */
ac_waker parker_waker(parker *p);

/* ---- Exercise 1: block_on (exercises/ex1_block_on.c) ----
 * Poll f on this thread until it is Ready, parking the thread after every
 * Pending (the waker unparks it).  Returns how many polls it took. */
unsigned block_on(ac_future *f);

/* ---- the multi-task executor (given, twin_executor.c) ------------------- */

typedef struct task task;

/* Called after every poll, while the task is alive (for printing). */
typedef void (*poll_observer)(task *t, ac_poll result, void *arg);

typedef struct executor {
    pthread_mutex_t lock; /* guards everything below but the counters */
    pthread_cond_t work;  /* signalled when a task is queued */
    task *head, *tail;    /* the run queue */
    size_t live;          /* spawned and not yet Ready */
    unsigned polls;       /* counted by executor_run */
    unsigned parks;       /* counted by executor_park_locked */
    poll_observer observe;
    void *observe_arg;
} executor;

struct task {
    ac_future *future; /* type-erased; points at storage */
    executor *ex;      /* where a wake sends it */
    task *next;        /* link while queued */
    atomic_uint refs;  /* join handle + queue entry + each waker */
    bool queued;       /* in ex's queue       (guarded by ex->lock) */
    bool done;         /* returned Ready      (guarded by ex->lock) */
    ac_waker joiner;   /* who awaits the join handle, .vtable NULL: nobody (ex->lock) */
    const char *name;
    unsigned polls;
    _Alignas(16) unsigned char storage[];
};

void executor_init(executor *ex);
/* Let go of whatever is still queued; call after executor_run returned. */
void executor_destroy(executor *ex);
void task_ref(task *t);
/* The last reference drops an unfinished future, the joiner, and frees. */
void task_unref(task *t);
/* A waker for t (one more reference).  Its wake calls task_schedule(t). */
ac_waker task_waker(task *t);
/* Append t to the queue (taking over one reference) and set t->queued.
 * Call with ex->lock held. */
void executor_push_locked(executor *ex, task *t);
/* Take the first task off (clearing t->queued), or NULL.  Call with
 * ex->lock held.  The caller receives the queue entry's reference.  Tasks
 * that finished while queued (woken during their last poll) are skipped. */
task *executor_pop_locked(executor *ex);
/* Sleep until a wake signals ex->work.  Call with ex->lock held; it is
 * released while asleep and held again on return.  Counts ex->parks. */
void executor_park_locked(executor *ex);

/* ---- Exercise 2: the executor (exercises/ex2_executor.c) ----
 * task_schedule: what a task's wake does - push t onto t->ex's queue
 * unless it is queued already or done, and signal ex->work in case the
 * executor is parked.  Safe from any thread.
 * executor_run: poll queued tasks until none is left alive; park when the
 * queue is empty but tasks are still waiting for wakes. */
void task_schedule(task *t);
void executor_run(executor *ex);

/* ---- Exercise 3: a delay backed by a helper thread (exercises/ex3_delay.c) ----
 * First poll: start a thread that sleeps `duration`, then wakes the stored
 * waker.  Every poll stores the latest waker.  The poll after the thread
 * fired joins it and is Ready with `message` as output. */
typedef struct delay {
    ac_future base;
    ac_nanos duration;
    const char *message;
    bool started;         /* thread running (lock and sleeper are set up) */
    bool finished;        /* returned Ready (thread joined, lock gone) */
    pthread_t sleeper;    /* the helper thread */
    pthread_mutex_t lock; /* guards fired and waiter */
    bool fired;           /* the time is up */
    ac_waker_slot waiter; /* whom the helper thread wakes */
    const char *output;   /* == message once Ready */
} delay;

/* Given (given_futures.c): a never-polled delay; its drop joins the thread. */
delay delay_new(ac_nanos duration, const char *message);
ac_poll delay_poll(ac_future *self, ac_context *cx);
/* The helper thread's body; arg is the delay. */
void *delay_sleeper(void *arg);

/* ---- Exercise 4: join handles (exercises/ex4_join.c) ----
 * Ready once the task is done (its output is then at join_output()); until
 * then each poll leaves a clone of the poller's waker in task->joiner,
 * which executor_run wakes when the task finishes - from whichever thread
 * runs the executor. */
typedef struct join_handle {
    ac_future base;
    task *task; /* NULL once released */
} join_handle;

ac_poll join_poll(ac_future *self, ac_context *cx);

/* Given (twin_executor.c): */
join_handle join_handle_for(task *t); /* takes over one reference */
void *join_output(join_handle *h);    /* NULL until done */
void join_release(join_handle *h);
/* Copy a never-polled future into a new task and queue it; thread-safe. */
join_handle spawn(executor *ex, const char *name, const void *future, size_t size);

/* ---- a future the demos use (given, given_futures.c) ------------------- */

/* Pending `count` times, waking itself each time, then Ready. */
typedef struct countdown {
    ac_future base;
    unsigned count;
} countdown;
countdown countdown_new(unsigned count);

#endif
