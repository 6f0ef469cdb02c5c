/* Mutant of exercise 3: a move is caught but nothing says which future moved
 * or where. Caught by guard_says_which_future_moved_and_where. */
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
    (void)name;
    return false;
}
