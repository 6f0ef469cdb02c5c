/*
 * Exercise 3: pin_guard_check - catch a future that moved after its first poll.
 *
 *   pin_guard g = PIN_GUARD_INIT;
 *   pin_guard_check(&g, (void *)0x1000, "ticker")  -> true   (home is now 0x1000)
 *   pin_guard_check(&g, (void *)0x1000, "ticker")  -> true   (still home)
 *   pin_guard_check(&g, (void *)0x2000, "ticker")  -> false, and stderr says
 *       pin_guard: ticker moved from 0x1000 to 0x2000 after its first poll
 *
 * Check it:  ./course check 06/ex3   (or: ctest --preset learner -R 06-pinning/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

bool pin_guard_check(pin_guard *g, const void *self, const char *name)
{
    (void)g;
    (void)self;
    (void)name;
    /* TODO: true when the future is polled where it was first polled; the
     * first check (home still NULL) learns that address.  A future polled
     * anywhere else has moved: say so on stderr - which future (name),
     * from where, to where (%p) - and return false, every time it is
     * polled away from home (a move is not forgiven by being seen once).
     * The idea: docs/06-pinning.md, "Catching a move: `pin_guard`". */
    AC_TODO();
}
