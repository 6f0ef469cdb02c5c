/* Mutant of exercise 1: sleeps a fixed second instead of s->duration
 * (the demo's value).  Caught by an_aborted_sleeper_leaves_no_timer (the
 * 2 s sleeper must take 2 s). */
#include "lesson.h"

ac_poll sleeper_poll(ac_future *self, ac_context *cx)
{
    sleeper *s = (sleeper *)self;
    AC_BEGIN(&s->co);
    /* The sleep lives in the struct, not on the stack: it must survive
     * the return of Pending, and its timer points into it. */
    s->nap = ac_sleep_for(AC_SEC(1)); /* the mistake: not s->duration */
    AC_AWAIT(&s->co, cx, &s->nap.base);
    (*s->done)++;
    AC_END(&s->co);
}
