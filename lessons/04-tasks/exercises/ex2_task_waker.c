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
 * Check it:  ctest --preset learner -R 04-tasks/ex2
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

/* TODO: write the four functions of an ac_waker_vtable for a task (their
 * `data` is the task *), a static const table holding them, and:
 *   clone:       task_ref, then return a waker with the same data and table
 *   wake_by_ref: lock t->queue->lock; if neither queued nor done, take a
 *                reference for the queue entry and task_queue_push_locked;
 *                unlock
 *   wake:        like wake_by_ref, then give this waker's reference back
 *   drop:        task_unref
 * Remove the (void)t line and the AC_TODO() when you are done. */

ac_waker task_waker(task *t)
{
    (void)t;
    /* TODO: return a clone: a waker for t holding a new reference. */
    AC_TODO();
}
