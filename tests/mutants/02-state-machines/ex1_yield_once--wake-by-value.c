/* Mutant of exercise 1: wakes with ac_waker_wake (casting away the
 * const), which uses up the borrowed waker in the context.  Caught by
 * yield_once_is_pending_once_then_ready (the waker after the poll). */
#include "lesson.h"

ac_poll yield_once_poll(ac_future *self, ac_context *cx)
{
    yield_once *y = (yield_once *)self;
    if (!y->yielded) {
        y->yielded = true;
        /* Nothing outside will finish this "operation", so we ask to be
         * polled again ourselves: that keeps rule 2. */
        ac_waker_wake((ac_waker *)cx->waker); /* the mistake: consumes a borrowed waker */
        return AC_PENDING;
    }
    y->output = y->value;
    return AC_READY;
}
