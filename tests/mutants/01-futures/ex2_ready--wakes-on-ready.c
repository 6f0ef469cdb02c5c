/* Mutant of exercise 2: wakes before returning Ready ("always wake"), but
 * a Ready future needs nobody to poll it again.  Caught by
 * ready_hands_out_value_on_first_poll (the wakes). */
#include <stdio.h>
#include <stdlib.h>

#include "lesson.h"

ac_poll ready_int_poll(ac_future *self, ac_context *cx)
{
    ac_waker_wake_by_ref(cx->waker); /* the mistake: Ready needs no wake */
    ready_int *r = (ready_int *)self;
    if (r->taken) {
        fprintf(stderr, "ready_int polled after it returned Ready (poll contract, rule 1)\n");
        abort();
    }
    r->output = r->value;
    r->taken = true;
    return AC_READY;
}
