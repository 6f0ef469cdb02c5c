/* Mutant of exercise 1: the first poll returns Pending without waking:
 * rule 2 broken, an executor never polls it again.  Caught by
 * yield_once_is_pending_once_then_ready (the wakes) and
 * yield_once_finishes_on_the_executor. */
#include "lesson.h"

ac_poll yield_once_poll(ac_future *self, ac_context *cx)
{
    yield_once *y = (yield_once *)self;
    if (!y->yielded) {
        y->yielded = true;
        /* Nothing outside will finish this "operation", so we ask to be
         * polled again ourselves: that keeps rule 2. */
        (void)cx; /* the mistake: no wake */
        return AC_PENDING;
    }
    y->output = y->value;
    return AC_READY;
}
