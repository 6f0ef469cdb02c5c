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
 * Check it:  ctest --preset learner -R 05-executor/ex3
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

void *delay_sleeper(void *arg)
{
    delay *d = arg;
    (void)d;
    /* TODO: nanosleep for d->duration (a timespec of seconds and
     * nanoseconds; sleep again on EINTR).  Then under d->lock: set
     * d->fired and take the waker out of d->waiter (leave it empty).
     * After unlocking, ac_waker_wake() it if there was one.  Return NULL. */
    AC_TODO();
}

ac_poll delay_poll(ac_future *self, ac_context *cx)
{
    delay *d = (delay *)self;
    (void)d;
    (void)cx;
    /* TODO: first poll (!d->started): pthread_mutex_init d->lock, store a
     * clone of cx->waker with ac_waker_slot_set(&d->waiter, ...), set
     * started, pthread_create(&d->sleeper, NULL, delay_sleeper, d), and
     * return AC_PENDING.
     * Later polls: under the lock read d->fired; if not fired, store the
     * (possibly new) waker again and return AC_PENDING.  If fired:
     * pthread_join the sleeper, destroy the lock, set d->finished and
     * d->output = d->message, return AC_READY. */
    AC_TODO();
}
