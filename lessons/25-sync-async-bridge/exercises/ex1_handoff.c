/*
 * Exercise 1: handoff_finish, handoff_poll - a result from a pool thread
 * back to the task that awaits it.
 *
 *   task:  poll -> Pending (waker kept)      pool thread:  fn(arg) returns
 *          ...                                             store, wake
 *          poll -> Ready, *result                          (the task's poll
 *                                                           finds the result)
 *
 * Check it:  ./course check 25/ex1   (or: ctest --preset learner -R 25-sync-async-bridge/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

void handoff_finish(handoff *h, void *result)
{
    (void)h;
    (void)result;
    /* TODO: publish `result` and wake the task waiting for it, if one is.
     * Contract: everything in *h is shared with the task's thread, so it
     * is read and written under h->lock only; the result must be visible
     * to the poll your wake causes (that poll may run on another thread
     * the moment the wake happens); the waker you take out is consumed
     * exactly once, and woken after the lock is released.
     * docs/25-sync-async-bridge.md, "The handoff". */
    AC_TODO();
}

ac_poll handoff_poll(handoff *h, ac_context *cx, void **result)
{
    (void)h;
    (void)cx;
    (void)result;
    /* TODO: AC_READY with *result once the pool thread has finished;
     * otherwise AC_PENDING, having made sure the finish will wake this
     * context's waker.  Contract: under h->lock only; h keeps at most one
     * waker (a clone: the context's is only borrowed), so a second Pending
     * poll must not leave two.  docs/25-sync-async-bridge.md, "The handoff". */
    AC_TODO();
}
