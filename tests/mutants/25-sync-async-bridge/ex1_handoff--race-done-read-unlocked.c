/* MUTANT of ex1_handoff.c: the poll peeks at h->done before taking the lock ("a fast path"): a read
 * that races the finish's write on the pool thread, and a window where the
 * waker is stored after the finish looked for it (a lost wake).  Caught by
 * a_finish_on_another_thread_meets_the_poll_under_the_lock under TSan (and
 * many_handoffs_across_threads, some runs). */
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
    if (h->done) { /* MUTANT: read without the lock */
        pthread_mutex_lock(&h->lock);
        *result = h->result;
        pthread_mutex_unlock(&h->lock);
        return AC_READY;
    }
    pthread_mutex_lock(&h->lock);
    /* keep one waker: the newest poll's (a task may move between polls) */
    if (h->waker.vtable == NULL || !ac_waker_will_wake(&h->waker, cx->waker)) {
        if (h->waker.vtable != NULL)
            ac_waker_drop(&h->waker);
        h->waker = ac_waker_clone(cx->waker);
    }
    pthread_mutex_unlock(&h->lock);
    return AC_PENDING;
}
