/* Mutant of exercise 3: the index is used as the slot itself, forgetting
 * that index is slot + 1, so the wrong entry is taken out. Caught by
 * cancel_fills_the_hole_from_the_last_slot and
 * cancel_many_leaves_exactly_the_rest. */
#include "lesson.h"

bool timer_heap_cancel(timer_heap *h, timer_entry *t)
{
    if (!timer_entry_is_queued(t))
        return false;
    size_t i = t->index < h->len ? t->index : h->len - 1;
    t->index = 0;
    h->len--;
    if (i == h->len)
        return true; /* it was the last slot: nothing fills the hole */
    timer_entry *last = h->slots[h->len];
    timer_heap_place(h, i, last);
    /* `last` came from the bottom of another branch: it may belong above
     * the hole (earlier than the hole's parent) or below it.  Never both. */
    if (i > 0 && timer_fires_before(last, h->slots[(i - 1) / 2]))
        heap_sift_up(h, i);
    else
        heap_sift_down(h, i);
    return true;
}
