/* Mutant of exercise 3: returns how many polls were Pending, not how many
 * polls it took.  Caught by poll_by_hand_polls_until_ready (the result). */
#include "lesson.h"

unsigned poll_by_hand(ac_future *f, poll_observer observe, void *arg)
{
    ac_waker waker = ac_waker_noop(); /* nobody to wake: we poll again anyway */
    ac_context cx = {.waker = &waker};
    unsigned polls = 0;
    ac_poll result;
    do {
        result = ac_future_poll(f, &cx);
        polls++;
        if (observe != NULL)
            observe(polls, result, arg);
    } while (result == AC_PENDING);
    return polls - 1; /* the mistake: the Ready poll counts too */
}
