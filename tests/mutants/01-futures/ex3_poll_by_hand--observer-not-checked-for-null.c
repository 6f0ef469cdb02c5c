/* Mutant of exercise 3: calls observe without checking for NULL.  Caught
 * by poll_by_hand_ready_at_once_and_no_observer (it crashes there). */
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
        observe(polls, result, arg); /* the mistake: observe may be NULL */
    } while (result == AC_PENDING);
    return polls;
}
