/*
 * Exercise 3: echo_server_step - one turn of a many-client event loop.
 *
 *   client A connects            step: accepted 1, live 1, conns[fd A] set
 *   clients B and C connect      step: accepted 3 (both, in ONE step)
 *   A sends "hi"                 step: "hi" goes back to A; A's bytes 2
 *   B hangs up                   step: B forgotten: conns[fd B] NULL, fd
 *                                      closed, live 2, disconnected 1
 *   nothing happens              step: returns 0 after timeout_ms
 *
 * Check it:  ./course check 08/ex3   (or: ctest --preset learner -R 08-async-io/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

int echo_server_step(echo_server *s, int timeout_ms)
{
    (void)s;
    (void)timeout_ms;
    /* TODO: wait up to timeout_ms for events, and handle each one:
     * - the listener: take EVERY connection waiting (a readable listener
     *   may stand for many); each becomes a nonblocking fd watched for
     *   input, with its echo_conn at conns[fd] (fd >= ECHO_MAX_FDS:
     *   refuse it).
     * - a connection: read once and write it all straight back; end of
     *   file or an error forgets it (out of epoll, closed, freed,
     *   conns[fd] = NULL).
     * - Keep the counters: accepted, live, disconnected, refused,
     *   bytes_echoed and each conn's bytes, steps (every turn), events.
     * Returns the events handled (0 on timeout or EINTR), or -errno.
     * Explained in docs/08-async-io.md, "Many clients on one loop, keyed
     * by fd". */
    AC_TODO();
}
