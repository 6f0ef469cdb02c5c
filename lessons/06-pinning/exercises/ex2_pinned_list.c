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
 * Check it:  ./course check 06/ex2   (or: ctest --preset learner -R 06-pinning/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_future *pinned_list_push(pinned_list *l, const void *future, size_t size)
{
    (void)l;
    (void)future;
    (void)size;
    /* TODO: append a copy of the never-polled future (`size` bytes) and
     * return the copy's address - an address that stays valid, unchanged,
     * for as long as the list lives, however many pushes follow.  The
     * list owns the copy; the caller's future may be a local.  len counts
     * the futures, cap the slots in items; growth is amortised (not one
     * slot at a time).  Out of memory: NULL, and the list as it was.
     * The idea: docs/06-pinning.md, "Addresses that others keep" and "Why a
     * task is one allocation that never moves". */
    AC_TODO();
}

void pinned_list_free(pinned_list *l)
{
    (void)l;
    /* TODO: give back every byte the list owns (each future's block and
     * the array), and leave *l an empty list that can be pushed onto again. */
    AC_TODO();
}
