/* Mutant of exercise 2: passes polls on without counting them. Caught by
 * counting_passes_polls_on_and_counts_them (c.polls). */
#include <stdio.h>

#include "lesson.h"

ac_poll counted_poll(ac_future *self, ac_context *cx)
{
    counted *c = (counted *)self;
    ac_poll r = ac_future_poll(c->inner, cx);
    if (lesson_trace)
        printf("  %s: poll %d -> %s\n", c->name, c->polls, r == AC_READY ? "Ready" : "Pending");
    return r;
}

void counted_drop(ac_future *self)
{
    counted *c = (counted *)self;
    c->drops++;
    if (lesson_trace)
        printf("  %s: dropped after %d poll%s\n", c->name, c->polls, c->polls == 1 ? "" : "s");
    /* the inner future is cancelled with us: its timer or slot goes now */
    ac_future_drop(c->inner);
}
