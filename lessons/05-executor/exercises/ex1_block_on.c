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
 * Check it:  ./course check 05/ex1   (or: ctest --preset learner -R 05-executor/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

unsigned block_on(ac_future *f)
{
    (void)f;
    /* TODO: drive f to Ready on this thread and return how many polls
     * that took (the Ready one included).  Between polls the thread
     * sleeps, using no CPU, until f's waker is used: a wake that came
     * before the sleep must not be lost, and a future that is Ready at
     * once is polled once and never sleeps.  Whatever you set up for the
     * waker is yours to tear down - safe once f is Ready, because a Ready
     * future keeps no clone of it.
     * The idea: docs/05-executor.md, "block_on: one future, one thread". */
    AC_TODO();
}
