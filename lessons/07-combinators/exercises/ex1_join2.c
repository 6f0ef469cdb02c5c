/*
 * Exercise 1: join2_poll / join2_drop - wait for both.
 *
 *   named soup = named_new("soup", 2, 30), salad = named_new("salad", 0, 20);
 *   join2 j = join2_new(&soup.base, &salad.base);
 *   poll 1: soup Pending, salad Ready (20)      -> Pending
 *   poll 2: soup Pending, salad NOT polled      -> Pending
 *   poll 3: soup Ready (30)                     -> Ready, output {30, 20}
 *
 * Check it:  ctest --preset learner -R 07-combinators/ex1
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "ac/exercise.h"
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
