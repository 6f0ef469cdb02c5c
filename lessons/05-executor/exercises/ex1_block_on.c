/*
 * Exercise 1: block_on - run one future on this thread, sleeping between polls.
 *
 * Lesson 01's poll_by_hand polled in a tight loop.  block_on polls only
 * when there is a reason to:
 *
 *   poll -> Pending -> parker_park()      (the thread sleeps: no CPU used)
 *            ... the future's event happens, it wakes our waker ...
 *        -> parker_unpark() -> back from parker_park() -> poll again
 *   poll -> Ready   -> return the number of polls
 *
 * A future woken once from another thread after 20 ms takes exactly 2
 * polls; countdown(3), which wakes itself every time, takes 4.
 *
 * Check it:  ctest --preset learner -R 05-executor/ex1
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

unsigned block_on(ac_future *f)
{
    (void)f;
    /* TODO: parker_init a parker on the stack; make its waker
     * (parker_waker) and a context pointing at it.  Loop: poll f, count
     * the poll, stop on AC_READY, otherwise parker_park.  Destroy the
     * parker and return the count. */
    AC_TODO();
}
