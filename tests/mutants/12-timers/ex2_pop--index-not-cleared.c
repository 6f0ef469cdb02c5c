/* Mutant of exercise 2: the popped entry keeps its index, so it still looks
 * queued. Caught by pop_follows_deadlines_then_start_order (index 0 after
 * pop). */
#include <stddef.h>

#include "lesson.h"

void heap_sift_down(timer_heap *h, size_t i)
{
    timer_entry *t = h->slots[i];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= h->len)
            break;
        /* the child that fires first is the only one that may go above t */
        if (child + 1 < h->len && timer_fires_before(h->slots[child + 1], h->slots[child]))
            child++;
        if (!timer_fires_before(h->slots[child], t))
            break;
        timer_heap_place(h, i, h->slots[child]);
        i = child;
    }
    timer_heap_place(h, i, t);
}

timer_entry *timer_heap_pop(timer_heap *h)
{
    if (h->len == 0)
        return NULL;
    timer_entry *first = h->slots[0];
    h->len--;
    if (h->len > 0) {
        /* the last slot fills the hole at the root and sinks to its place */
        timer_heap_place(h, 0, h->slots[h->len]);
        heap_sift_down(h, 0);
    }
    return first;
}
