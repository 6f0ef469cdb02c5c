/* Mutant of exercise 2: push stores the caller's pointer instead of a heap
 * copy; the caller's future is often a local that dies. Caught by
 * pushed_futures_never_move_while_the_list_grows. */
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

ac_future *pinned_list_push(pinned_list *l, const void *future, size_t size)
{
    if (l->len == l->cap) {
        /* Only pointers move when this array grows; the futures they point
         * at stay where malloc put them. */
        size_t cap = l->cap ? l->cap * 2 : 4;
        ac_future **items = realloc(l->items, cap * sizeof *items);
        if (items == NULL)
            return NULL;
        l->items = items;
        l->cap = cap;
    }
    (void)size;
    ac_future *f = (ac_future *)future;
    l->items[l->len++] = f;
    return f;
}

void pinned_list_free(pinned_list *l)
{
    free(l->items);
    *l = PINNED_LIST_INIT;
}
