/* Mutant of exercise 2: a second poll hands out the value again instead of
 * stopping, hiding the caller's rule-1 bug.  Caught by
 * ready_aborts_when_polled_after_ready. */
#include <stdio.h>
#include <stdlib.h>

#include "lesson.h"

ac_poll ready_int_poll(ac_future *self, ac_context *cx)
{
    (void)cx; /* Ready on the first poll: no waker needed */
    ready_int *r = (ready_int *)self;
    /* the mistake: no check of r->taken */
    r->output = r->value;
    r->taken = true;
    return AC_READY;
}
