/* Mutant of exercise 3: awaits s->step a second time without making it
 * yield_once(b), so the second await polls a's finished child again.
 * Caught by coro_resumes_at_a_new_line_each_poll. */
#include "lesson.h"

ac_poll add_slowly_coro_poll(ac_future *self, ac_context *cx)
{
    add_slowly_coro *s = (add_slowly_coro *)self;
    AC_BEGIN(&s->co);
    s->step = yield_once_new(s->a);
    AC_AWAIT(&s->co, cx, &s->step.base);
    s->x = s->step.output; /* a field, not a local: it must outlive the next await */
    /* the mistake: s->step is still a's finished child */
    AC_AWAIT(&s->co, cx, &s->step.base);
    s->output = s->x + s->step.output;
    AC_END(&s->co);
}
