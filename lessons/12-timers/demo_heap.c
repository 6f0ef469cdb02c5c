/*
 * demo_heap.c - `12-timers heap`: your heap from the exercises, printed
 * after every operation so you can watch entries move.
 */
#include <stdio.h>

#include "demos.h"
#include "lesson.h"

static void print_heap(const char *what, const timer_heap *h)
{
    printf("  %-16s [", what);
    for (size_t i = 0; i < h->len; i++)
        printf("%s%s%llu", i ? " " : "", h->slots[i]->label, (unsigned long long)h->slots[i]->deadline);
    printf("]\n");
}

int demo_heap(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    timer_entry timers[] = {
        {.label = "A"}, {.label = "B"}, {.label = "C"}, {.label = "D"}, {.label = "E"}, {.label = "F"},
    };
    const uint64_t deadlines[] = {30, 10, 20, 10, 40, 5};
    enum { COUNT = sizeof timers / sizeof timers[0] };
    timer_heap h;
    timer_heap_init(&h);

    printf("Push six timers (label + deadline in ms).  The array is the heap;\n"
           "slot 0 is always the next to fire:\n\n");
    for (size_t i = 0; i < COUNT; i++) {
        char what[32];
        snprintf(what, sizeof what, "push %s%llu", timers[i].label, (unsigned long long)deadlines[i]);
        timer_heap_push(&h, &timers[i], deadlines[i]);
        print_heap(what, &h);
    }

    timer_entry *c = &timers[2];
    printf("\nCancel C (it knows its slot: index %zu -> slot %zu, no search):\n\n", c->index, c->index - 1);
    timer_heap_cancel(&h, c);
    print_heap("cancel C20", &h);

    printf("\nPop until empty: earliest first, B before D (both 10: B was pushed first):\n\n");
    timer_entry *t;
    while ((t = timer_heap_pop(&h)) != NULL) {
        char what[32];
        snprintf(what, sizeof what, "pop -> %s%llu", t->label, (unsigned long long)t->deadline);
        print_heap(what, &h);
    }
    timer_heap_free(&h);

    printf("\nTakeaway: push and pop touch one path from a leaf to the root, so a heap\n"
           "of a million timers needs about twenty steps per operation; the index\n"
           "stored in each entry makes cancel just as cheap.\n");
    return 0;
}
