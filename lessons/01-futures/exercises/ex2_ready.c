/*
 * Exercise 2: ready_int_poll - a future whose answer is already known.
 *
 * What it must do: the first poll hands `value` out as the output (the
 * caller reads it from `output`, or through ac_future_output) and returns
 * Ready.  `taken` records that it did.
 *
 * The contract: rule 1 of the poll contract - nobody polls a future again
 * after Ready.  A second poll is a bug in the caller; the friendliest
 * answer is to say so on stderr and stop the program with abort(), not to
 * hand the value out again.  Ready needs no wake.
 *
 * Read first: docs/01-futures.md, "The same thing in C" (where the output
 * lives) and "The poll contract".
 *
 * Check it:  ./course check 01/ex2   (or: ctest --preset learner -R 01-futures/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll ready_int_poll(ac_future *self, ac_context *cx)
{
    ready_int *r = (ready_int *)self;
    (void)r;
    (void)cx;
    /* TODO: Ready with the value the first time; stop loudly the second. */
    AC_TODO();
}
