/* Mutant of exercise 4: numbers the polls from 0.  Caught by
 * block_on_drives_a_self_waking_countdown (the steps). */
#include "lesson.h"

static void report(block_on_observer observe, void *arg, block_on_step step, unsigned poll_number)
{
    if (observe != NULL)
        observe(step, poll_number, arg);
}

block_on_result block_on_parked(ac_future *f, ac_nanos stall_limit, block_on_observer observe, void *arg)
{
    parker p;
    parker_init(&p);
    ac_waker waker = parker_waker(&p);
    ac_context cx = {.waker = &waker};
    block_on_result result;
    for (unsigned polls = 0;; polls++) { /* the mistake: the first poll is number 1 */
        if (ac_future_poll(f, &cx) == AC_READY) {
            report(observe, arg, STEP_POLLED_READY, polls);
            result = BLOCK_ON_READY;
            break;
        }
        report(observe, arg, STEP_POLLED_PENDING, polls);
        /* Sleep until a wake.  If the future kept rule 2 the wake may even
         * have come already (the token is waiting) and we do not sleep. */
        if (!parker_park(&p, stall_limit)) {
            report(observe, arg, STEP_STALLED, polls);
            result = BLOCK_ON_STALLED;
            break;
        }
        report(observe, arg, STEP_WOKEN, polls);
    }
    ac_waker_drop(&waker);
    parker_destroy(&p);
    return result;
}
