/* Mutant of exercise 1: the thread parks before the first poll, when nobody
 * has a waker to unpark it yet: a hang. Caught by the hang watchdog in
 * block_on_polls_a_self_waking_future_to_ready. */
#include "lesson.h"

unsigned block_on(ac_future *f)
{
    parker p;
    parker_init(&p);
    ac_waker waker = parker_waker(&p); /* waking it unparks this thread */
    ac_context cx = {.waker = &waker};
    unsigned polls = 0;
    for (;;) {
        parker_park(&p);
        polls++;
        if (ac_future_poll(f, &cx) == AC_READY)
            break;
        /* Pending: someone holds our waker.  Sleep until they use it -
         * or return at once if they already did (the parker remembers). */
    }
    /* f returned Ready, so (rule: Ready releases registrations) nobody
     * holds a clone of our waker any more: the parker may go. */
    parker_destroy(&p);
    return polls;
}
