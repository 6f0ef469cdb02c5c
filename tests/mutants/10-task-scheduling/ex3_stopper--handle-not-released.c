/* Mutant of exercise 3: the stopper never releases the target's handle, so
 * the target's task is never freed. Caught by
 * stopper_aborts_the_ticker_at_three (handle released) and LeakSanitizer. */
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

    s->output.aborted = ac_join_was_aborted(&s->target);
    s->output.final_count = *s->counter;
    AC_END(&s->co);
}
