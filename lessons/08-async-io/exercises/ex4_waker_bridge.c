/*
 * Exercise 4: the reactor wakes, the future reads.
 *
 * Two functions, two sides of one bridge:
 *
 *   poll 1: read -> EAGAIN      Pending; the reactor holds our waker for fd
 *   (bytes arrive on fd)
 *   bridge_reactor_turn         fd readable: wake that waker, read nothing
 *   poll 2: read -> 5 bytes     Ready, result 5; no waker of ours left
 *
 * Check it:  ./course check 08/ex4   (or: ctest --preset learner -R 08-async-io/ex4)
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

int bridge_reactor_turn(bridge_reactor *r, int timeout_ms)
{
    (void)r;
    (void)timeout_ms;
    /* TODO: wait up to timeout_ms for events, then wake the waker stored
     * for each fd reported - only wake: never read, never wake a waiter
     * on an fd that was not reported.  A wake uses the stored waker up.
     * Count turns, events and wakes; return the wakes done (0 on timeout
     * or EINTR) or -errno.
     * Explained in docs/08-async-io.md, "The bridge: reactor -> waker ->
     * future". */
    AC_TODO();
}

ac_poll read_future_poll(ac_future *self, ac_context *cx)
{
    read_future *f = (read_future *)self;
    (void)f;
    (void)cx;
    /* TODO: read once from f->fd into f->buf.
     * - EAGAIN: arrange the wake first (leave cx's waker with the reactor
     *   for this fd), then Pending.  Count it in eagains.
     * - Anything else: result = bytes, 0 at end of file, or -errno, and
     *   Ready - leaving no waker of ours with the reactor (it may have
     *   been polled before the reactor woke it).
     * - Count every poll in polls.
     * Explained in docs/08-async-io.md, "The bridge: reactor -> waker ->
     * future". */
    AC_TODO();
}
