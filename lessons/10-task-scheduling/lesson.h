/*
 * Lesson 10 - task scheduling: the exercise interface.
 *
 * Unlike the early lessons, everything here runs on the real runtime in
 * common/: ac_executor, AC_SPAWN, join handles, ac_yield_now(),
 * ac_join_abort() and the coroutine macros of coro.h.  The program
 * (main.c, demo_*.c), the stubs (exercises/) and the checks
 * (tests/lessons/10-task-scheduling.c) all meet here.
 *
 * The futures below come in two halves: the vtable and constructor are
 * given (given_tasks.c), and the vtable's poll is a small wrapper that
 * calls the function YOU write and prints a trace line when
 * `lesson_trace` is on.
 *
 *     executor --poll--> sum_three_step (given: trace) --> sum_three_poll (yours)
 */
#ifndef LESSON10_H
#define LESSON10_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ac/coro.h"
#include "ac/executor.h"
#include "ac/future.h"
#include "ac/task.h"

/* Demos set this to print one line per poll; checks leave it off. */
extern bool lesson_trace;

/* printf, prefixed with "[poll N]" (N = the running executor's poll
 * count), only when lesson_trace is on. */
void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The future inside a spawned task, e.g. to read a worker's progress
 * while it runs.  NULL for a released handle. */
void *task_future_of(ac_join_handle *h);

/* ---- given: a job that takes `turns` turns, then returns `value` ------
 * Each poll before the last one is a yield (wake self, Pending). */
typedef struct job {
    ac_future base;
    int value;      /* what it returns */
    unsigned turns; /* yields before it returns */
    unsigned turn;  /* yields done */
    int output;     /* Ready: == value */
} job;

job job_new(int value, unsigned turns);

/* ---- Exercise 1: spawn three jobs, await their handles, add them up ----
 * (exercises/ex1_sum_three.c)
 *
 * First poll: spawn job_new(values[k], k + 1) for k = 0, 1, 2 on the
 * executor that is running us (ac_executor_current()), keeping the three
 * join handles.  Then await handle 0, 1, 2 in order (`next` = the one
 * being awaited), add each job's output into `output`, and release each
 * handle once its value is taken.  Ready with output = the sum. */
typedef struct sum_three {
    ac_future base;
    ac_coro co;
    int values[3];             /* input: what each job returns */
    ac_join_handle handles[3]; /* one per spawned job */
    int next;                  /* index of the handle being awaited */
    int output;                /* the running sum; the answer when Ready */
} sum_three;

sum_three sum_three_new(int a, int b, int c);
ac_poll sum_three_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 2: a worker that steps aside every `every` units --------
 * (exercises/ex2_worker.c)
 *
 * Do `work` units of work with worker_do_unit().  After every `every`
 * units (when done % every == 0) yield once with ac_yield_now(), so the
 * other tasks get a turn.  every == 0 means "never yield": the whole job
 * happens in ONE poll and everybody else waits.  Ready when done == work. */
typedef struct worker {
    ac_future base;
    ac_coro co;
    const char *name;    /* for the trace */
    unsigned long work;  /* units to do */
    unsigned long every; /* yield after this many units; 0 = never */
    unsigned long done;  /* units done so far: the output when Ready */
    uint64_t acc;        /* what the "work" computes */
    ac_yield yield;      /* the yield being awaited */
    /* kept by the given wrapper, not by you: */
    unsigned long polls, yields;
    unsigned long trace_every; /* trace every this many polls (plus the first 3) */
    int64_t longest_poll_ns;
} worker;

worker worker_new(const char *name, unsigned long work, unsigned long every);
/* One unit of busy work (a few arithmetic steps): done += 1. */
void worker_do_unit(worker *w);
ac_poll worker_poll(ac_future *self, ac_context *cx);

/* ---- given: a ticker, counting once per turn --------------------------
 * Each turn adds one to *counter and yields (ac_yield_now), until
 * *counter == max.  Its drop entry adds one to *drops: proof it was
 * cancelled, and how often. */
typedef struct ticker {
    ac_future base;
    ac_coro co;
    ac_yield nap;
    unsigned *counter;
    unsigned max;
    unsigned *drops;
} ticker;

ticker ticker_new(unsigned *counter, unsigned max, unsigned *drops);

/* ---- Exercise 3: stop a task through its join handle ------------------
 * (exercises/ex3_stopper.c)
 *
 * Yield until *counter >= limit or the target has finished by itself.
 * Then abort the target through its handle (harmless if it finished),
 * await the handle, fill in `output`, and release the handle. */
typedef struct stop_report {
    bool aborted;         /* ac_join_was_aborted() of the target */
    unsigned final_count; /* *counter once the target has stopped */
} stop_report;

typedef struct stopper {
    ac_future base;
    ac_coro co;
    ac_join_handle target;   /* owned: the stopper releases it */
    const unsigned *counter; /* the target's counter */
    unsigned limit;
    ac_yield yield;
    stop_report output;
} stopper;

/* Takes over `target` (the caller must not release it). */
stopper stopper_new(ac_join_handle target, const unsigned *counter, unsigned limit);
ac_poll stopper_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 4: a run loop with a fairness budget --------------------
 * (exercises/ex4_budget.c)
 *
 * A tiny executor with no I/O of its own: a FIFO of task indexes, a waker
 * that pushes a task back on it, and `check_events`, which stands for
 * "ask the OS what happened" and may wake tasks. */
#define MINI_MAX_TASKS 16

typedef struct mini_executor mini_executor;

typedef struct mini_task {
    ac_future *future;
    mini_executor *owner;
    bool queued; /* in the FIFO right now */
    bool done;   /* returned Ready: never poll again */
} mini_task;

struct mini_executor {
    mini_task tasks[MINI_MAX_TASKS];
    size_t ntasks;
    size_t fifo[MINI_MAX_TASKS]; /* ring of task indexes */
    size_t head, len;
    unsigned budget; /* polls between two event checks (>= 1) */
    void (*check_events)(mini_executor *m, void *arg);
    void *arg;
    unsigned long polls;        /* every poll so far */
    unsigned long event_checks; /* every call of check_events so far */
};

void mini_init(mini_executor *m, unsigned budget, void (*check_events)(mini_executor *m, void *arg),
               void *arg);
/* Add a future (it stays where it is: pass a pointer) and queue it. */
size_t mini_spawn(mini_executor *m, ac_future *f);
/* Take the index at the front of the FIFO; false when it is empty. */
bool mini_pop(mini_executor *m, size_t *index);
/* The waker of a task: waking pushes it on the FIFO (once). */
ac_waker mini_waker(mini_task *t);
/* Wake task `index` from outside (what an event source does). */
void mini_wake(mini_executor *m, size_t index);

/*
 * Run until nothing is left to do; returns m->polls.
 *   - pop a task, poll it with its waker, count the poll in m->polls,
 *     mark it done when Ready;
 *   - every time m->polls reaches a multiple of m->budget, call
 *     check_events once (the fairness check: busy or not, look outside);
 *   - when the FIFO is empty, call check_events once (the "park"); if
 *     that queued nothing, return.
 * Count every check_events call in m->event_checks.
 */
unsigned long mini_run(mini_executor *m);

#endif
