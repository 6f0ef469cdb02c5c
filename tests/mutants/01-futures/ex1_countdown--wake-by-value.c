/* Mutant of exercise 1: wakes with ac_waker_wake, which consumes the
 * handle: the borrowed waker in the context is given back, though it
 * was never ours.  Caught by countdown_pending_until_zero_then_ready
 * (drops against clones). */
#include "lesson.h"

ac_poll countdown_poll(ac_future *self, ac_context *cx)
{
    countdown *c = (countdown *)self;
    if (c->count == 0)
        return AC_READY;
    c->count--;
    /* Nothing outside will ever wake us, so we wake ourselves: "poll me
     * again as soon as you can".  Forget this and the task sleeps forever. */
    ac_waker_wake((ac_waker *)cx->waker); /* the mistake: casts away const to consume a borrowed waker */
    return AC_PENDING;
}
