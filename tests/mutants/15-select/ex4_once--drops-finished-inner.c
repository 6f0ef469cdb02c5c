/* Mutant of exercise 4: drops the inner future even after it finished. Caught by
 * drop_cancels_an_unfinished_inner_future_once (done.drops). */
#include "lesson.h"

ac_poll once_poll(ac_future *self, ac_context *cx)
{
    once *o = (once *)self;
    if (o->done)
        return AC_PENDING; /* spent: never poll a finished future again */
    if (ac_future_poll(o->inner, cx) == AC_PENDING)
        return AC_PENDING;
    o->done = true;
    return AC_READY;
}

void once_drop(ac_future *self)
{
    once *o = (once *)self;
    ac_future_drop(o->inner); /* the mistake: even a finished one */
    o->done = true;
}
