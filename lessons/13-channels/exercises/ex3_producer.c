/*
 * Exercise 3: producer_poll - one of three producers into one channel.
 *
 *   producer 1: 100 101 ... 109 \
 *   producer 2: 200 201 ... 209  >--- one mpsc ---> consumer (given)
 *   producer 3: 300 301 ... 309 /                   ends when all 3 closed
 *
 * Check it:  ./course check 13/ex3   (or: ctest --preset learner -R 13-channels/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll producer_poll(ac_future *self, ac_context *cx)
{
    producer *p = (producer *)self;
    (void)p;
    (void)cx;
    /* TODO: send id * 100 + i for i = 0 .. count - 1, in that order, each
     * send finished before the next begins (a bounded channel makes sends
     * wait); count the sends that reported 0 in `sent`, the others in
     * `errors`.  Then close the sender, and be Ready. */
    AC_TODO();
}
