/*
 * Exercise 1: countdown_poll - your first future.
 *
 * What it must do: a countdown made with countdown_new(n) is Pending on
 * its first n polls, taking one off `count` each time, and Ready on the
 * poll that finds `count` at 0:
 *
 *   countdown_new(3):  Pending (count 2), Pending (1), Pending (0), Ready
 *
 * The contract: rule 2 of the poll contract - every Pending has arranged a
 * wake, and nothing outside will ever wake a countdown, so it must see to
 * that itself.  The waker in `cx` is borrowed for this one poll: use it,
 * do not give it back.  Ready needs no wake.
 *
 * Read first: docs/01-futures.md, "The poll contract" (and "The waker,
 * briefly" for what borrowing the waker means).
 *
 * Check it:  ./course check 01/ex1   (or: ctest --preset learner -R 01-futures/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll countdown_poll(ac_future *self, ac_context *cx)
{
    countdown *c = (countdown *)self;
    (void)c;
    (void)cx;
    /* TODO: Pending (with a wake) while there is count left, then Ready. */
    AC_TODO();
}
