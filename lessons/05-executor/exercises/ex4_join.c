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
 * Check it:  ctest --preset learner -R 05-executor/ex4
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll join_poll(ac_future *self, ac_context *cx)
{
    join_handle *h = (join_handle *)self;
    (void)h;
    (void)cx;
    /* TODO: released handle (h->task == NULL): Ready.  Otherwise under
     * h->task->ex->lock: done -> Ready.  Not done -> keep a clone of
     * cx->waker in task->joiner (keep the stored one if
     * ac_waker_will_wake says it is the same; drop a different old one
     * after unlocking) and return AC_PENDING. */
    AC_TODO();
}
