/* Mutant of exercise 3: polls once more after Ready to "make sure", which
 * breaks rule 1.  Caught by poll_by_hand_ready_at_once_and_no_observer
 * (the future's poll count). */
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
    (void)ac_future_poll(f, &cx); /* the mistake: never poll a Ready future */
    return polls;
}
