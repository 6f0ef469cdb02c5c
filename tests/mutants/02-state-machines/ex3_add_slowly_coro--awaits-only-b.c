/* Mutant of exercise 3: adds a directly and awaits only b's child: one
 * await, two polls.  Caught by coro_resumes_at_a_new_line_each_poll. */
#include "lesson.h"

ac_poll add_slowly_coro_poll(ac_future *self, ac_context *cx)
{
    add_slowly_coro *s = (add_slowly_coro *)self;
    AC_BEGIN(&s->co);
    s->x = s->a; /* the mistake: a's child is never awaited */
    s->step = yield_once_new(s->b);
    AC_AWAIT(&s->co, cx, &s->step.base);
    s->output = s->x + s->step.output;
    AC_END(&s->co);
}
