/* Mutant of exercise 1: polls the sleep once and carries on whatever it
 * said, instead of awaiting it: the sleeper is done at once and its timer
 * stays behind.  Caught by
 * a_thousand_sleepers_finish_together_after_one_second. */
#include "lesson.h"

ac_poll sleeper_poll(ac_future *self, ac_context *cx)
{
    sleeper *s = (sleeper *)self;
    AC_BEGIN(&s->co);
    /* The sleep lives in the struct, not on the stack: it must survive
     * the return of Pending, and its timer points into it. */
    s->nap = ac_sleep_for(s->duration);
    (void)ac_future_poll(&s->nap.base, cx); /* the mistake: a poll is not an await */
    (*s->done)++;
    AC_END(&s->co);
}
