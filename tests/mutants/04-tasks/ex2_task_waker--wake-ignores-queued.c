/* Mutant of exercise 2: a wake pushes the task even when it is queued
 * already, so one event polls it twice. Caught by
 * task_waker_requeues_once_and_never_when_done. */
#include "lesson.h"

/* Put the task back on its queue - once.  The flags live under the
 * queue's lock, so a wake from any thread sees them consistently. */
static void schedule(task *t)
{
    task_queue *q = t->queue;
    pthread_mutex_lock(&q->lock);
    if (!t->done) {
        task_ref(t); /* the queue entry's reference */
        task_queue_push_locked(q, t);
    }
    pthread_mutex_unlock(&q->lock);
}

static const ac_waker_vtable task_waker_vtable;

static ac_waker waker_clone(void *data)
{
    task_ref(data); /* every waker is a reference: the task outlives it */
    return (ac_waker){.data = data, .vtable = &task_waker_vtable};
}

static void waker_wake(void *data)
{
    schedule(data);
    task_unref(data); /* wake consumes this waker's reference */
}

static void waker_wake_by_ref(void *data) { schedule(data); }

static void waker_drop(void *data) { task_unref(data); }

static const ac_waker_vtable task_waker_vtable = {
    .clone = waker_clone,
    .wake = waker_wake,
    .wake_by_ref = waker_wake_by_ref,
    .drop = waker_drop,
};

ac_waker task_waker(task *t) { return waker_clone(t); }
