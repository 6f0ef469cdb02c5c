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
 * Check it:  ./course check 05/ex2   (or: ctest --preset learner -R 05-executor/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

void task_schedule(task *t)
{
    (void)t;
    /* TODO: what a task's wake does, from any thread: put t back on its
     * executor's queue - once (a queued or done task is left alone), with
     * a reference of its own for the queue entry - and make sure an
     * executor asleep in executor_park_locked notices.  Every shared field
     * is guarded by t->ex->lock.
     * The idea: docs/05-executor.md, "The executor: many tasks, one thread". */
    AC_TODO();
}

void executor_run(executor *ex)
{
    (void)ex;
    /* TODO: run every spawned task to Ready, then return.  The contract:
     *   - return only when no task is alive (ex->live), not merely when
     *     the queue is empty: tasks may be waiting for wakes from other
     *     threads, and meanwhile the executor sleeps (executor_park_locked)
     *     instead of spinning;
     *   - each poll uses a waker for that task, and gives back every
     *     reference it took, the popped queue entry's included;
     *   - never poll, wake or unref while holding ex->lock: a future that
     *     wakes its own task takes that lock;
     *   - on Ready the task is done, no longer alive, and its joiner is
     *     woken once and no longer stored; count polls in t->polls and
     *     ex->polls, and call ex->observe (if set) after every poll.
     * The idea: docs/05-executor.md, "The executor: many tasks, one thread". */
    AC_TODO();
}
