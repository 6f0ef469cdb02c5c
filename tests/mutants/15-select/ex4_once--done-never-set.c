/* Mutant of exercise 4: never sets `done`, so a finished inner future is polled and
 * reports Ready again. Caught by ready_once_then_pending_forever. */
#include "lesson.h"

ac_poll once_poll(ac_future *self, ac_context *cx)
{
    once *o = (once *)self;
    if (o->done)
        return AC_PENDING; /* spent: never poll a finished future again */
    if (ac_future_poll(o->inner, cx) == AC_PENDING)
        return AC_PENDING;
    return AC_READY; /* the mistake: done is not set */
}

void once_drop(ac_future *self)
{
    once *o = (once *)self;
    if (!o->done) /* a finished inner future holds nothing to release */
        ac_future_drop(o->inner);
    o->done = true;
}
