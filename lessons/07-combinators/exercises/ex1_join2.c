/*
 * Exercise 1: join2_poll / join2_drop - wait for both.
 *
 *   named xray = named_new("xray", 2, 30), bloods = named_new("bloods", 0, 20);
 *   join2 j = join2_new(&xray.base, &bloods.base);
 *   poll 1: xray Pending, bloods Ready (20)      -> Pending
 *   poll 2: xray Pending, bloods NOT polled      -> Pending
 *   poll 3: xray Ready (30)                     -> Ready, output {30, 20}
 *
 * Check it:  ctest --preset learner -R 07-combinators/ex1
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll join2_poll(ac_future *self, ac_context *cx)
{
    join2 *j = (join2 *)self;
    (void)j;
    (void)cx;
    /* TODO: for each child not done yet, poll it with the same cx; when it
     * says Ready, mark it done and keep its output (output_as_int) in
     * j->output.a or .b.  Ready when both are done, else Pending (the
     * Pending child has already arranged the wake). */
    AC_TODO();
}

void join2_drop(ac_future *self)
{
    join2 *j = (join2 *)self;
    (void)j;
    /* TODO: ac_future_drop() each child that is not done. */
    AC_TODO();
}
