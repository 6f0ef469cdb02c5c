/*
 * Exercise 2: a gate that holds threads - the thread side of the lesson.
 *
 *   gate_spawn(&g, 100, NULL)   100 threads, each blocked in
 *                               pthread_cond_wait (no CPU used)
 *   gate_waiting(&g) == 100
 *   gate_open_and_join(&g)      open, broadcast, join: returns 100
 *
 * `max-threads` uses your gate to start threads until the system says no.
 *
 * Check it:  ctest --preset learner -R 00-why-async/ex2
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

void *gate_thread_main(void *arg)
{
    thread_gate *g = arg;
    (void)g;
    /* TODO: under g->lock: waiting += 1; wait on g->opened while the gate
     * is not open (a while loop: wakeups can be spurious); waiting -= 1.
     * Unlock and return NULL. */
    AC_TODO();
}

int gate_spawn(thread_gate *g, size_t max, const pthread_attr_t *attr)
{
    (void)g;
    (void)max;
    (void)attr;
    /* TODO: while g->count < min(max, g->cap): pthread_create a thread
     * into g->threads[g->count] running gate_thread_main(g); on failure
     * return the error number pthread_create returned; else count it.
     * Return 0 when the target is reached. */
    AC_TODO();
}

size_t gate_open_and_join(thread_gate *g)
{
    (void)g;
    /* TODO: under the lock set g->open and broadcast g->opened.  Then
     * pthread_join every started thread, bring g->count down to 0, and
     * return how many you joined. */
    AC_TODO();
}
