/* Mutant of exercise 1: awaits a sleep kept in a static variable instead of
 * s->nap ("it must outlive the poll"), so all sleepers share one sleep and
 * one timer, and the given drop cannot cancel it.  Caught by
 * a_thousand_sleepers_finish_together_after_one_second (timers). */
#include "lesson.h"

ac_poll sleeper_poll(ac_future *self, ac_context *cx)
{
    sleeper *s = (sleeper *)self;
    AC_BEGIN(&s->co);
    /* The sleep lives in the struct, not on the stack: it must survive
     * the return of Pending, and its timer points into it. */
    static ac_sleep nap; /* the mistake: shared by every sleeper, not its own s->nap */
    nap = ac_sleep_for(s->duration);
    AC_AWAIT(&s->co, cx, &nap.base);
    (*s->done)++;
    AC_END(&s->co);
}
