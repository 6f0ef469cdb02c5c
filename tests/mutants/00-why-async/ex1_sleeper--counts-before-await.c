/* Mutant of exercise 1: counts itself done before awaiting the sleep, so
 * every sleeper is "done" at once.  Caught by
 * a_thousand_sleepers_finish_together_after_one_second (done after the
 * first round of polls). */
#include "lesson.h"

ac_poll sleeper_poll(ac_future *self, ac_context *cx)
{
    sleeper *s = (sleeper *)self;
    AC_BEGIN(&s->co);
    /* The sleep lives in the struct, not on the stack: it must survive
     * the return of Pending, and its timer points into it. */
    s->nap = ac_sleep_for(s->duration);
    (*s->done)++; /* the mistake: counted before the sleep is over */
    AC_AWAIT(&s->co, cx, &s->nap.base);
    AC_END(&s->co);
}
