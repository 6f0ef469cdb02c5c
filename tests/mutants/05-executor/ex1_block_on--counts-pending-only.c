/* Mutant of exercise 1: the poll that returns Ready is not counted: off by
 * one. Caught by block_on_polls_a_self_waking_future_to_ready. */
#include "lesson.h"

unsigned block_on(ac_future *f)
{
    parker p;
    parker_init(&p);
    ac_waker waker = parker_waker(&p); /* waking it unparks this thread */
    ac_context cx = {.waker = &waker};
    unsigned polls = 0;
    for (;;) {
        if (ac_future_poll(f, &cx) == AC_READY)
            break;
        polls++;
        /* Pending: someone holds our waker.  Sleep until they use it -
         * or return at once if they already did (the parker remembers). */
        parker_park(&p);
    }
    /* f returned Ready, so (rule: Ready releases registrations) nobody
     * holds a clone of our waker any more: the parker may go. */
    parker_destroy(&p);
    return polls;
}
