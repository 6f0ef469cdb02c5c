/* Mutant of exercise 4: Pending without leaving a waker in task->joiner:
 * nobody will ever wake the awaiting task. Caught by
 * join_is_pending_until_done_then_yields_42. */
#include "lesson.h"

ac_poll join_poll(ac_future *self, ac_context *cx)
{
    join_handle *h = (join_handle *)self;
    task *t = h->task;
    if (t == NULL)
        return AC_READY;

    /* The task may finish on another thread at any moment: checking
     * `done` and storing the waker under the same lock as executor_run's
     * "set done, take joiner" means the wake cannot slip between them. */
    pthread_mutex_lock(&t->ex->lock);
    if (t->done) {
        pthread_mutex_unlock(&t->ex->lock);
        return AC_READY;
    }
    ac_waker old = {0};
    if (t->joiner.vtable == NULL || !ac_waker_will_wake(&t->joiner, cx->waker)) {
        old = t->joiner;
        (void)cx;
    }
    pthread_mutex_unlock(&t->ex->lock);
    if (old.vtable != NULL)
        ac_waker_drop(&old);
    return AC_PENDING;
}
