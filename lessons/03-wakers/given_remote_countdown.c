/*
 * given_remote_countdown.c - a countdown woken from another thread.
 *
 * The future and its helper thread share a small mailbox under a mutex:
 *
 *   poll (executor thread)                 helper thread
 *   --------------------------             ------------------------------
 *   lock                                   lock
 *   count == 0? -> join helper, Ready      wait until tick_pending or stop
 *   store a clone of the waker             unlock, sleep `delay`, lock
 *   tick_pending = true, signal            count--, take the stored waker
 *   unlock, Pending                        unlock, wake it (by value)
 *
 * The helper wakes with the lock released: a wake may run arbitrary code
 * (here: unpark a thread), and holding our lock across it invites
 * deadlock.  The future starts the helper on its first poll, not in the
 * constructor: a future may be copied until it is first polled, and
 * mutexes and threads must not be.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lesson.h"

static void sleep_for(ac_nanos d)
{
    struct timespec ts = {.tv_sec = (time_t)(d / AC_SEC(1)), .tv_nsec = (long)(d % AC_SEC(1))};
    while (nanosleep(&ts, &ts) != 0)
        ; /* interrupted by a signal: sleep the rest */
}

static void *helper_main(void *arg)
{
    remote_countdown *r = arg;
    pthread_mutex_lock(&r->lock);
    for (;;) {
        while (!r->tick_pending && !r->stop)
            pthread_cond_wait(&r->cond, &r->lock);
        if (r->stop)
            break;
        pthread_mutex_unlock(&r->lock);
        sleep_for(r->delay); /* "the I/O takes a while" */
        pthread_mutex_lock(&r->lock);
        if (r->count > 0)
            r->count--;
        unsigned now = r->count;
        ac_waker w = ac_waker_slot_take(&r->waiter); /* wake it outside the lock */
        r->tick_pending = false;
        pthread_mutex_unlock(&r->lock);

        if (r->on_tick != NULL)
            r->on_tick(now, r->arg);
        if (w.vtable != NULL)
            ac_waker_wake(&w); /* consumes the clone the poll stored */
        pthread_mutex_lock(&r->lock);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* Stop and join the helper, release the stored waker: after this no wake
 * can come from us. */
static void remote_shutdown(remote_countdown *r)
{
    if (!r->started)
        return;
    pthread_mutex_lock(&r->lock);
    r->stop = true;
    pthread_cond_signal(&r->cond);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->helper, NULL);
    ac_waker_slot_clear(&r->waiter);
    pthread_cond_destroy(&r->cond);
    pthread_mutex_destroy(&r->lock);
    r->started = false;
}

static ac_poll remote_poll(ac_future *self, ac_context *cx)
{
    remote_countdown *r = (remote_countdown *)self;
    if (!r->started) {
        if (r->count == 0)
            return AC_READY; /* nothing to wait for: no thread needed */
        pthread_mutex_init(&r->lock, NULL);
        pthread_cond_init(&r->cond, NULL);
        if (pthread_create(&r->helper, NULL, helper_main, r) != 0) {
            perror("remote_countdown: pthread_create");
            abort();
        }
        r->started = true;
    }
    pthread_mutex_lock(&r->lock);
    bool done = r->count == 0;
    if (!done) {
        ac_waker_slot_set(&r->waiter, cx->waker); /* borrowed: keep a clone */
        if (!r->tick_pending) {
            r->tick_pending = true;
            pthread_cond_signal(&r->cond);
        }
    }
    pthread_mutex_unlock(&r->lock);
    if (!done)
        return AC_PENDING;
    remote_shutdown(r);
    return AC_READY;
}

static void remote_drop(ac_future *self) { remote_shutdown((remote_countdown *)self); }

static const ac_future_vtable remote_vtable = {
    .name = "remote_countdown", .poll = remote_poll, .drop = remote_drop};

remote_countdown remote_countdown_new(unsigned count, ac_nanos delay, tick_observer on_tick, void *arg)
{
    return (remote_countdown){
        .base = {&remote_vtable}, .count = count, .delay = delay, .on_tick = on_tick, .arg = arg};
}
