/*
 * Exercise 3: parker_park, parker_unpark, parker_waker - put a thread to
 * sleep until a waker fires.
 *
 * What it must do: parker_park(p, timeout) sleeps (no CPU) until an unpark
 * has left a token, takes the token and returns true - or returns false
 * once `timeout` has passed without one (PARK_FOREVER: no limit; 0: do
 * not wait).  parker_unpark(p) leaves the token and wakes the sleeper,
 * and counts itself in p->unparks.  parker_waker(p) is a waker whose wake
 * and wake_by_ref unpark p.
 *
 * The contract (lesson.h draws it): at most ONE token; it stays until a
 * park takes it, so an unpark that comes before the park is never lost.
 * The token is shared by two threads, so it is only touched under p->lock.
 * A condition variable may wake a waiter with no token there: that is not
 * an unpark, and it does not move the timeout's deadline.  The parker
 * outlives its wakers, so they hold no reference: drop does nothing, and
 * dropping is not waking.
 *
 * Read first: docs/03-wakers.md, "Parking, and why the token matters".
 *
 * Check it:  ./course check 03/ex3   (or: ctest --preset learner -R 03-wakers/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include <errno.h>

#include "course/exercise.h"
#include "lesson.h"

bool parker_park(parker *p, ac_nanos timeout)
{
    (void)p;
    (void)timeout;
    /* TODO: wait for the token (or the deadline), take it, say whether you got it. */
    AC_TODO();
}

void parker_unpark(parker *p)
{
    (void)p;
    /* TODO: leave the token and wake the parked thread. */
    AC_TODO();
}

/* TODO: the parker waker's vtable and the functions it points at. */

ac_waker parker_waker(parker *p)
{
    (void)p;
    /* TODO: a waker that unparks p. */
    AC_TODO();
}
