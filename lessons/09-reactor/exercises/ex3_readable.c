/*
 * Exercise 3: readable - a future wired to the reactor.
 *
 *   poll 1: nothing to read yet -> Pending, with the poller's waker left
 *           in the reactor (the peer writes "ping"; a turn wakes it)
 *   poll 2: 4 bytes -> result = 4, Ready
 *   dropped while Pending: nothing of the future stays in the reactor
 *
 * Check it:  ./course check 09/ex3   (or: ctest --preset learner -R 09-reactor/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll readable_poll(ac_future *self, ac_context *cx)
{
    readable *f = (readable *)self;
    (void)f;
    (void)cx;
    /* TODO: read once into f->buf, as lesson.h (Exercise 3) specifies.
     * What to keep:
     *   - bytes, end of file or an error are the result (-errno for an
     *     error) and the future is Ready, leaving no waker behind;
     *   - only "nothing yet" (EAGAIN) makes it Pending - and a Pending
     *     future must have arranged its wake: the reactor must know fd and
     *     hold the waker this poll was given (cx->waker);
     *   - a wake is only a hint: the next poll tries again;
     *   - a signal (EINTR) is not a result.
     * Explained in docs/09-reactor.md, "A future on the reactor". */
    AC_TODO();
}

void readable_drop(ac_future *self)
{
    readable *f = (readable *)self;
    (void)f;
    /* TODO: a future dropped while it waits must take its waker back out
     * of the reactor (without waking it); one that waits for nothing has
     * nothing to do.  Explained in docs/09-reactor.md, "A future on the
     * reactor". */
    AC_TODO();
}
