/*
 * Exercise 3: echo_server_step - one turn of a many-client event loop.
 *
 *   n = epoll_wait(s->epfd, events, 64, timeout_ms)       (EINTR: return 0)
 *   for each event, fd = event.data.fd:
 *     fd == s->listen_fd:  accept4(.., SOCK_NONBLOCK | SOCK_CLOEXEC) until EAGAIN;
 *                          each new fd: calloc an echo_conn, EPOLL_CTL_ADD
 *                          {EPOLLIN, .data.fd = fd}, conns[fd] = it;
 *                          accepted++, live++  (fd >= ECHO_MAX_FDS: close, refused++)
 *     conns[fd] != NULL:   read once into a buffer
 *                            n > 0:  send it all back; bytes (conn and server) += n
 *                            EAGAIN: nothing to do
 *                            0 / error: disconnect
 *   disconnect = EPOLL_CTL_DEL, close, free, conns[fd] = NULL,
 *                live--, disconnected++
 *   steps++, events += n; return n
 *
 * Check it:  ctest --preset learner -R 08-async-io/ex3
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

int echo_server_step(echo_server *s, int timeout_ms)
{
    (void)s;
    (void)timeout_ms;
    /* TODO: the loop body above.  Small helpers (accept_all, serve,
     * drop_conn) keep it readable. */
    AC_TODO();
}
