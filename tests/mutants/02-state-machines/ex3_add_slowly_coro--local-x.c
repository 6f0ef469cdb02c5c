/* Mutant of exercise 3: keeps a's result in a local variable.  The
 * function returns at the second await, so when it comes back the local
 * has lost its value.  Caught by coro_resumes_at_a_new_line_each_poll and
 * coro_agrees_with_the_sum. */
#include "lesson.h"

ac_poll add_slowly_coro_poll(ac_future *self, ac_context *cx)
{
    add_slowly_coro *s = (add_slowly_coro *)self;
    uint32_t x = 0; /* the mistake: a local does not survive an await */
    AC_BEGIN(&s->co);
    s->step = yield_once_new(s->a);
    AC_AWAIT(&s->co, cx, &s->step.base);
    x = s->step.output;
    s->step = yield_once_new(s->b);
    AC_AWAIT(&s->co, cx, &s->step.base);
    s->output = x + s->step.output;
    AC_END(&s->co);
}
