/*
 * Exercise 3: add_slowly_coro_poll - the same machine, built by macros.
 *
 * Write add_slowly as if it were straight-line code:
 *
 *   x = await yield_once(a);   y = await yield_once(b);   return x + y;
 *
 * using AC_BEGIN / AC_AWAIT / AC_END from ac/coro.h.  It must behave
 * exactly like exercise 2: three polls, two wakes, the sum in `output`.
 * It awaits your yield_once from exercise 1, so do that one first.
 *
 * Check it:  ctest --preset learner -R 02-state-machines/ex3
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll add_slowly_coro_poll(ac_future *self, ac_context *cx)
{
    add_slowly_coro *s = (add_slowly_coro *)self;
    (void)s;
    (void)cx;
    /* TODO: AC_BEGIN(&s->co);
     *       set s->step to yield_once_new(s->a), AC_AWAIT it, keep its output in s->x;
     *       set s->step to yield_once_new(s->b), AC_AWAIT it;
     *       s->output = s->x + the step's output;
     *       AC_END(&s->co);
     * Nothing you keep in a local variable survives an await. */
    AC_TODO();
}
