/* Mutant of exercise 3: the report says aborted whatever happened, even for
 * a target that finished by itself. Caught by
 * stopper_lets_a_finished_target_be. */
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

    s->output.aborted = true;
    s->output.final_count = *s->counter;
    ac_join_release(&s->target);
    AC_END(&s->co);
}
