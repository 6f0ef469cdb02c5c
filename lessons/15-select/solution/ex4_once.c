/* Exercise 4, reference solution: once_poll and once_drop. */
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
    if (!o->done) /* a finished inner future holds nothing to release */
        ac_future_drop(o->inner);
    o->done = true;
}
