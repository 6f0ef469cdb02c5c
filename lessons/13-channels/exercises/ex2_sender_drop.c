/*
 * Exercise 2: oneshot_sender_drop - a sender that goes away says so.
 *
 *   receiver polled: Pending, its waker stored in o->waker
 *   oneshot_sender_drop(&o)         the receiver must be woken...
 *   receiver polled again:          ...to see Ready, result -EPIPE
 *
 * Check it:  ./course check 13/ex2   (or: ctest --preset learner -R 13-channels/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

void oneshot_sender_drop(oneshot *o)
{
    (void)o;
    /* TODO: after this call the sender is closed, and a receiver that was
     * waiting has been woken (so it can see that no value will come).  The
     * stored waker is given back exactly once; none is left in o. */
    AC_TODO();
}
