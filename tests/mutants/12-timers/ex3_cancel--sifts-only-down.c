/* Mutant of exercise 3: the entry moved into the hole only ever sifts down,
 * but it may fire before the hole's parent. Caught by
 * cancel_may_need_to_sift_up (layout 1 4 2 50 70 3). */
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
    heap_sift_down(h, i);
    return true;
}
