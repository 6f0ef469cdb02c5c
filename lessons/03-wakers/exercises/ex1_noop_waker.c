/*
 * Exercise 1: noop_waker - a waker built from a vtable of your own.
 *
 * What it must do: return a waker whose four functions (clone, wake,
 * wake_by_ref, drop) all do nothing useful, safely.  Waking it changes
 * nothing; cloning it gives another handle that behaves the same.
 *
 * The contract (ac/waker.h): a waker is a data pointer and a vtable; every
 * ac_waker_* call goes through the vtable, so all four entries must be
 * there, and a clone must be a handle to the same waker (same data, same
 * vtable).  This waker points at nothing, so there is nothing to own.
 * Build the vtable yourself: the runtime's ac_waker_noop() does not count.
 *
 * Read first: docs/03-wakers.md, "The same thing in C" (the two-word
 * waker and its four functions).
 *
 * Check it:  ./course check 03/ex1   (or: ctest --preset learner -R 03-wakers/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

/* TODO: your vtable and the functions it points at. */

ac_waker noop_waker(void)
{
    /* TODO: a waker that uses your vtable. */
    AC_TODO();
}
