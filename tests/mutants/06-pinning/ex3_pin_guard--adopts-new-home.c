/* Mutant of exercise 3: a failed check records the new address as home, so
 * the next poll of the moved future passes. Caught by
 * guard_records_home_then_accepts_it. */
#include <stdio.h>

#include "lesson.h"

bool pin_guard_check(pin_guard *g, const void *self, const char *name)
{
    if (g->home == NULL) {
        g->home = self; /* first poll: from here on, this is where we live */
        return true;
    }
    if (g->home == self)
        return true;
    /* The guard itself moved with the future (it is inside it), so `home`
     * still holds the old address: that is how we notice. */
    const void *was = g->home;
    g->home = self;
    fprintf(stderr, "pin_guard: %s moved from %p to %p after its first poll\n", name, was, self);
    return false;
}
