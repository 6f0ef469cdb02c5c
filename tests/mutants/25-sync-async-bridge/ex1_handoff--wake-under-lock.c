/* MUTANT of ex1_handoff.c: the finish wakes while it still holds h->lock; a runtime that polls the
 * woken task at once (on the same or another thread) blocks on that lock.  Caught by
 * the_poll_a_wake_causes_finds_the_result (a self-deadlock: the hang watchdog names it). */
#include "lesson.h"

void handoff_finish(handoff *h, void *result)
{
    pthread_mutex_lock(&h->lock);
    h->result = result; /* first the result ... */
    h->done = true;
    ac_waker w = h->waker; /* ... then take the waker out */
    h->waker = (ac_waker){0};
    if (w.vtable != NULL)
        ac_waker_wake(&w); /* MUTANT: still under the lock */
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
