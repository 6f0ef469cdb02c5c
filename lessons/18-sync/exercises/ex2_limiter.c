/*
 * Exercise 2: job_poll - a semaphore of 5 over 20 jobs.
 *
 *   jobs 1-5: acquire -> Ready, working...        running = 5
 *   job 6:    acquire -> Pending                  (waits in line)
 *   job 1:    done, release -> job 6 is woken
 *
 * Check it:  ./course check 18/ex2   (or: ctest --preset learner -R 18-sync/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll job_poll(ac_future *self, ac_context *cx)
{
    job *j = (job *)self;
    (void)j;
    (void)cx;
    /* TODO: run only while holding one permit of l->sem: while you hold it,
     * count yourself in l->running (keeping l->max_running), and await
     * ac_yield_now() `work` times.  When done: count yourself out, add one
     * to l->done, and let the next job in. */
    AC_TODO();
}
