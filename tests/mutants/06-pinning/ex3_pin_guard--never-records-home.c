/* Mutant of exercise 3: the first check says yes but never records home, so
 * no move is ever caught. Caught by guard_records_home_then_accepts_it. */
#include <stdio.h>

#include "lesson.h"

bool pin_guard_check(pin_guard *g, const void *self, const char *name)
{
    if (g->home == NULL) {
        return true;
    }
    if (g->home == self)
        return true;
    /* The guard itself moved with the future (it is inside it), so `home`
     * still holds the old address: that is how we notice. */
    fprintf(stderr, "pin_guard: %s moved from %p to %p after its first poll\n", name, g->home, self);
    return false;
}
