/*
 * Exercise 4: join_poll - wait for a task, maybe from another thread.
 *
 * The same idea as lesson 04's, now for real: the executor may run on
 * another thread, so the task can finish between any two of your lines.
 *
 *   main thread                          executor thread
 *   block_on(&handle.base)
 *     join_poll: not done -> store waker
 *     Pending -> park                    ... runs the task ... Ready:
 *                                        done = true; take joiner; wake it
 *     unparked -> join_poll: done -> Ready
 *   *(int *)join_output(&handle) == 42
 *
 * Check it:  ./course check 05/ex4   (or: ctest --preset learner -R 05-executor/ex4)
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
     * is Ready too); until then Pending, with a waker for the latest
     * poller in task->joiner for executor_run to wake.  What you store is
     * a clone (the context's waker is borrowed), one per waiter - a
     * replaced one is given back, after unlocking.  The task may finish
     * on another thread between any two of your lines: looking at done
     * and storing the waker happen under the executor's lock, together.
     * The idea: docs/05-executor.md, "Join handles across threads". */
    AC_TODO();
}
