/* Mutant of exercise 1: wakes on every poll, the Ready one too, so a
 * finished future asks to be polled again.  Caught by
 * countdown_pending_until_zero_then_ready (wakes after Ready). */
#include "lesson.h"

ac_poll countdown_poll(ac_future *self, ac_context *cx)
{
    countdown *c = (countdown *)self;
    if (c->count == 0) {
        ac_waker_wake_by_ref(cx->waker); /* the mistake: Ready needs no wake */
        return AC_READY;
    }
    c->count--;
    /* Nothing outside will ever wake us, so we wake ourselves: "poll me
     * again as soon as you can".  Forget this and the task sleeps forever. */
    ac_waker_wake_by_ref(cx->waker);
    return AC_PENDING;
}
