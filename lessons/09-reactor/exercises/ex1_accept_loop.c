/*
 * Exercise 1: accept_loop - a single-socket event loop, by hand.
 *
 * No executor, no tasks: you drive the reactor yourself, with a waker
 * that only raises a flag (flag_waker, given).
 *
 *   3 clients already queued, want 3:  all three taken, no turn at all -> 3
 *   nobody connects, want 1:           the thread waits in the reactor
 *                                      until `timeout` is gone -> -ETIMEDOUT
 *
 * Check it:  ./course check 09/ex1   (or: ctest --preset learner -R 09-reactor/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

int accept_loop(reactor *r, int listen_fd, unsigned want, ac_nanos timeout, accept_observer on_accept,
                void *arg)
{
    (void)r;
    (void)listen_fd;
    (void)want;
    (void)timeout;
    (void)on_accept;
    (void)arg;
    /* TODO: accept `want` connections, waiting in the reactor between
     * them, as lesson.h (Exercise 1) specifies.  What to keep:
     *   - try before you wait: clients that queued up before you looked
     *     produce no readiness change for you to wait for;
     *   - a reactor turn is not a verdict: it may return for another fd,
     *     and only `timeout` ends the waiting;
     *   - every way out leaves the reactor as you found it (the listener
     *     deregistered, none of your wakers behind), the listener open.
     * Explained in docs/09-reactor.md, "A single-socket loop" and rule 1. */
    AC_TODO();
}
