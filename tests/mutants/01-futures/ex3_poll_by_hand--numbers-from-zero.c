/* Mutant of exercise 3: tells observe the count before adding the poll, so
 * polls are numbered from 0.  Caught by poll_by_hand_polls_until_ready. */
#include "lesson.h"

unsigned poll_by_hand(ac_future *f, poll_observer observe, void *arg)
{
    ac_waker waker = ac_waker_noop(); /* nobody to wake: we poll again anyway */
    ac_context cx = {.waker = &waker};
    unsigned polls = 0;
    ac_poll result;
    do {
        result = ac_future_poll(f, &cx);
        if (observe != NULL)
            observe(polls, result, arg); /* the mistake: counted after telling */
        polls++;
    } while (result == AC_PENDING);
    return polls;
}
