/*
 * Lesson 00 - why async: the exercise interface.
 *
 * Two ways to have ten thousand things wait at once:
 *
 *   threads: one OS thread per waiter    tasks: one small struct per waiter
 *   +--------+ +--------+ +--------+      +----+----+----+----+----+----+
 *   | stack  | | stack  | | stack  | ...  | s  | s  | s  | s  | s  | s  | ...
 *   | 8 MiB  | | 8 MiB  | | 8 MiB  |      +----+----+----+----+----+----+
 *   | reserv.| | reserv.| | reserv.|      one thread polls them; a timer
 *   +--------+ +--------+ +--------+      heap says when each is due
 *   kernel schedules each one
 *
 *   ex1  sleeper_poll        the task side's waiter: a coroutine that sleeps
 *                            on the runtime's timer heap, then counts itself
 *   ex2  gate_thread_main,   the thread side's: a crowd of threads parked on
 *        gate_spawn,         a condition variable until the gate opens (as
 *        gate_open_and_join  `max-threads` uses)
 *
 * The program (main.c, demo_threads.c, demo_tasks.c), the code the lesson
 * gives (given_sleeper.c, given_gate.c, given_proc_stats.c), the stubs
 * (exercises/) and the checks (tests/lessons/00-why-async.c) all meet here.
 */
#ifndef LESSON00_H
#define LESSON00_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "ac/coro.h"
#include "ac/sleep.h"

/* ---- Exercise 1: a task that sleeps (exercises/ex1_sleeper.c) -------------
 * Sleep `duration` on the runtime clock, then add one to *done, then Ready.
 * Write it as a coroutine: AC_BEGIN, make the sleep, AC_AWAIT it, count,
 * AC_END.  The drop (given) cancels a sleep in progress. */
typedef struct sleeper {
    ac_future base;
    ac_coro co;
    ac_nanos duration;   /* how long to sleep */
    unsigned long *done; /* counted up when the sleep is over */
    ac_sleep nap;        /* the sleep being awaited */
} sleeper;

sleeper sleeper_new(ac_nanos duration, unsigned long *done); /* given (given_sleeper.c) */
ac_poll sleeper_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 2: threads parked at a gate (exercises/ex2_thread_gate.c) ---
 * A gate holds threads blocked on a condition variable (they use no CPU
 * while they wait) until it opens. */
typedef struct thread_gate {
    pthread_mutex_t lock;
    pthread_cond_t opened; /* signalled when `open` becomes true */
    bool open;             /* guarded by lock */
    size_t waiting;        /* threads blocked at the gate; guarded by lock */
    pthread_t *threads;    /* the threads started, threads[0..count) */
    size_t count, cap;     /* started so far; room in threads[] */
} thread_gate;

bool gate_init(thread_gate *g, size_t cap); /* given (given_gate.c) */
void gate_destroy(thread_gate *g);          /* given: after gate_open_and_join */
size_t gate_waiting(thread_gate *g);        /* given: reads `waiting` under the lock */

/* The body of every gate thread (arg is the gate): count itself in
 * `waiting`, block until the gate is open, count itself out, return NULL. */
void *gate_thread_main(void *arg);
/* Start gate threads (with attr, NULL for the defaults) until `count`
 * reaches min(max, cap) or pthread_create fails.  0, or that failure's
 * error number (EAGAIN when the process is out of address space, threads
 * or memory).  The threads started stay recorded either way. */
int gate_spawn(thread_gate *g, size_t max, const pthread_attr_t *attr);
/* Open the gate, wake every thread, join them all; returns how many were
 * joined and leaves count at 0. */
size_t gate_open_and_join(thread_gate *g);

#endif
