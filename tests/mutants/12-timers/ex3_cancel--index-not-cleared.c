/* Mutant of exercise 3: the cancelled timer keeps its index, so it still
 * looks queued and a second cancel takes out another entry. Caught by
 * cancel_of_a_timer_not_queued_is_false. */
#include "lesson.h"

bool timer_heap_cancel(timer_heap *h, timer_entry *t)
{
    if (!timer_entry_is_queued(t))
        return false;
    size_t i = t->index - 1; /* O(1): no search, the entry knows its slot */
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
