/* Mutant of exercise 2: free does not reset the list, so it still points at
 * the freed array and the next push writes into it. Caught by
 * pushed_futures_never_move_while_the_list_grows and ASan in
 * free_leaves_the_list_usable. */
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
    ac_future *f = malloc(size);
    if (f == NULL)
        return NULL;
    memcpy(f, future, size); /* the last move this future will ever make */
    l->items[l->len++] = f;
    return f;
}

void pinned_list_free(pinned_list *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i]);
    free(l->items);
}
