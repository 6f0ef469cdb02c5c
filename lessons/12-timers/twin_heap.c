/*
 * twin_heap.c - the given parts of lesson 12's timer heap, the plain
 * teaching twin of the runtime's own (its interface: ac/timer.h):
 * setting up, tearing down and growing the array.  You write push, pop
 * and cancel.
 */
#include <stdlib.h>

#include "lesson.h"

void timer_heap_init(timer_heap *h) { *h = (timer_heap){0}; }

void timer_heap_free(timer_heap *h)
{
    for (size_t i = 0; i < h->len; i++)
        h->slots[i]->index = 0; /* no entry may think it is still queued */
    free(h->slots);
    *h = (timer_heap){0};
}

/* Doubling keeps pushes O(1) amortised: a million pushes grow the array
 * about twenty times. */
bool timer_heap_reserve(timer_heap *h)
{
    if (h->len < h->cap)
        return true;
    size_t cap = h->cap ? h->cap * 2 : 16;
    timer_entry **slots = realloc(h->slots, cap * sizeof *slots);
    if (slots == NULL)
        return false;
    h->slots = slots;
    h->cap = cap;
    return true;
}
