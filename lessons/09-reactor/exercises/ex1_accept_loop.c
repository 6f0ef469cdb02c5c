/*
 * Exercise 1: accept_loop - a single-socket event loop, by hand.
 *
 * No executor, no tasks: you register the listener, arm its read slot
 * with a flag waker, turn the reactor, look at the flag.
 *
 *   3 clients already queued, want 3:  accept, accept, accept, EAGAIN?  no:
 *                                      done before any turn -> returns 3
 *   nobody connects, want 1:           accept -> EAGAIN, arm, turn, turn, ...
 *                                      timeout passed, flag still down -> -ETIMEDOUT
 *
 * Check it:  ctest --preset learner -R 09-reactor/ex1
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

int accept_loop(ac_reactor *r, int listen_fd, unsigned want, ac_nanos timeout, accept_observer on_accept,
                void *arg)
{
    (void)r;
    (void)listen_fd;
    (void)want;
    (void)timeout;
    (void)on_accept;
    (void)arg;
    /* TODO: ac_reactor_register the listener.  Loop: accept4(...,
     * SOCK_NONBLOCK | SOCK_CLOEXEC) until EAGAIN or `want` reached, handing
     * each fd to on_accept (or closing it); when you have `want`, stop.
     * Otherwise lower a flag, ac_reactor_arm(READABLE) with flag_waker(),
     * and ac_reactor_turn until the flag is up - a turn may return for
     * other fds - giving up with -ETIMEDOUT once `timeout` has passed
     * (ac_monotonic_now()).  ac_reactor_deregister before every return. */
    AC_TODO();
}
