/*
 * Exercise 2: worker_poll - long work that lets the others in.
 *
 *   worker_new("w", 5, 2):  poll 1: units 0 -> 2, yield   (Pending)
 *                           poll 2: units 2 -> 4, yield   (Pending)
 *                           poll 3: units 4 -> 5, Ready
 *   worker_new("w", 5, 0):  poll 1: units 0 -> 5, Ready   (never yields)
 *
 * One unit of work is one call of worker_do_unit(w).  The demos use this
 * for a greedy task (every = 1) racing a quick one, and for a hog that
 * starves everyone (every = 0) until it is fixed (every = 100000).
 *
 * Check it:  ./course check 10/ex2   (or: ctest --preset learner -R 10-task-scheduling/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll worker_poll(ac_future *self, ac_context *cx)
{
    worker *w = (worker *)self;
    (void)w;
    (void)cx;
    /* TODO: do w->work units (worker_do_unit), stepping aside once after
     * every w->every units so the other tasks get a turn; every == 0
     * means never step aside.  Ready when done == work, no unit more.
     * - Stepping aside is a yield: Pending with your own wake already
     *   arranged (ac_yield_now() makes one; a used one is Ready at once).
     * - A coroutine (ac/coro.h): done, the loop's state, is in the struct.
     * Explained in docs/10-task-scheduling.md, "Cooperative means nobody
     * can interrupt a poll". */
    AC_TODO();
}
