/* Mutant of exercise 1: wakes on the Ready poll too, asking for a poll a
 * finished future does not need.  Caught by
 * yield_once_is_pending_once_then_ready (the wakes after Ready). */
#include "lesson.h"

ac_poll yield_once_poll(ac_future *self, ac_context *cx)
{
    yield_once *y = (yield_once *)self;
    if (!y->yielded) {
        y->yielded = true;
        /* Nothing outside will finish this "operation", so we ask to be
         * polled again ourselves: that keeps rule 2. */
        ac_waker_wake_by_ref(cx->waker);
        return AC_PENDING;
    }
    y->output = y->value;
    ac_waker_wake_by_ref(cx->waker); /* the mistake: Ready needs no wake */
    return AC_READY;
}
