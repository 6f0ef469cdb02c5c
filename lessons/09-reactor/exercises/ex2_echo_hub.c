/*
 * Exercise 2: echo_hub_turn - one loop, many sockets.
 *
 *   conns:  [fd 7 ready] [fd 9 -] [fd 11 -]
 *   turn:   fd 7 is ready already: no wait.  "hi" comes in, "hi" goes back;
 *           fd 7 has nothing more: it waits on its own waker
 *   turn:   nobody ready: the reactor waits; fd 9's waker marks it ready;
 *           "yo" -> "yo"; then end of file: fd 9 leaves through on_close
 *
 * Check it:  ./course check 09/ex2   (or: ctest --preset learner -R 09-reactor/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

int echo_hub_turn(echo_hub *h, ac_nanos timeout)
{
    (void)h;
    (void)timeout;
    /* TODO: one turn of the hub, as lesson.h (Exercise 2) specifies.
     * What to keep:
     *   - wait in the reactor only when no connection is ready;
     *   - serve the ready connections and no others, each until its socket
     *     runs dry, and leave it waiting on hub_conn_waker(c) - a wake that
     *     comes while you serve must not be lost;
     *   - a finished connection goes through h->on_close and is not
     *     touched again (it is freed);
     *   - count turns and bytes; return the connections served.
     * Explained in docs/09-reactor.md, "Many sockets, one loop". */
    AC_TODO();
}
