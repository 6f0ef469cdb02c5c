/* Mutant of exercise 2: the queue entry takes no reference, so the
 * executor's unref after the poll frees a task others hold. Caught by
 * task_schedule_queues_once_and_wakes_the_joiner (refs). */
#include "lesson.h"

void task_schedule(task *t)
{
    executor *ex = t->ex;
    pthread_mutex_lock(&ex->lock);
    if (!t->queued && !t->done) {
        executor_push_locked(ex, t);
        /* The executor may be asleep in executor_park_locked: wake it.
         * Signalling under the lock means it cannot miss this. */
        pthread_cond_signal(&ex->work);
    }
    pthread_mutex_unlock(&ex->lock);
}

void executor_run(executor *ex)
{
    pthread_mutex_lock(&ex->lock);
    while (ex->live > 0) {
        task *t = executor_pop_locked(ex);
        if (t == NULL) {
            /* Tasks are alive but none is runnable: they are all waiting
             * for wakes from elsewhere.  Sleep until one arrives. */
            executor_park_locked(ex);
            continue;
        }
        pthread_mutex_unlock(&ex->lock); /* never poll holding the lock: a wake would deadlock */

        ac_waker waker = task_waker(t);
        ac_context cx = {.waker = &waker};
        ac_poll result = ac_future_poll(t->future, &cx);
        ac_waker_drop(&waker);
        t->polls++;
        ex->polls++;

        if (result == AC_READY) {
            pthread_mutex_lock(&ex->lock);
            t->done = true;
            ex->live--;
            ac_waker joiner = t->joiner;
            t->joiner = (ac_waker){0};
            pthread_mutex_unlock(&ex->lock);
            if (joiner.vtable != NULL)
                ac_waker_wake(&joiner); /* maybe another thread, blocked on the handle */
        }
        if (ex->observe != NULL)
            ex->observe(t, result, ex->observe_arg);
        task_unref(t); /* the queue entry's reference */
        pthread_mutex_lock(&ex->lock);
    }
    pthread_mutex_unlock(&ex->lock);
}
