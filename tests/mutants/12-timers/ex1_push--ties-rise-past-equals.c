/* Mutant of exercise 1: sift-up compares deadlines with <=, so a timer rises
 * past an equal one pushed before it. Caught by
 * push_keeps_the_earliest_on_top (layout B D C A). */
#include "lesson.h"

void heap_sift_up(timer_heap *h, size_t i)
{
    timer_entry *t = h->slots[i];
    /* Move parents down into the hole instead of swapping pairwise: one
     * write per level, and t is placed once at the end. */
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (t->deadline > h->slots[parent]->deadline)
            break;
        timer_heap_place(h, i, h->slots[parent]);
        i = parent;
    }
    timer_heap_place(h, i, t);
}

bool timer_heap_push(timer_heap *h, timer_entry *t, uint64_t deadline)
{
    if (timer_entry_is_queued(t) || !timer_heap_reserve(h))
        return false;
    t->deadline = deadline;
    t->seq = h->next_seq++; /* ties fire in this order */
    timer_heap_place(h, h->len, t);
    h->len++;
    heap_sift_up(h, h->len - 1);
    return true;
}
