/* Mutant of exercise 1: takes one off before looking (count-- == 0), so the
 * Ready poll wraps the count below 0.  Caught by
 * countdown_of_zero_is_ready_without_waking (the count after Ready). */
#include "lesson.h"

ac_poll countdown_poll(ac_future *self, ac_context *cx)
{
    countdown *c = (countdown *)self;
    if (c->count-- == 0) /* the mistake: the Ready poll takes one off too */
        return AC_READY;
    /* Nothing outside will ever wake us, so we wake ourselves: "poll me
     * again as soon as you can".  Forget this and the task sleeps forever. */
    ac_waker_wake_by_ref(cx->waker);
    return AC_PENDING;
}
