/* Mutant of exercise 4: any event wakes every waiter, not just the one on
 * the fd reported. Caught by reactor_wakes_only_the_fd_that_is_ready. */
#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "lesson.h"

int bridge_reactor_turn(bridge_reactor *r, int timeout_ms)
{
    struct epoll_event events[16];
    int n = epoll_wait(r->epfd, events, 16, timeout_ms);
    if (n < 0)
        return errno == EINTR ? 0 : -errno;
    r->turns++;
    r->events += (unsigned long)n;
    int woken = 0;
    for (int i = 0; i < n; i++) {
        (void)events[i];
        for (int fd = 0; fd < BRIDGE_MAX_FDS; fd++) {
            /* The reactor's whole job: readiness in, wake out.  It does not
             * read - it does not even know what the waiter wants to do. */
            if (ac_waker_slot_is_set(&r->waiting[fd])) {
                ac_waker_slot_wake(&r->waiting[fd]); /* wakes and empties the slot */
                woken++;
            }
        }
    }
    r->wakes += (unsigned long)woken;
    return woken;
}

ac_poll read_future_poll(ac_future *self, ac_context *cx)
{
    read_future *f = (read_future *)self;
    f->polls++;
    for (;;) {
        ssize_t n = read(f->fd, f->buf, f->cap);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            f->eagains++;
            /* Rule 2: before saying Pending, arrange the wake. */
            int err = bridge_reactor_wait_readable(f->reactor, f->fd, cx->waker);
            if (err == 0)
                return AC_PENDING;
            n = err; /* could not register: report it rather than sleep forever */
        } else if (n < 0) {
            n = -errno;
        }
        f->result = n;
        /* Polled early (before the reactor woke us)?  Then our waker is
         * still stored: take it back so nobody wakes a finished future. */
        bridge_reactor_clear(f->reactor, f->fd);
        return AC_READY;
    }
}
