/* Mutant of exercise 2: the loop returns at the first Pending child, so the
 * children after it are not polled. Caught by
 * join_all_keeps_slot_order_when_finishing_in_reverse. */
#include "lesson.h"

ac_poll join_all_poll(ac_future *self, ac_context *cx)
{
    join_all *j = (join_all *)self;
    for (size_t i = 0; i < j->n; i++) {
        if (j->slots[i] == NULL)
            continue; /* finished earlier: rule 1 says never poll it again */
        if (ac_future_poll(j->slots[i], cx) == AC_PENDING)
            return AC_PENDING;
        {
            j->outputs[i] = output_as_int(j->slots[i]); /* its own slot: order kept */
            j->slots[i] = NULL;
            j->remaining--;
        }
    }
    return j->remaining == 0 ? AC_READY : AC_PENDING;
}

void join_all_drop(ac_future *self)
{
    join_all *j = (join_all *)self;
    for (size_t i = 0; i < j->n; i++) {
        if (j->slots[i] != NULL) {
            ac_future_drop(j->slots[i]);
            j->slots[i] = NULL;
        }
    }
}
