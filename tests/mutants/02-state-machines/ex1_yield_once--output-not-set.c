/* Mutant of exercise 1: Ready without moving value into output.  Caught
 * by yield_once_is_pending_once_then_ready (output). */
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
    return AC_READY;
}
