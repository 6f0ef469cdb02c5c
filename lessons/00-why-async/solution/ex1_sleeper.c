/* Exercise 1, reference solution: sleeper_poll. */
#include "lesson.h"

ac_poll sleeper_poll(ac_future *self, ac_context *cx)
{
    sleeper *s = (sleeper *)self;
    AC_BEGIN(&s->co);
    /* The sleep lives in the struct, not on the stack: it must survive
     * the return of Pending, and its timer points into it. */
    s->nap = ac_sleep_for(s->duration);
    AC_AWAIT(&s->co, cx, &s->nap.base);
    (*s->done)++;
    AC_END(&s->co);
}
