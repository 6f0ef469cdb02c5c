/*
 * given_futures.c - given: countdown, and the parts of the delay that are not
 * exercise 3 (its constructor, vtable and drop).
 */
#include "lesson.h"

static ac_poll countdown_poll(ac_future *self, ac_context *cx)
{
    countdown *c = (countdown *)self;
    if (c->count == 0)
        return AC_READY;
    c->count--;
    ac_waker_wake_by_ref(cx->waker);
    return AC_PENDING;
}

static const ac_future_vtable countdown_vtable = {.name = "countdown", .poll = countdown_poll};

countdown countdown_new(unsigned count) { return (countdown){.base = {&countdown_vtable}, .count = count}; }

/* Cancelled before Ready: forget the waiter first (so the helper thread
 * wakes nobody), then wait for the thread to end.  A real timer would be
 * cancelled at once; a sleeping thread cannot be, which is one reason
 * real runtimes keep timers in a heap instead (common/, layer 3). */
static void delay_drop(ac_future *self)
{
    delay *d = (delay *)self;
    if (!d->started || d->finished)
        return;
    pthread_mutex_lock(&d->lock);
    ac_waker_slot_clear(&d->waiter);
    pthread_mutex_unlock(&d->lock);
    pthread_join(d->sleeper, NULL);
    pthread_mutex_destroy(&d->lock);
    d->finished = true;
}

static const ac_future_vtable delay_vtable = {
    .name = "delay",
    .poll = delay_poll,
    .drop = delay_drop,
    AC_OUTPUT(delay, output),
};

delay delay_new(ac_nanos duration, const char *message)
{
    /* The lock is set up by the first poll, not here: a future may be
     * copied until its first poll, and a mutex must not be. */
    return (delay){.base = {&delay_vtable}, .duration = duration, .message = message};
}
