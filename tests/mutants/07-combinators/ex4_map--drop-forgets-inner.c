/* Mutant of exercise 4: a cancelled map does not drop its inner future.
 * Caught by map_drop_drops_inner_and_never_calls_fn. */
#include "lesson.h"

ac_poll map_poll(ac_future *self, ac_context *cx)
{
    map_future *m = (map_future *)self;
    if (ac_future_poll(m->inner, cx) == AC_PENDING)
        return AC_PENDING; /* the inner future arranged the wake */
    /* Ready exactly once (rule 1), so fn runs exactly once. */
    m->output = m->fn(output_as_int(m->inner), m->arg);
    return AC_READY;
}

void map_drop(ac_future *self) { (void)self; }
