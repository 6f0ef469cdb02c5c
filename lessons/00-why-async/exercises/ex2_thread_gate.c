/*
 * Exercise 2: a gate that holds threads - the thread side of the lesson.
 *
 * What it must do (lesson.h has the struct):
 *   gate_thread_main  the body of every gate thread: be counted in
 *                     `waiting` while blocked at the gate (no CPU used),
 *                     leave when it opens, counted out again.
 *   gate_spawn        start gate threads until g->count reaches max or
 *                     the capacity, whichever is smaller, or until
 *                     pthread_create fails: 0, or that failure's error
 *                     number as pthread_create returned it.
 *   gate_open_and_join  open the gate, let every thread through, join
 *                     them all; return how many, leaving count at 0.
 *
 *   gate_spawn(&g, 100, NULL);  gate_waiting(&g) == 100 (soon);
 *   gate_open_and_join(&g) == 100
 *
 * The contract: `open` and `waiting` are shared by all the threads, so
 * they are only touched under g->lock.  A condition variable may wake a
 * waiter for no reason: that does not open the gate.  Only threads that
 * really started are counted (and joined).  `max-threads` uses your gate
 * to start threads until the system says no.
 *
 * Read first: docs/00-why-async.md, "The same thing in C" and "What the
 * numbers mean" (what `max-threads` measures with it).
 *
 * Check it:  ./course check 00/ex2   (or: ctest --preset learner -R 00-why-async/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

void *gate_thread_main(void *arg)
{
    thread_gate *g = arg;
    (void)g;
    /* TODO: counted in, blocked until the gate is open, counted out. */
    AC_TODO();
}

int gate_spawn(thread_gate *g, size_t max, const pthread_attr_t *attr)
{
    (void)g;
    (void)max;
    (void)attr;
    /* TODO: start threads up to the target; stop at the first failure. */
    AC_TODO();
}

size_t gate_open_and_join(thread_gate *g)
{
    (void)g;
    /* TODO: open the gate for everyone, then join every thread started. */
    AC_TODO();
}
