/* Mutant of exercise 3: the handle is released before it is asked whether
 * the target was aborted, so the answer is always no. Caught by
 * stopper_aborts_the_ticker_at_three (aborted). */
#include "lesson.h"

ac_poll stopper_poll(ac_future *self, ac_context *cx)
{
    stopper *s = (stopper *)self;
    AC_BEGIN(&s->co);

    /* Watch the counter one turn at a time.  The second condition keeps
     * us from waiting forever for a count the target will never reach. */
    while (*s->counter < s->limit && !ac_join_is_finished(&s->target)) {
        s->yield = ac_yield_now();
        AC_AWAIT(&s->co, cx, &s->yield.base);
    }

    /* Abort only asks: the target's future is dropped at its next turn,
     * not now.  Awaiting the handle is how we learn that it happened. */
    ac_join_abort(&s->target);
    AC_AWAIT(&s->co, cx, &s->target.base);

    ac_join_release(&s->target);
    s->output.aborted = ac_join_was_aborted(&s->target);
    s->output.final_count = *s->counter;
    AC_END(&s->co);
}
