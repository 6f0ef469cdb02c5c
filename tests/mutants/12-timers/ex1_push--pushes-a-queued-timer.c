/* Mutant of exercise 1: push accepts a timer that is already queued, putting
 * one entry in two slots. Caught by push_refuses_a_queued_timer. */
#include "lesson.h"

void heap_sift_up(timer_heap *h, size_t i)
{
    timer_entry *t = h->slots[i];
    /* Move parents down into the hole instead of swapping pairwise: one
     * write per level, and t is placed once at the end. */
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!timer_fires_before(t, h->slots[parent]))
            break;
        timer_heap_place(h, i, h->slots[parent]);
        i = parent;
    }
    timer_heap_place(h, i, t);
}

bool timer_heap_push(timer_heap *h, timer_entry *t, uint64_t deadline)
{
    if (!timer_heap_reserve(h))
        return false;
    t->deadline = deadline;
    t->seq = h->next_seq++; /* ties fire in this order */
    timer_heap_place(h, h->len, t);
    h->len++;
    heap_sift_up(h, h->len - 1);
    return true;
}
