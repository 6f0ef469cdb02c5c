/*
 * Exercise 2: add_slowly_by_hand_poll - an async function, lowered by hand.
 *
 * What it must do: walk the state machine drawn in lesson.h, START ->
 * WAITING_A -> WAITING_B -> DONE, awaiting yield_once(a) and then
 * yield_once(b), and be Ready with a + b in `output`:
 *
 *   add_slowly_by_hand_new(3, 4):  poll 1 Pending (in WAITING_A)
 *                                  poll 2 Pending (in WAITING_B, x = 3)
 *                                  poll 3 Ready, output 7 (in DONE)
 *
 * The contract: one poll goes through as many states as it can and stops
 * only when a child is Pending - then it is Pending too, and the child's
 * wake is its wake (rule 2), so never return Pending without having
 * polled a child that said Pending.  `state` says which member of the
 * union `in` is live; the members share their bytes.  A poll in DONE is
 * the caller's bug (rule 1): say so on stderr and abort().
 * It awaits your yield_once from exercise 1, so do that one first.
 *
 * Read first: docs/02-state-machines.md, "By hand: a tag and a union".
 *
 * Check it:  ./course check 02/ex2   (or: ctest --preset learner -R 02-state-machines/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll add_slowly_by_hand_poll(ac_future *self, ac_context *cx)
{
    add_slowly_by_hand *s = (add_slowly_by_hand *)self;
    (void)s;
    (void)cx;
    /* TODO: run the machine from its current state until a child is Pending or the sum is done. */
    AC_TODO();
}
