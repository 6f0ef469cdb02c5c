/*
 * Exercise 2: pinned_list_push / pinned_list_free - heap-pin futures.
 *
 * An array of futures (`speller *arr` grown with realloc) moves every
 * future whenever it grows, and every address handed out before (to a
 * waker, a reactor, a timer list) goes stale.  Give each future a heap
 * block of its own instead, and grow only the array of pointers:
 *
 *   pinned_list l = PINNED_LIST_INIT;
 *   ac_future *a = pinned_list_push(&l, &fut, sizeof fut);   // a never changes,
 *   ... push 1000 more ...                                    // however far l grows
 *   pinned_list_free(&l);
 *
 * Check it:  ctest --preset learner -R 06-pinning/ex2
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_future *pinned_list_push(pinned_list *l, const void *future, size_t size)
{
    (void)l;
    (void)future;
    (void)size;
    /* TODO: make room in l->items if len == cap (realloc the pointer array,
     * doubling, starting at 4).  malloc `size` bytes, memcpy the future in,
     * store the block's address in items[len++] and return it.  Return NULL
     * (leaving the list as it was) if an allocation fails. */
    AC_TODO();
}

void pinned_list_free(pinned_list *l)
{
    (void)l;
    /* TODO: free every items[i], then the array; reset the list to empty. */
    AC_TODO();
}
