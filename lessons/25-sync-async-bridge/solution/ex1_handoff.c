/* Exercise 1, reference solution: handoff_finish, handoff_poll. */
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
    if (h->waker.vtable == NULL || !ac_waker_will_wake(&h->waker, cx->waker)) {
        if (h->waker.vtable != NULL)
            ac_waker_drop(&h->waker);
        h->waker = ac_waker_clone(cx->waker);
    }
    pthread_mutex_unlock(&h->lock);
    return AC_PENDING;
}
