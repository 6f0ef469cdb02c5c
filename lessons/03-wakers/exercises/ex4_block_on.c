/*
 * Exercise 4: block_on_parked - an executor that sleeps between polls,
 * and notices when nobody will ever wake it.
 *
 * What it must do: drive `f` to Ready on this thread, sleeping on a parker
 * (exercise 3) between a Pending and the wake that follows it.  If no
 * wake comes within `stall_limit` after a Pending, give up and return
 * BLOCK_ON_STALLED instead of sleeping forever.  Tell `observe` (unless it
 * is NULL) every step, with the number of the poll it follows (from 1):
 *
 *   countdown_new(1):            (POLLED_PENDING,1) (WOKEN,1) (POLLED_READY,2)
 *   forgetful_new(false), 20 ms: (POLLED_PENDING,1) (STALLED,1)   after 20 ms
 *
 * The contract (lesson.h draws the loop): poll only when woken - a future
 * is never polled after a stall.  The waker and the parker are yours:
 * give them back before you return.  The future is the caller's: do not
 * drop it, Ready or STALLED (a STALLED future is unfinished, and its owner
 * decides what to do with it).
 *
 * Read first: docs/03-wakers.md, "The broken promise, caught".  It uses
 * your parker from exercise 3, so do that one first.
 *
 * Check it:  ./course check 03/ex4   (or: ctest --preset learner -R 03-wakers/ex4)
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
    /* TODO: the poll-park loop, reporting each step. */
    AC_TODO();
}
