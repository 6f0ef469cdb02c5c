/*
 * Exercise 2: add_slowly_by_hand_poll - an async function, lowered by hand.
 *
 * Walk the state machine drawn in lesson.h.  add_slowly_by_hand_new(3, 4):
 *
 *   poll 1: START -> WAITING_A, poll yield_once(3): Pending    -> Pending
 *   poll 2: yield_once(3) Ready(3): x = 3, WAITING_B,
 *           poll yield_once(4): Pending                       -> Pending
 *   poll 3: yield_once(4) Ready(4): output = 3 + 4, DONE      -> Ready
 *
 * One poll may pass through several states: keep going until a child
 * says Pending (return Pending) or the sum is done (return Ready).
 * It awaits your yield_once from exercise 1, so do that one first.
 *
 * Check it:  ctest --preset learner -R 02-state-machines/ex2
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll add_slowly_by_hand_poll(ac_future *self, ac_context *cx)
{
    add_slowly_by_hand *s = (add_slowly_by_hand *)self;
    (void)s;
    (void)cx;
    /* TODO: loop over a switch on s->state:
     *   ADD_START:     copy a and b out of s->in.start, then fill
     *                  s->in.waiting_a (b, yield_once_new(a)) and move on.
     *   ADD_WAITING_A: poll s->in.waiting_a.fut; Pending -> return Pending.
     *                  Ready -> x = its output; fill s->in.waiting_b
     *                  (x, yield_once_new(b)) and move on.
     *   ADD_WAITING_B: poll s->in.waiting_b.fut; Pending -> return Pending.
     *                  Ready -> s->output = x + its output; ADD_DONE; Ready.
     *   ADD_DONE:      polled after Ready (rule 1): print why and abort().
     * The union members overlap: read what you need into locals BEFORE
     * writing the next state's member. */
    AC_TODO();
}
