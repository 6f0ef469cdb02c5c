/* Mutant of exercise 1: takes one off first and is Ready when that
 * reaches 0, so countdown(3) is Pending twice, not three times.  Caught by
 * countdown_pending_until_zero_then_ready. */
#include "lesson.h"

ac_poll countdown_poll(ac_future *self, ac_context *cx)
{
    countdown *c = (countdown *)self;
    if (c->count == 0 || --c->count == 0) /* the mistake: Ready one poll early */
        return AC_READY;
    /* Nothing outside will ever wake us, so we wake ourselves: "poll me
     * again as soon as you can".  Forget this and the task sleeps forever. */
    ac_waker_wake_by_ref(cx->waker);
    return AC_PENDING;
}
