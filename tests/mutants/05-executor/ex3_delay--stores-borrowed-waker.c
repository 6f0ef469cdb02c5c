/* Mutant of exercise 3: the first poll stores the context's waker itself,
 * not a clone, though it is only borrowed for that poll. Caught by
 * delay_is_woken_by_its_thread_then_ready (clones == drops). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lesson.h"

void *delay_sleeper(void *arg)
{
    delay *d = arg;
    struct timespec left = {.tv_sec = (time_t)(d->duration / AC_SEC(1)),
                            .tv_nsec = (long)(d->duration % AC_SEC(1))};
    while (nanosleep(&left, &left) != 0 && errno == EINTR)
        ;
    /* Time is up.  Take the waiter out under the lock, wake it outside:
     * the wake may take other locks (the executor's). */
    pthread_mutex_lock(&d->lock);
    d->fired = true;
    ac_waker waiter = d->waiter.waker;
    d->waiter.waker = (ac_waker){0};
    pthread_mutex_unlock(&d->lock);
    if (waiter.vtable != NULL)
        ac_waker_wake(&waiter);
    return NULL;
}

ac_poll delay_poll(ac_future *self, ac_context *cx)
{
    delay *d = (delay *)self;
    if (!d->started) {
        /* First poll: from now on the future stays put, so the lock can
         * live in it and the thread can point at it. */
        pthread_mutex_init(&d->lock, NULL);
        d->fired = false;
        d->waiter = (ac_waker_slot){0};
        d->waiter.waker = *cx->waker;
        d->started = true;
        if (pthread_create(&d->sleeper, NULL, delay_sleeper, d) != 0) {
            fprintf(stderr, "delay: cannot start a thread\n");
            abort();
        }
        return AC_PENDING;
    }

    pthread_mutex_lock(&d->lock);
    bool fired = d->fired;
    if (!fired)
        ac_waker_slot_set(&d->waiter, cx->waker); /* polled early: wake the latest poller */
    pthread_mutex_unlock(&d->lock);
    if (!fired)
        return AC_PENDING;

    pthread_join(d->sleeper, NULL); /* it has woken us; let it finish */
    pthread_mutex_destroy(&d->lock);
    d->finished = true;
    d->output = d->message;
    return AC_READY;
}
