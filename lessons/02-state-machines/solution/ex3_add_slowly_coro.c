/* Exercise 3, reference solution: add_slowly_coro_poll. */
#include "lesson.h"

ac_poll add_slowly_coro_poll(ac_future *self, ac_context *cx)
{
    add_slowly_coro *s = (add_slowly_coro *)self;
    AC_BEGIN(&s->co);
    s->step = yield_once_new(s->a);
    AC_AWAIT(&s->co, cx, &s->step.base);
    s->x = s->step.output; /* a field, not a local: it must outlive the next await */
    s->step = yield_once_new(s->b);
    AC_AWAIT(&s->co, cx, &s->step.base);
    s->output = s->x + s->step.output;
    AC_END(&s->co);
}
