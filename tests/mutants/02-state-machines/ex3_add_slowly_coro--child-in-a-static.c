/* Mutant of exercise 3: keeps a's child in a static variable (it does
 * survive the await) instead of the struct's own field, so every
 * add_slowly_coro shares one child and a drop cannot find it through
 * s->step.  Caught by coro_resumes_at_a_new_line_each_poll (what the
 * await recorded). */
#include "lesson.h"

ac_poll add_slowly_coro_poll(ac_future *self, ac_context *cx)
{
    add_slowly_coro *s = (add_slowly_coro *)self;
    AC_BEGIN(&s->co);
    static yield_once first; /* the mistake: not the struct's own field */
    first = yield_once_new(s->a);
    AC_AWAIT(&s->co, cx, &first.base);
    s->x = first.output;
    s->step = yield_once_new(s->b);
    AC_AWAIT(&s->co, cx, &s->step.base);
    s->output = s->x + s->step.output;
    AC_END(&s->co);
}
