/*
 * Lesson 04 - tasks: the exercise interface.
 *
 * A future cannot run itself.  A task is the envelope the executor
 * handles instead: the future (whatever its type), a reference count, and
 * the address of the queue it goes back to when it is woken.
 *
 *   one malloc'd block per task
 *   +------------------------------- task ------------------------------+
 *   | future --+ | queue | next | refs | queued | done | joiner | name  |
 *   |          |                                                        |
 *   |          v storage: the future's own bytes, copied in at spawn    |
 *   +-------------------------------------------------------------------+
 *
 *   spawn --> [ queue ] --pop--> poll --Pending--> (waits for a wake)
 *                ^                 |                      |
 *                |                 +--Ready--> done, joiner woken
 *                +------------ wake: push the task back --+
 *
 * This is a teaching-sized copy of what common/ does for real
 * (common/include/ac/task.h and executor.h): the real task keeps these
 * flags in one atomic state word instead of behind the queue's lock.
 *
 * The program (main.c, demo_tasks.c, demo_rules.c), the stubs you fill in
 * (exercises/) and the checks (tests/lessons/04-tasks.c) all meet here:
 *
 *   you write (exercises/)   ex1_task_new.c    task_new     a future in an envelope
 *                            ex2_task_waker.c  task_waker   a waker that re-queues its task
 *                            ex3_run_tasks.c   run_tasks    the loop that runs tasks
 *                            ex4_join.c        join_poll    the join handle's poll
 *   the lesson gives you     given_queue.c     the run queue, task_ref/unref, join plumbing, spawn
 *                            given_futures.c   countdown and answer, the futures put in tasks
 */
#ifndef LESSON04_H
#define LESSON04_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "ac/future.h"

typedef struct task task;

/* ---- the run queue (given, given_queue.c) --------------------------- */

/* A FIFO of tasks.  It has a lock because a wake may come from any thread
 * (lesson 05's timers wake tasks from helper threads). */
typedef struct task_queue {
    pthread_mutex_t lock;
    task *head, *tail;
    size_t length;
} task_queue;

void task_queue_init(task_queue *q);
/* Let go of every task still queued, then of the lock. */
void task_queue_destroy(task_queue *q);
/* Append t, setting t->queued.  The queue entry takes over one reference.
 * Call with q->lock held. */
void task_queue_push_locked(task_queue *q, task *t);
/* Take the first task off, clearing t->queued; the caller receives the
 * entry's reference.  Tasks that finished while queued (woken during their
 * last poll) are let go of and skipped.  NULL when the queue is empty. */
task *task_queue_pop(task_queue *q);
size_t task_queue_length(task_queue *q);
bool task_queue_contains(task_queue *q, const task *t);
/* "[countdown answer]": the queue's contents, front first, written to buf. */
const char *task_queue_describe(task_queue *q, char *buf, size_t size);

/* ---- the task -------------------------------------------------------- */

struct task {
    ac_future *future;                    /* type-erased: only future->vtable knows what it is */
    task_queue *queue;                    /* where a wake sends this task back */
    task *next;                           /* link while queued */
    atomic_uint refs;                     /* the spawner's handle + the queue entry + each waker */
    bool queued;                          /* in the queue right now       (guarded by queue->lock) */
    bool done;                            /* the future returned Ready    (guarded by queue->lock) */
    ac_waker joiner;                      /* who awaits the join handle; .vtable NULL: nobody (queue->lock) */
    const char *name;                     /* for printing */
    unsigned polls;                       /* how often it has been polled */
    _Alignas(16) unsigned char storage[]; /* the future's bytes live here */
};

/* Given (given_queue.c): reference counting.  The last task_unref drops the
 * future if it never finished, drops a waiting joiner, and frees. */
void task_ref(task *t);
void task_unref(task *t);

/* ---- Exercise 1: put a future in an envelope (exercises/ex1_task_new.c) ----
 * One allocation holding the task header and a copy of the `size` bytes of
 * a never-polled future.  The new task has one reference (the caller's),
 * is not queued and not done.  NULL when out of memory. */
task *task_new(task_queue *q, const char *name, const void *future, size_t size);

/* ---- Exercise 2: a waker that re-queues its task (exercises/ex2_task_waker.c) ----
 * A new waker for t: it holds one reference to t, given back by
 * ac_waker_drop() or ac_waker_wake().  Waking it pushes t onto t->queue,
 * unless t is queued already or done. */
ac_waker task_waker(task *t);

/* ---- Exercise 3: the task lifecycle (exercises/ex3_run_tasks.c) ----
 * Until the queue is empty: pop a task, poll its future with a waker for
 * that task, and on Ready mark it done and wake its joiner.  After every
 * poll call observe(task, result, arg) if observe is not NULL, while the
 * task is still alive.  Returns how many polls it made. */
typedef void (*task_observer)(task *t, ac_poll result, void *arg);

unsigned run_tasks(task_queue *q, task_observer observe, void *arg);

/* ---- Exercise 4: the join handle (exercises/ex4_join.c) ----
 * A join handle is a future that is Ready once its task is done; until
 * then each poll leaves (a clone of) the poller's waker in task->joiner,
 * for run_tasks to wake.  It holds the spawner's reference to the task. */
typedef struct join_handle {
    ac_future base;
    task *task; /* NULL once released */
} join_handle;

ac_poll join_poll(ac_future *self, ac_context *cx);

/* Given (given_queue.c): wrap the spawner's reference in a handle. */
join_handle join_handle_for(task *t);
/* The task's output once done (NULL before, or if the future has none). */
void *join_output(join_handle *h);
/* Give the reference back; the task runs on, detached, if not done. */
void join_release(join_handle *h);

/* Given (given_queue.c): task_new + push onto q.  The handle holds the
 * spawner's reference; release it with join_release(). */
join_handle spawn(task_queue *q, const char *name, const void *future, size_t size);

/* ---- futures the demos and checks use (given, given_futures.c) --------- */

/* Pending `count` times, waking itself each time, then Ready. */
typedef struct countdown {
    ac_future base;
    unsigned count;
} countdown;
countdown countdown_new(unsigned count);

/* Steps aside `pauses` times, then is Ready with `value` as output. */
typedef struct answer {
    ac_future base;
    unsigned pauses;
    int value;
    int output;
} answer;
answer answer_new(unsigned pauses, int value);

#endif
