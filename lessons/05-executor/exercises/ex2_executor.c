/*
 * Exercise 2: the executor - many tasks, one thread, sleeping when idle.
 *
 *   task_schedule(t)      (what a task's waker does; any thread may call it)
 *     under ex->lock: if t is neither queued nor done, push it (with a
 *     reference for the queue entry) and signal ex->work.
 *
 *   executor_run(ex)
 *     while tasks are alive (ex->live > 0):
 *       pop one -> poll it (unlocked!) -> Ready? done, live--, wake joiner
 *       queue empty? executor_park_locked(ex) until a wake signals
 *
 * Three countdowns of 2, 0 and 1 spawned as A, B, C are polled
 * A B C A C A, and run returns when the last one is Ready.
 *
 * Check it:  ctest --preset learner -R 05-executor/ex2
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

void task_schedule(task *t)
{
    (void)t;
    /* TODO: lock t->ex->lock; if !t->queued && !t->done: task_ref(t),
     * executor_push_locked, pthread_cond_signal(&ex->work); unlock. */
    AC_TODO();
}

void executor_run(executor *ex)
{
    (void)ex;
    /* TODO: with ex->lock held, loop while ex->live > 0:
     *   t = executor_pop_locked(ex); none? executor_park_locked(ex), again.
     *   Unlock, then poll t->future with a waker from task_waker(t) (drop
     *   the waker after the poll); count t->polls and ex->polls.
     *   On AC_READY, under the lock: t->done = true, ex->live--, take
     *   t->joiner out (leave {0}); unlocked, ac_waker_wake() it if set.
     *   Call ex->observe(t, result, ex->observe_arg) if set, task_unref(t),
     *   lock again.
     * Unlock when the loop ends. */
    AC_TODO();
}
