/*
 * Exercise 1: select2_poll - the first of two futures wins.
 *
 *   select2_of(&fast.base, &slow.base)     sleep 100 ms vs sleep 500 ms
 *   poll ... poll                          (paused clock: no real waiting)
 *   Ready at 100 ms: winner 0, slow dropped (its timer is gone)
 *
 * Check it:  ./course check 15/ex1   (or: ctest --preset learner -R 15-select/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll select2_poll(ac_future *self, ac_context *cx)
{
    (void)self;
    (void)cx;
    /* TODO: Ready as soon as one child is Ready, trying a before b on
     * every poll; `winner` says which (0 or 1).  The loser is cancelled
     * at that moment - dropped exactly once - and the winner is never
     * dropped (it finished).  Set `done` so the given drop leaves both
     * alone afterwards.  Pending when neither is Ready (each child has
     * arranged its own wake).  docs/15-select.md, "Select is poll-all,
     * drop-the-rest". */
    AC_TODO();
}
