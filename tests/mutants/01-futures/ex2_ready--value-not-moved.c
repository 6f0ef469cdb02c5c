/* Mutant of exercise 2: returns Ready without moving the value into
 * output.  Caught by ready_hands_out_value_on_first_poll (output). */
#include <stdio.h>
#include <stdlib.h>

#include "lesson.h"

ac_poll ready_int_poll(ac_future *self, ac_context *cx)
{
    (void)cx; /* Ready on the first poll: no waker needed */
    ready_int *r = (ready_int *)self;
    if (r->taken) {
        fprintf(stderr, "ready_int polled after it returned Ready (poll contract, rule 1)\n");
        abort();
    }
    r->taken = true;
    return AC_READY;
}
