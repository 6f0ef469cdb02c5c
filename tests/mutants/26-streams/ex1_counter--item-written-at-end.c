/* Mutant of exercise 1: writes *item even when it answers END. Caught by
 * an_empty_range_ends_at_once (v untouched). */
#include <string.h>

#include "lesson.h"

int counter_next(ac_stream *self, ac_context *cx, void *item)
{
    (void)cx; /* never Pending: nothing to wake */
    counter *c = (counter *)self;
    c->polls++;
    if (c->next >= c->to) {
        memcpy(item, &c->next, sizeof c->next); /* the mistake */
        return AC_STREAM_END;
    } /* and again on every later call */
    memcpy(item, &c->next, sizeof c->next);
    c->next++;
    return AC_STREAM_ITEM;
}
