/*
 * Exercise 2: parker_unpark, parker_park, block_on_thread - run a future
 * to completion from a plain thread.
 *
 *   block_on_thread(f):  poll -> Pending -> park ... unparked by f's waker
 *                        poll -> Ready   -> return
 *
 * Check it:  ./course check 25/ex2   (or: ctest --preset learner -R 25-sync-async-bridge/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

void parker_unpark(parker *p)
{
    (void)p;
    /* TODO: let a thread parked on p go; if none is parked yet, the next
     * parker_park must return at once.  Contract: p->notified is shared,
     * touched under p->lock only.  docs/25-sync-async-bridge.md,
     * "Parking a thread". */
    AC_TODO();
}

void parker_park(parker *p)
{
    (void)p;
    /* TODO: sleep until an unpark, or return at once if one came first;
     * either way that unpark is used up (the next park sleeps again).
     * Contract: return only after an unpark - a condition variable may
     * wake when nobody signalled it.  docs/25-sync-async-bridge.md,
     * "Parking a thread". */
    AC_TODO();
}

void block_on_thread(ac_future *f)
{
    (void)f;
    /* TODO: poll f on this thread until it is Ready, with a waker that
     * unparks this thread (parker_waker), sleeping between polls.  Never
     * poll again after Ready; never spin.  docs/25-sync-async-bridge.md,
     * "Parking a thread". */
    AC_TODO();
}
