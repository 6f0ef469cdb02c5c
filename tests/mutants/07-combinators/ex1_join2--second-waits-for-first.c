/* Mutant of exercise 1: b is only polled once a is Ready, so the two never
 * run side by side. Caught by join2_waits_for_both_and_keeps_both_outputs. */
#include "lesson.h"

ac_poll join2_poll(ac_future *self, ac_context *cx)
{
    join2 *j = (join2 *)self;
    /* Both children get the same context: whichever makes progress wakes
     * the task that owns the join, and the next poll asks both again. */
    if (!j->a_done && ac_future_poll(j->a, cx) == AC_READY) {
        j->a_done = true;
        j->output.a = output_as_int(j->a);
    }
    if (!j->a_done)
        return AC_PENDING;
    if (!j->b_done && ac_future_poll(j->b, cx) == AC_READY) {
        j->b_done = true;
        j->output.b = output_as_int(j->b);
    }
    return j->a_done && j->b_done ? AC_READY : AC_PENDING;
}

void join2_drop(ac_future *self)
{
    join2 *j = (join2 *)self;
    /* A finished child already released everything; only the other one is
     * still holding registrations. */
    if (!j->a_done)
        ac_future_drop(j->a);
    if (!j->b_done)
        ac_future_drop(j->b);
}
