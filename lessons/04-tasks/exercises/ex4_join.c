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
 * Check it:  ctest --preset learner -R 04-tasks/ex4
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll join_poll(ac_future *self, ac_context *cx)
{
    join_handle *h = (join_handle *)self;
    (void)h;
    (void)cx;
    /* TODO: a released handle (h->task == NULL) is Ready.  Otherwise, with
     * the task's queue lock held: if the task is done, it is Ready.  If
     * not, store a clone of cx->waker in task->joiner (the context's waker
     * is only borrowed) - dropping any different waker stored before, but
     * after unlocking - and return AC_PENDING. */
    AC_TODO();
}
