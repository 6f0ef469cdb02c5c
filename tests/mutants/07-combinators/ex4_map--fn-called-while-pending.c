/* Mutant of exercise 4: fn is called on every poll, with no output to map
 * while the inner future is Pending. Caught by map_applies_fn_once_on_ready. */
#include "lesson.h"

ac_poll map_poll(ac_future *self, ac_context *cx)
{
    map_future *m = (map_future *)self;
    ac_poll r = ac_future_poll(m->inner, cx);
    m->output = m->fn(output_as_int(m->inner), m->arg);
    return r;
}

void map_drop(ac_future *self) { ac_future_drop(((map_future *)self)->inner); }
