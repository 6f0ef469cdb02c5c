/*
 * Exercise 2: join_all_poll / join_all_drop - wait for all n, outputs in order.
 *
 *   slots = {f0 (Pending twice, 10), f1 (Ready at once, 11), f2 (Pending once, 12)}
 *   poll 1: f0 Pending, f1 Ready -> outputs[1] = 11, slots[1] = NULL, f2 Pending
 *   poll 2: f0 Pending, f2 Ready -> outputs[2] = 12
 *   poll 3: f0 Ready -> outputs[0] = 10                    -> Ready
 *   outputs = {10, 11, 12}: slot order, not finishing order.
 *
 * Check it:  ./course check 07/ex2   (or: ctest --preset learner -R 07-combinators/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll join_all_poll(ac_future *self, ac_context *cx)
{
    join_all *j = (join_all *)self;
    (void)j;
    (void)cx;
    /* TODO: join2 for n children: Ready once all are, with child i's
     * output in j->outputs[i] whatever order they finish in.  Each poll
     * polls every unfinished child with this cx; a finished child's slot
     * becomes NULL (that is how you remember it is done, and it is never
     * polled again), and j->remaining counts those still running.  No
     * children at all: Ready at once.
     * The idea: docs/07-combinators.md, "One poll of a combinator". */
    AC_TODO();
}

void join_all_drop(ac_future *self)
{
    join_all *j = (join_all *)self;
    (void)j;
    /* TODO: cancelled: every child still in a slot is dropped exactly
     * once, and no slot names a child afterwards.
     * The idea: docs/07-combinators.md, "Ownership: who drops whom". */
    AC_TODO();
}
