/*
 * Exercise 4: bounded_send_poll - a full queue makes the sender wait.
 *
 *   capacity 2:  send 1 -> Ready   send 2 -> Ready   send 3 -> Pending
 *                bounded_try_recv -> 1, wakes the waiting sender
 *                send 3 polled again -> Ready; the queue holds 2, 3
 *
 * Check it:  ./course check 13/ex4   (or: ctest --preset learner -R 13-channels/ex4)
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll bounded_send_poll(ac_future *self, ac_context *cx)
{
    bounded_send *f = (bounded_send *)self;
    (void)f;
    (void)cx;
    /* TODO: with room, append f->value behind the items already queued,
     * keep q->max_len up to date, wake a receiver that waits, and be Ready.
     * With the queue full, hold nothing more than capacity: be Pending,
     * arranged so that the next bounded_try_recv wakes you. */
    AC_TODO();
}
