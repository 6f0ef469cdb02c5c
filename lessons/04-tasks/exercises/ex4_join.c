/*
 * Exercise 4: join_poll - get the answer back.
 *
 * spawn() gives you a join_handle: a future that is Ready once its task
 * is done.  Await it (poll it from another task, or by hand) and read the
 * result with join_output():
 *
 *   join_handle h = spawn(&q, "answer", &a, sizeof a);   // answer 42
 *   join_poll(h) before the task is done  -> Pending, waker left in t->joiner
 *   ... run_tasks finishes the task and wakes the joiner ...
 *   join_poll(h)                          -> Ready;  *(int *)join_output(&h) == 42
 *
 * Check it:  ./course check 04/ex4   (or: ctest --preset learner -R 04-tasks/ex4)
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll join_poll(ac_future *self, ac_context *cx)
{
    join_handle *h = (join_handle *)self;
    (void)h;
    (void)cx;
    /* TODO: Ready once the task is done (a released handle, h->task NULL,
     * has nothing to wait for: Ready too).  Until then, Pending - and a
     * Pending poll must leave a way to be woken: task->joiner holds a
     * waker for the latest poller, which run_tasks wakes on Ready.  The
     * context's waker is only borrowed; a stored waker is a reference,
     * and one that is replaced is given back (one per waiter, not one per
     * poll).  done and joiner are shared with the thread that finishes
     * the task: touch them only under the task's queue lock.
     * The idea: docs/04-tasks.md, "The join handle is a future too". */
    AC_TODO();
}
