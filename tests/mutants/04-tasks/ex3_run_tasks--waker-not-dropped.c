/* Mutant of exercise 3: the waker made for each poll is never dropped, so
 * every poll leaks a reference to the task. Caught by
 * run_tasks_round_robin_until_empty (refs). */
#include "lesson.h"

unsigned run_tasks(task_queue *q, task_observer observe, void *arg)
{
    unsigned polls = 0;
    task *t;
    while ((t = task_queue_pop(q)) != NULL) { /* we now hold the entry's reference */
        ac_waker waker = task_waker(t);
        ac_context cx = {.waker = &waker};
        ac_poll result = ac_future_poll(t->future, &cx);
        t->polls++;
        polls++;

        if (result == AC_READY) {
            /* Done: mark it so later wakes are ignored, and tell whoever
             * awaits the join handle.  Wake outside the lock: waking may
             * push onto this very queue. */
            pthread_mutex_lock(&q->lock);
            t->done = true;
            ac_waker joiner = t->joiner;
            t->joiner = (ac_waker){0};
            pthread_mutex_unlock(&q->lock);
            if (joiner.vtable != NULL)
                ac_waker_wake(&joiner);
        }
        /* Pending: do nothing.  If the future arranged a wake it is back in
         * the queue already, or will be when its event happens. */
        if (observe != NULL)
            observe(t, result, arg);
        task_unref(t); /* the queue entry's reference */
    }
    return polls;
}
