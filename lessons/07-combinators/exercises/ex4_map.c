/*
 * Exercise 4: map_poll / map_drop - transform an output on its way out.
 *
 *   static int twice(int v, void *arg) { return 2 * v; }
 *   named dice = named_new("dice", 1, 21);
 *   map_future m = map_new(&dice.base, twice, NULL);
 *   poll 1: dice Pending            -> Pending (twice not called yet)
 *   poll 2: dice Ready (21)         -> output = twice(21, NULL) = 42, Ready
 *
 * Check it:  ./course check 07/ex4   (or: ctest --preset learner -R 07-combinators/ex4)
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll map_poll(ac_future *self, ac_context *cx)
{
    map_future *m = (map_future *)self;
    (void)m;
    (void)cx;
    /* TODO: Ready when m->inner is, with output m->fn(inner's output,
     * m->arg).  fn runs exactly once, only when there is an output to
     * map; while the inner future is Pending the map is Pending too (the
     * inner future got this cx and arranged the wake).
     * The idea: docs/07-combinators.md, "One poll of a combinator". */
    AC_TODO();
}

void map_drop(ac_future *self)
{
    map_future *m = (map_future *)self;
    (void)m;
    /* TODO: cancelled: the inner future has not finished (a Ready map is
     * never dropped), so it is cancelled too - and fn never runs.
     * The idea: docs/07-combinators.md, "Ownership: who drops whom". */
    AC_TODO();
}
