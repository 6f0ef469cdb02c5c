/* Mutant of exercise 3: the entry moved into the hole only ever sifts up,
 * but it may fire after the hole's children. Caught by
 * cancel_fills_the_hole_from_the_last_slot (layout B A C E). */
#include "lesson.h"

bool timer_heap_cancel(timer_heap *h, timer_entry *t)
{
    if (!timer_entry_is_queued(t))
        return false;
    size_t i = t->index - 1; /* O(1): no search, the entry knows its slot */
    t->index = 0;
    h->len--;
    if (i == h->len)
        return true; /* it was the last slot: nothing fills the hole */
    timer_entry *last = h->slots[h->len];
    timer_heap_place(h, i, last);
    /* `last` came from the bottom of another branch: it may belong above
     * the hole (earlier than the hole's parent) or below it.  Never both. */
    heap_sift_up(h, i);
    return true;
}
