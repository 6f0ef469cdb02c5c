/*
 * Exercise 2: take_n_next - the first n items of another stream.
 *
 *   inner:  a  b  c  d ...       take_n_of(&inner.base, 3)
 *   out:    a  b  c  END         inner dropped right after c, once
 *
 * Check it:  ./course check 26/ex2   (or: ctest --preset learner -R 26-streams/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

int take_n_next(ac_stream *self, ac_context *cx, void *item)
{
    (void)self;
    (void)cx;
    (void)item;
    /* TODO: pass the inner stream's answers through until `left` items
     * have gone out; then AC_STREAM_END, without asking the inner stream
     * for one more.  The moment the last item is out, drop the inner
     * stream (it may hold a timer or a socket slot) - exactly once, and
     * record it in `released` so the given drop does not repeat it.  An
     * inner END or error comes through as it is.  docs/26-streams.md,
     * "Adapters pull". */
    AC_TODO();
}
