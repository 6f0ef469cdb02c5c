/* Mutant of exercise 1: block_on never parks and polls in a busy loop,
 * burning a core while it waits. Caught by
 * block_on_sleeps_until_woken_from_another_thread (poll count). */
#include "lesson.h"

unsigned block_on(ac_future *f)
{
    parker p;
    parker_init(&p);
    ac_waker waker = parker_waker(&p); /* waking it unparks this thread */
    ac_context cx = {.waker = &waker};
    unsigned polls = 0;
    for (;;) {
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
