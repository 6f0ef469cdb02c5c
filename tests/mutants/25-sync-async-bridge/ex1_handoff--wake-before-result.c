/* MUTANT of ex1_handoff.c: the finish wakes the task before it stores the result, so the poll that wake
 * causes finds nothing and the task sleeps forever.  Caught by
 * the_poll_a_wake_causes_finds_the_result (the eager waker polls inside the wake). */
#include "lesson.h"

void handoff_finish(handoff *h, void *result)
{
    pthread_mutex_lock(&h->lock);
    ac_waker w = h->waker;
    h->waker = (ac_waker){0};
    pthread_mutex_unlock(&h->lock);
    if (w.vtable != NULL)
        ac_waker_wake(&w); /* MUTANT: woken before the result is there */
    pthread_mutex_lock(&h->lock);
    h->result = result;
    h->done = true;
    pthread_mutex_unlock(&h->lock);
}

ac_poll handoff_poll(handoff *h, ac_context *cx, void **result)
{
    pthread_mutex_lock(&h->lock);
    if (h->done) {
        *result = h->result;
        pthread_mutex_unlock(&h->lock);
        return AC_READY;
    }
    /* keep one waker: the newest poll's (a task may move between polls) */
    if (h->waker.vtable == NULL || !ac_waker_will_wake(&h->waker, cx->waker)) {
        if (h->waker.vtable != NULL)
            ac_waker_drop(&h->waker);
        h->waker = ac_waker_clone(cx->waker);
    }
    pthread_mutex_unlock(&h->lock);
    return AC_PENDING;
}
