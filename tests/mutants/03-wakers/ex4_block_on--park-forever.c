/* Mutant of exercise 4: parks with PARK_FOREVER instead of stall_limit,
 * so a future that never arranges its wake hangs the executor.  Caught
 * by block_on_catches_a_missing_wake: the watchdog names block_on_parked. */
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
    for (unsigned polls = 1;; polls++) {
        if (ac_future_poll(f, &cx) == AC_READY) {
            report(observe, arg, STEP_POLLED_READY, polls);
            result = BLOCK_ON_READY;
            break;
        }
        report(observe, arg, STEP_POLLED_PENDING, polls);
        /* Sleep until a wake.  If the future kept rule 2 the wake may even
         * have come already (the token is waiting) and we do not sleep. */
        (void)stall_limit;
        if (!parker_park(&p, PARK_FOREVER)) { /* the mistake: unbounded */
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
