/*
 * Exercise 1: join2_poll / join2_drop - wait for both.
 *
 *   named xray = named_new("xray", 2, 30), bloods = named_new("bloods", 0, 20);
 *   join2 j = join2_new(&xray.base, &bloods.base);
 *   poll 1: xray Pending, bloods Ready (20)      -> Pending
 *   poll 2: xray Pending, bloods NOT polled      -> Pending
 *   poll 3: xray Ready (30)                     -> Ready, output {30, 20}
 *
 * Check it:  ./course check 07/ex1   (or: ctest --preset learner -R 07-combinators/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll join2_poll(ac_future *self, ac_context *cx)
{
    join2 *j = (join2 *)self;
    (void)j;
    (void)cx;
    /* TODO: Ready once BOTH children are Ready, with a's output in
     * j->output.a and b's in j->output.b (int outputs: output_as_int).
     * Every poll gives each unfinished child a chance to progress - the
     * children run side by side, not one after the other - and passes
     * them this poll's cx, so their wakes reach whoever polls the join.
     * A child that returned Ready is never polled again (rule 1).
     * The idea: docs/07-combinators.md, "One poll of a combinator". */
    AC_TODO();
}

void join2_drop(ac_future *self)
{
    join2 *j = (join2 *)self;
    (void)j;
    /* TODO: the join is cancelled: every child that has not finished is
     * cancelled with it, exactly once; a finished child has released
     * everything already and must not be dropped.
     * The idea: docs/07-combinators.md, "Ownership: who drops whom". */
    AC_TODO();
}
