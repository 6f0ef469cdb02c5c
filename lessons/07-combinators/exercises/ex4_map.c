/*
 * Exercise 4: map_poll / map_drop - transform an output on its way out.
 *
 *   static int twice(int v, void *arg) { return 2 * v; }
 *   named dice = named_new("dice", 1, 21);
 *   map_future m = map_new(&dice.base, twice, NULL);
 *   poll 1: dice Pending            -> Pending (twice not called yet)
 *   poll 2: dice Ready (21)         -> output = twice(21, NULL) = 42, Ready
 *
 * Check it:  ctest --preset learner -R 07-combinators/ex4
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll map_poll(ac_future *self, ac_context *cx)
{
    map_future *m = (map_future *)self;
    (void)m;
    (void)cx;
    /* TODO: poll m->inner.  Pending: return Pending.  Ready: set m->output
     * to m->fn(output_as_int(m->inner), m->arg) and return Ready. */
    AC_TODO();
}

void map_drop(ac_future *self)
{
    map_future *m = (map_future *)self;
    (void)m;
    /* TODO: the inner future has not finished (or we would be Ready and
     * not dropped): drop it. */
    AC_TODO();
}
