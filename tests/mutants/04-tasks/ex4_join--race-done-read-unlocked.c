/* Mutant of exercise 4: done is read before taking the queue's lock, racing
 * with the thread that finishes the task. Caught under TSan by
 * join_sees_a_task_finish_on_another_thread. */
#include "lesson.h"

ac_poll join_poll(ac_future *self, ac_context *cx)
{
    join_handle *h = (join_handle *)self;
    task *t = h->task;
    if (t == NULL)
        return AC_READY; /* released: nothing to wait for */

    if (t->done)
        return AC_READY; /* the output is in the task: join_output() */
    pthread_mutex_lock(&t->queue->lock);
    /* Not done: leave our waker for run_tasks.  Keep the stored one if it
     * already wakes the same thing; otherwise swap in a clone. */
    ac_waker old = {0};
    if (t->joiner.vtable == NULL || !ac_waker_will_wake(&t->joiner, cx->waker)) {
        old = t->joiner;
        t->joiner = ac_waker_clone(cx->waker);
    }
    pthread_mutex_unlock(&t->queue->lock);
    if (old.vtable != NULL)
        ac_waker_drop(&old); /* outside the lock: dropping may free a task */
    return AC_PENDING;
}
