/*
 * Exercise 3: drainer_poll - a consumer that sleeps until there is mail.
 *
 *   mailbox empty:   drainer Pending (waiting on m->notify)
 *   put 1, put 2:    one notify wakes it -> it takes 1 AND 2
 *   close:           it takes what is left, then is Ready
 *
 * Check it:  ./course check 18/ex3   (or: ctest --preset learner -R 18-sync/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll drainer_poll(ac_future *self, ac_context *cx)
{
    drainer *d = (drainer *)self;
    (void)d;
    (void)cx;
    /* TODO: take every item (mailbox_take) into `got` and `sum` until the
     * mailbox is closed AND empty, then be Ready.  When it is empty and not
     * closed, wait on m->notify - and after any wake, look again. */
    AC_TODO();
}
