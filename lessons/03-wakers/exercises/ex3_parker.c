/*
 * Exercise 3: parker_park, parker_unpark, parker_waker - put a thread to
 * sleep until a waker fires.
 *
 *   parker_unpark(p)   lock; token = true; count it in p->unparks;
 *                      signal p->cond; unlock
 *   parker_park(p, t)  lock; wait on p->cond until the token is there or
 *                      `t` has passed (t == PARK_FOREVER: no limit);
 *                      take the token; unlock; return whether you got it
 *   parker_waker(p)    a waker with data = p: wake and wake_by_ref unpark,
 *                      clone returns the same, drop does nothing
 *
 * A token left by an early unpark must make the next park return at once
 * (this is what keeps a wake from getting lost), and two unparks leave
 * only one token.
 *
 * Check it:  ctest --preset learner -R 03-wakers/ex3
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include <errno.h>

#include "course/exercise.h"
#include "lesson.h"

bool parker_park(parker *p, ac_nanos timeout)
{
    (void)p;
    (void)timeout;
    /* TODO: a while loop around pthread_cond_wait (PARK_FOREVER) or
     * pthread_cond_timedwait(&p->cond, &p->lock, &deadline) with
     * deadline = parker_deadline(timeout) computed once, before the loop.
     * Stop waiting when it returns ETIMEDOUT. */
    AC_TODO();
}

void parker_unpark(parker *p)
{
    (void)p;
    /* TODO: set the token under the lock, atomic_fetch_add(&p->unparks, 1),
     * pthread_cond_signal. */
    AC_TODO();
}

/* TODO: the parker waker's vtable functions and the vtable go here. */

ac_waker parker_waker(parker *p)
{
    (void)p;
    /* TODO: return a waker with data = p and your vtable. */
    AC_TODO();
}
