/*
 * Exercise 1: oneshot_recv_poll - wait for the one value.
 *
 *   oneshot_init(&o);  r = oneshot_recv_new(&o);
 *   poll 1: nothing yet                    Pending (o.waker holds a clone of ours)
 *           oneshot_send(&o, 7)            wakes that clone
 *   poll 2:                                Ready, result 0, value 7
 *   ...or the sender is dropped instead:   Ready, result -EPIPE
 *
 * Check it:  ./course check 13/ex1   (or: ctest --preset learner -R 13-channels/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll oneshot_recv_poll(ac_future *self, ac_context *cx)
{
    oneshot_recv *f = (oneshot_recv *)self;
    (void)f;
    (void)cx;
    /* TODO: Ready with result 0 and the value once one was sent (a value
     * is received once).  Ready with result -EPIPE once the sender is gone
     * without a value.  Otherwise Pending, with o->waker holding exactly
     * one clone of cx's waker, whatever number of times you are polled. */
    AC_TODO();
}
