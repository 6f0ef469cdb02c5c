/*
 * Exercise 4: the reactor wakes, the future reads.
 *
 * Two functions, two sides of one bridge:
 *
 *   bridge_reactor_turn(r, timeout_ms)
 *     n = epoll_wait(r->epfd, .., timeout_ms)       (EINTR: return 0)
 *     for each event: if r->waiting[event.data.fd] holds a waker,
 *                     wake it (ac_waker_slot_wake) - and do nothing else
 *     turns++, events += n, wakes += woken; return woken
 *
 *   read_future_poll(self, cx)
 *     polls++
 *     read(fd, buf, cap)
 *       EAGAIN:   eagains++; bridge_reactor_wait_readable(reactor, fd, cx->waker);
 *                 return Pending
 *       anything else: result = bytes / 0 / -errno;
 *                 bridge_reactor_clear(reactor, fd); return Ready
 *
 * Check it:  ctest --preset learner -R 08-async-io/ex4
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

int bridge_reactor_turn(bridge_reactor *r, int timeout_ms)
{
    (void)r;
    (void)timeout_ms;
    /* TODO: wait, then wake the stored waker of each reported fd. */
    AC_TODO();
}

ac_poll read_future_poll(ac_future *self, ac_context *cx)
{
    read_future *f = (read_future *)self;
    (void)f;
    (void)cx;
    /* TODO: try the read; EAGAIN -> leave the waker with the reactor and
     * return AC_PENDING; otherwise store the result, clear any waker you
     * left earlier, return AC_READY. */
    AC_TODO();
}
