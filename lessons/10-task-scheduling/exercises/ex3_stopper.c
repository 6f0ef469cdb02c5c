/*
 * Exercise 3: stopper_poll - cancel a task through its join handle.
 *
 * A ticker adds one to a counter per turn.  A stopper made with
 * stopper_new(ticker_handle, &counter, 3) runs beside it and must:
 *
 *   yield, turn after turn, until counter >= 3 (or the target finished);
 *   ac_join_abort() the target: its future is dropped at its next turn;
 *   await the handle (it turns Ready once the drop has happened);
 *   output = {aborted: true, final_count: 3}; release the handle; Ready.
 *
 * Check it:  ./course check 10/ex3   (or: ctest --preset learner -R 10-task-scheduling/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll stopper_poll(ac_future *self, ac_context *cx)
{
    stopper *s = (stopper *)self;
    (void)s;
    (void)cx;
    /* TODO: let the target run until *s->counter reaches s->limit (or the
     * target finishes by itself first), then stop it through its handle,
     * and report in s->output whether it was aborted and the count once
     * it had really stopped.
     * - Look at the counter once per turn: yield in between.
     * - Aborting only asks; the target is dropped at its next turn, and
     *   awaiting the handle is how you learn it has happened.
     * - You own s->target: release it when you are done with it.
     * Explained in docs/10-task-scheduling.md, "Cancellation is drop". */
    AC_TODO();
}
