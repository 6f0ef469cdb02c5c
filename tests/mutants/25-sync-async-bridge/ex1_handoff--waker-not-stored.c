/* MUTANT of ex1_handoff.c: a Pending poll returns without keeping the waker, so the finish has nobody
 * to wake.  Caught by pending_keeps_one_waker_and_finish_wakes_it. */
#include "lesson.h"

void handoff_finish(handoff *h, void *result)
{
    pthread_mutex_lock(&h->lock);
    h->result = result; /* first the result ... */
    h->done = true;
    ac_waker w = h->waker; /* ... then take the waker out */
    h->waker = (ac_waker){0};
    pthread_mutex_unlock(&h->lock);
    if (w.vtable != NULL)
        ac_waker_wake(&w); /* outside the lock: the woken task may poll at once */
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
    (void)cx; /* MUTANT: no waker kept */
    pthread_mutex_unlock(&h->lock);
    return AC_PENDING;
}
