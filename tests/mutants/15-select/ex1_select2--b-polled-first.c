/* Mutant of exercise 1: polls b before a, so b wins a tie. Caught by
 * a_is_tried_first (winner). */
#include "lesson.h"

ac_poll select2_poll(ac_future *self, ac_context *cx)
{
    select2 *s = (select2 *)self;
    /* a first, then b: the order is the priority.  A Ready child is
     * finished (never dropped); the other one is cancelled by its drop. */
    if (ac_future_poll(s->b, cx) == AC_READY) {
        s->winner = 1;
        s->done = true;
        ac_future_drop(s->a);
        return AC_READY;
    }
    if (ac_future_poll(s->a, cx) == AC_READY) {
        s->winner = 0;
        s->done = true;
        ac_future_drop(s->b);
        return AC_READY;
    }
    return AC_PENDING; /* both Pending: each arranged its own wake */
}
