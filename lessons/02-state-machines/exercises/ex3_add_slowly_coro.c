/*
 * Exercise 3: add_slowly_coro_poll - the same machine, built by macros.
 *
 * What it must do: exactly what exercise 2 does - three polls, two wakes
 * (passed up from the children), a + b in `output` - written as if it
 * were straight-line code:
 *
 *   x = await yield_once(a);   y = await yield_once(b);   return x + y;
 *
 * with AC_BEGIN / AC_AWAIT / AC_END from ac/coro.h.
 *
 * The contract: the function really returns at every await and comes back
 * in the middle of the next poll, so a local variable does not survive an
 * await: whatever is needed after one lives in the struct (lesson.h),
 * the child being awaited included.  One await per line, and no switch
 * of your own around an await.
 * It awaits your yield_once from exercise 1, so do that one first.
 *
 * Read first: docs/02-state-machines.md, "By macro: ac/coro.h".
 *
 * Check it:  ./course check 02/ex3   (or: ctest --preset learner -R 02-state-machines/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll add_slowly_coro_poll(ac_future *self, ac_context *cx)
{
    add_slowly_coro *s = (add_slowly_coro *)self;
    (void)s;
    (void)cx;
    /* TODO: the two awaits and the sum, between AC_BEGIN and AC_END. */
    AC_TODO();
}
