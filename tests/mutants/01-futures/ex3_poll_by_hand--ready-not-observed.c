/* Mutant of exercise 3: a while loop that tells observe about each
 * Pending, but stops before reporting the Ready poll.  Caught by
 * poll_by_hand_polls_until_ready (observe calls). */
#include "lesson.h"

unsigned poll_by_hand(ac_future *f, poll_observer observe, void *arg)
{
    ac_waker waker = ac_waker_noop(); /* nobody to wake: we poll again anyway */
    ac_context cx = {.waker = &waker};
    unsigned polls = 0;
    while (ac_future_poll(f, &cx) == AC_PENDING) {
        polls++;
        if (observe != NULL)
            observe(polls, AC_PENDING, arg);
    }
    return polls + 1; /* the mistake: the Ready poll is counted but never reported */
}
