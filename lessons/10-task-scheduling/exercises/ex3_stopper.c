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
 * Check it:  ctest --preset learner -R 10-task-scheduling/ex3
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll stopper_poll(ac_future *self, ac_context *cx)
{
    stopper *s = (stopper *)self;
    (void)s;
    (void)cx;
    /* TODO: a coroutine over s->co:
     *   while *s->counter < s->limit and the target is not finished
     *   (ac_join_is_finished), yield once (ac_yield_now + AC_AWAIT);
     *   ac_join_abort(&s->target); AC_AWAIT &s->target.base;
     *   fill s->output (ac_join_was_aborted, *s->counter);
     *   ac_join_release(&s->target). */
    AC_TODO();
}
