/* Mutant of exercise 1: never counts its calls. Caught by
 * counts_from_to_then_ends_for_good (polls). */
#include <string.h>

#include "lesson.h"

int counter_next(ac_stream *self, ac_context *cx, void *item)
{
    (void)cx; /* never Pending: nothing to wake */
    counter *c = (counter *)self;
    if (c->next >= c->to)
        return AC_STREAM_END; /* and again on every later call */
    memcpy(item, &c->next, sizeof c->next);
    c->next++;
    return AC_STREAM_ITEM;
}
