/*
 * Exercise 3: delay - a future that waits for real time.
 *
 *   executor               delay_poll                 helper thread
 *     poll ------------->  first poll: store waker,
 *                          start thread ---------->  sleep(duration)
 *     <-- Pending
 *     (parks: no work)                                ...
 *                                                     lock; fired = true;
 *                                                     take the waker; unlock
 *     <--------------------------------------------  wake it
 *     poll ------------->  fired: join the thread,
 *     <-- Ready("...")     output = message
 *
 * Check it:  ./course check 05/ex3   (or: ctest --preset learner -R 05-executor/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

void *delay_sleeper(void *arg)
{
    delay *d = arg;
    (void)d;
    /* TODO: the helper thread: sleep d->duration (nanoseconds; a signal
     * may cut a sleep short), then record that the time is up and wake
     * whoever d->waiter holds at that moment - if anyone (a dropped delay
     * has emptied it).  d->fired and d->waiter are shared with the
     * poller: only under d->lock, and the wake itself outside it.
     * The idea: docs/05-executor.md, "A delay: waiting for time, with a
     * helper thread". */
    AC_TODO();
}

ac_poll delay_poll(ac_future *self, ac_context *cx)
{
    delay *d = (delay *)self;
    (void)d;
    (void)cx;
    /* TODO: Pending until the helper thread says the time is up, then
     * Ready with d->message as output.  The contract:
     *   - the first poll starts the wait (the lock and the thread live in
     *     the future from then on: it no longer moves) and returns at
     *     once - the poller's thread must never sleep here;
     *   - every Pending poll leaves (a clone of) its waker in d->waiter,
     *     so the latest poller is the one woken; the borrowed cx->waker
     *     itself is never kept;
     *   - Ready leaves nothing behind: the thread joined, the lock
     *     destroyed, d->finished set (the given drop relies on it).
     * The idea: docs/05-executor.md, "A delay: waiting for time, with a
     * helper thread". */
    AC_TODO();
}
