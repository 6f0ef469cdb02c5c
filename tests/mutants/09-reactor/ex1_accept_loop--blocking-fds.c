/* Mutant of ex1_accept_loop: accepts blocking fds (no SOCK_NONBLOCK): a reactor user would block in
 * read.  Caught by accept_loop_takes_queued_clients_without_waiting. */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"

/* Accept everything queued right now.  Returns how many were accepted,
 * or -errno for a real error (EAGAIN just ends the batch). */
static int accept_batch(int listen_fd, unsigned *accepted, unsigned want, unsigned turn,
                        accept_observer on_accept, void *arg)
{
    while (*accepted < want) {
        int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC) /* the mistake */;
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue; /* a signal, or a client gone before we got to it */
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return 0;
            return -errno;
        }
        (*accepted)++;
        if (on_accept != NULL)
            on_accept(fd, turn, arg);
        else
            close(fd);
    }
    return 0;
}

int accept_loop(reactor *r, int listen_fd, unsigned want, ac_nanos timeout, accept_observer on_accept,
                void *arg)
{
    int err = reactor_register(r, listen_fd);
    if (err)
        return err;
    flag woke = {0};
    ac_waker waker = flag_waker(&woke);
    unsigned accepted = 0, turns = 0;
    int result;
    for (;;) {
        /* Try first: connections that queued up before we looked (or since
         * the last edge) produce no new edge for us to wait for. */
        err = accept_batch(listen_fd, &accepted, want, turns, on_accept, arg);
        if (err) {
            result = err;
            break;
        }
        if (accepted == want) {
            result = (int)want;
            break;
        }
        /* Only now, having seen EAGAIN, is it safe to wait for the next edge. */
        woke.raised = false;
        reactor_arm(r, listen_fd, AC_READABLE, &waker);
        ac_nanos deadline = ac_monotonic_now() + timeout;
        ac_nanos left = timeout;
        while (!woke.raised && left > 0) {
            /* may return for another fd's event: then wait on for the rest */
            reactor_turn(r, left);
            turns++;
            left = deadline - ac_monotonic_now();
        }
        if (!woke.raised) {
            result = -ETIMEDOUT;
            break;
        }
    }
    /* drops the waker if the slot is still armed (the timeout case) */
    reactor_deregister(r, listen_fd);
    return result;
}
