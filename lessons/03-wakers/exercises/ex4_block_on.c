/*
 * Exercise 4: block_on_parked - an executor that sleeps between polls,
 * and notices when nobody will ever wake it.
 *
 *   parker + parker_waker -> context
 *   loop: poll
 *         Ready   -> report STEP_POLLED_READY, stop: BLOCK_ON_READY
 *         Pending -> report STEP_POLLED_PENDING, then park(stall_limit):
 *                    token   -> report STEP_WOKEN, poll again
 *                    timeout -> report STEP_STALLED, stop: BLOCK_ON_STALLED
 *   give the waker back, destroy the parker
 *
 * For countdown_new(1) the observer sees (step, poll number):
 *   (POLLED_PENDING, 1) (WOKEN, 1) (POLLED_READY, 2)
 * For forgetful_new(false) with stall_limit 20 ms, after 20 ms:
 *   (POLLED_PENDING, 1) (STALLED, 1)
 *
 * It uses your parker from exercise 3, so do that one first.
 *
 * Check it:  ctest --preset learner -R 03-wakers/ex4
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

block_on_result block_on_parked(ac_future *f, ac_nanos stall_limit, block_on_observer observe, void *arg)
{
    (void)f;
    (void)stall_limit;
    (void)observe;
    (void)arg;
    /* TODO: parker_init, parker_waker, an ac_context pointing at the waker;
     * the loop above, calling observe (when not NULL) at each step;
     * ac_waker_drop the waker and parker_destroy before returning. */
    AC_TODO();
}
