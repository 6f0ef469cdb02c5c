/*
 * Exercise 3: readable - a future wired to the reactor.
 *
 *   poll 1: read -> EAGAIN; register fd; arm READABLE with cx->waker; Pending
 *           (the peer writes "ping"; a reactor turn wakes our waker)
 *   poll 2: read -> 4 bytes; result = 4; Ready
 *   drop while Pending: disarm, so no waker of ours stays in the reactor
 *
 * Check it:  ctest --preset learner -R 09-reactor/ex3
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll readable_poll(ac_future *self, ac_context *cx)
{
    readable *f = (readable *)self;
    (void)f;
    (void)cx;
    /* TODO: read(f->fd, f->buf, f->cap).  Bytes, 0 or an error (not EAGAIN,
     * not EINTR): store it in f->result (-errno for errors), disarm if
     * armed, return AC_READY.  EAGAIN: count it, register fd if
     * ac_reactor_is_registered says no, ac_reactor_arm it READABLE with
     * cx->waker, set armed, return AC_PENDING. */
    AC_TODO();
}

void readable_drop(ac_future *self)
{
    readable *f = (readable *)self;
    (void)f;
    /* TODO: if armed, ac_reactor_disarm the read slot; clear armed. */
    AC_TODO();
}
