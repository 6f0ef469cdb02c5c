/*
 * Exercise 3: pin_guard_check - catch a future that moved after its first poll.
 *
 *   pin_guard g = PIN_GUARD_INIT;
 *   pin_guard_check(&g, (void *)0x1000, "ticker")  -> true   (home is now 0x1000)
 *   pin_guard_check(&g, (void *)0x1000, "ticker")  -> true   (still home)
 *   pin_guard_check(&g, (void *)0x2000, "ticker")  -> false, and stderr says
 *       pin_guard: ticker moved from 0x1000 to 0x2000 after its first poll
 *
 * Check it:  ctest --preset learner -R 06-pinning/ex3
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

bool pin_guard_check(pin_guard *g, const void *self, const char *name)
{
    (void)g;
    (void)self;
    (void)name;
    /* TODO: if g->home is NULL this is the first poll: remember self and
     * return true.  Otherwise return true if self == g->home; if not, print
     * the name and both addresses (%p) to stderr and return false. */
    AC_TODO();
}
