/*
 * Exercise 2: echo_hub_turn - one loop, many sockets.
 *
 *   conns:  [fd 7 ready] [fd 9 -] [fd 11 -]
 *   turn:   fd 7 ready already: no wait.  read "hi" -> write "hi";
 *           read -> EAGAIN: arm fd 7 with hub_conn_waker(conns[0])
 *   turn:   nobody ready: ac_reactor_turn -> fd 9's waker marks it ready;
 *           read "yo" -> write "yo"; read -> 0 (end of file): on_close
 *
 * Check it:  ctest --preset learner -R 09-reactor/ex2
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

int echo_hub_turn(echo_hub *h, ac_nanos timeout)
{
    (void)h;
    (void)timeout;
    /* TODO: count the turn.  If no connection is ready, ac_reactor_turn
     * once.  Then for each ready connection: clear ready, read/echo until
     * EAGAIN (arm READABLE with hub_conn_waker(c)), or end of file / error
     * (h->on_close(h, c)).  Count bytes in c->echoed and h->echoed.
     * Return how many connections you served. */
    AC_TODO();
}
