/*
 * Exercise 4: hub_close - leave no trace.
 *
 *   before:  3 fds registered   hub open 3   conns[1] = {fd 9}
 *   hub_close(h, conns[1])
 *   after:   2 fds registered   hub open 2   conns[1] = NULL   fd 9 closed
 *            the waker fd 9 had in its slot: dropped, never woken
 *            an event for fd 9 already on its way: counted stale, ignored
 *
 * Check it:  ./course check 09/ex4   (or: ctest --preset learner -R 09-reactor/ex4)
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

void hub_close(echo_hub *h, hub_conn *c)
{
    (void)h;
    (void)c;
    /* TODO: take c out of the hub for good, as lesson.h (Exercise 4)
     * specifies: out of the reactor, fd closed, slot freed, counters
     * right, c freed.  The order is the lesson - the kernel reuses an fd
     * number the moment it is closed, and an event already reported for
     * the old socket must find nobody.  Explained in docs/09-reactor.md,
     * rule 3 ("Deregister before close") and "Late events". */
    AC_TODO();
}
