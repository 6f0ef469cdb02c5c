/* Mutant of exercise 1: returns Pending without waking ("the executor will
 * poll again anyway"): rule 2 broken, a real executor never polls again.
 * Caught by countdown_pending_until_zero_then_ready (the wakes). */
#include "lesson.h"

ac_poll countdown_poll(ac_future *self, ac_context *cx)
{
    countdown *c = (countdown *)self;
    if (c->count == 0)
        return AC_READY;
    c->count--;
    /* Nothing outside will ever wake us, so we wake ourselves: "poll me
     * again as soon as you can".  Forget this and the task sleeps forever. */
    (void)cx; /* the mistake: no wake */
    return AC_PENDING;
}
