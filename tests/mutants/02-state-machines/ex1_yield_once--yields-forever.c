/* Mutant of exercise 1: never records that it yielded, so every poll is
 * "the first": Pending and a wake, forever.  Caught by
 * yield_once_is_pending_once_then_ready (the second poll). */
#include "lesson.h"

ac_poll yield_once_poll(ac_future *self, ac_context *cx)
{
    yield_once *y = (yield_once *)self;
    if (!y->yielded) {
        /* the mistake: y->yielded is never set */
        /* Nothing outside will finish this "operation", so we ask to be
         * polled again ourselves: that keeps rule 2. */
        ac_waker_wake_by_ref(cx->waker);
        return AC_PENDING;
    }
    y->output = y->value;
    return AC_READY;
}
