/* Mutant of exercise 1: makes the sleep before AC_BEGIN, so every poll
 * starts it again and the sleeper never sees its deadline pass.  Caught
 * by a_thousand_sleepers_finish_together_after_one_second (polls and
 * time), or its hang watchdog. */
#include "lesson.h"

ac_poll sleeper_poll(ac_future *self, ac_context *cx)
{
    sleeper *s = (sleeper *)self;
    if (s->co.line != 0) /* the mistake: any poll after the first restarts the sleep */
        ac_future_drop(&s->nap.base);
    s->nap = ac_sleep_for(s->duration);
    AC_BEGIN(&s->co);
    AC_AWAIT(&s->co, cx, &s->nap.base);
    (*s->done)++;
    AC_END(&s->co);
}
