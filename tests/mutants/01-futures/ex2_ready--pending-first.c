/* Mutant of exercise 2: Pending on the first poll (a wake, then Ready on
 * the second), like a future that is not ready yet.  Caught by
 * ready_hands_out_value_on_first_poll. */
#include <stdio.h>
#include <stdlib.h>

#include "lesson.h"

ac_poll ready_int_poll(ac_future *self, ac_context *cx)
{
    ready_int *r = (ready_int *)self;
    if (r->taken) {
        fprintf(stderr, "ready_int polled after it returned Ready (poll contract, rule 1)\n");
        abort();
    }
    if (r->output != r->value) { /* the mistake: ready_int is Ready at once */
        r->output = r->value;
        ac_waker_wake_by_ref(cx->waker);
        return AC_PENDING;
    }
    r->taken = true;
    return AC_READY;
}
