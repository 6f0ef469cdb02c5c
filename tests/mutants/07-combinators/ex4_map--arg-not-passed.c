/* Mutant of exercise 4: fn is called with NULL instead of the map's arg.
 * Caught by map_applies_fn_once_on_ready (the test's fn reads its arg). */
#include "lesson.h"

ac_poll map_poll(ac_future *self, ac_context *cx)
{
    map_future *m = (map_future *)self;
    if (ac_future_poll(m->inner, cx) == AC_PENDING)
        return AC_PENDING; /* the inner future arranged the wake */
    /* Ready exactly once (rule 1), so fn runs exactly once. */
    m->output = m->fn(output_as_int(m->inner), NULL);
    return AC_READY;
}

void map_drop(ac_future *self) { ac_future_drop(((map_future *)self)->inner); }
