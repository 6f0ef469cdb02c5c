/*
 * Exercise 2: task_waker - the return address on the envelope.
 *
 * A waker is two words: data (here: the task) and a table of four
 * functions.  For a task, "wake" means "put this task back on its queue":
 *
 *   ac_waker w = task_waker(t);        refs 1 -> 2 (the waker holds one)
 *   ac_waker_wake_by_ref(&w);          t pushed: queue [t], refs 3
 *   ac_waker_wake_by_ref(&w);          already queued: nothing changes
 *   ac_waker_drop(&w);                 refs 3 -> 2
 *   a task that is done ignores wakes.
 *
 * Check it:  ./course check 04/ex2   (or: ctest --preset learner -R 04-tasks/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

/* TODO: a waker's behaviour is its vtable: four functions whose `data` is
 * the task.  The contract they keep together:
 *   - every waker holds one reference to its task (a clone takes another;
 *     drop, and wake by value, give one back), so the task outlives it;
 *   - waking pushes the task onto t->queue, and the queue entry holds a
 *     reference of its own; a task already queued, or done, is left alone
 *     (one event, one poll; never a poll after Ready);
 *   - a wake may come from any thread: queued, done and the queue itself
 *     are only touched with t->queue->lock held.
 * The idea: docs/04-tasks.md, "The waker closes the loop" and "A reference
 * count, because several parties hold the task". */

ac_waker task_waker(task *t)
{
    (void)t;
    /* TODO: a new waker for t, holding a new reference to it. */
    AC_TODO();
}
