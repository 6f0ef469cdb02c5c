/* Mutant of exercise 3: the hole is filled but len is never shrunk, so the
 * last entry ends up in two slots. Caught by
 * cancel_fills_the_hole_from_the_last_slot and
 * cancel_many_leaves_exactly_the_rest. */
#include "lesson.h"

bool timer_heap_cancel(timer_heap *h, timer_entry *t)
{
    if (!timer_entry_is_queued(t))
        return false;
    size_t i = t->index - 1; /* O(1): no search, the entry knows its slot */
    t->index = 0;
    if (i == h->len - 1)
        return true; /* it was the last slot: nothing fills the hole */
    timer_entry *last = h->slots[h->len - 1];
    timer_heap_place(h, i, last);
    /* `last` came from the bottom of another branch: it may belong above
     * the hole (earlier than the hole's parent) or below it.  Never both. */
    if (i > 0 && timer_fires_before(last, h->slots[(i - 1) / 2]))
        heap_sift_up(h, i);
    else
        heap_sift_down(h, i);
    return true;
}
