/* Mutant of exercise 4: the turn wakes the stored waker by reference and
 * leaves it in its slot, so a later event wakes it again and the clone is
 * never given back. Caught by reactor_wakes_and_future_reads (slot emptied). */
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
        int fd = events[i].data.fd;
        /* The reactor's whole job: readiness in, wake out.  It does not
         * read - it does not even know what the waiter wants to do. */
        if (ac_waker_slot_is_set(&r->waiting[fd])) {
            ac_waker_wake_by_ref(&r->waiting[fd].waker);
            woken++;
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
