/*
 * Exercise 4: hub_close - leave no trace.
 *
 *   before:  reactor registered 3   hub open 3   conns[1] = {fd 9}
 *   hub_close(h, conns[1])
 *   after:   reactor registered 2   hub open 2   conns[1] = NULL   fd 9 closed
 *            the waker fd 9 had in its slot: dropped, never woken
 *            an event for fd 9 already on its way: counted stale, ignored
 *
 * Check it:  ctest --preset learner -R 09-reactor/ex4
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

void hub_close(echo_hub *h, hub_conn *c)
{
    (void)h;
    (void)c;
    /* TODO: ac_reactor_deregister(h->reactor, c->fd) FIRST, then close the
     * fd, then h->conns[c->slot] = NULL, update open and closed, free c. */
    AC_TODO();
}
