/* Mutant of exercise 2: the number of waits is never stored in *waits.
 * Caught by epoll_read_takes_bytes_without_waiting and
 * epoll_read_times_out_after_one_wait. */
#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "lesson.h"

ssize_t epoll_read(int fd, void *buf, size_t cap, int timeout_ms, unsigned *waits)
{
    unsigned wait_count = 0;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0)
        return -errno;
    ssize_t result;
    struct epoll_event interest = {.events = EPOLLIN, .data.fd = fd};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &interest) != 0) {
        result = -errno;
        goto out;
    }
    for (;;) {
        /* Try first: the bytes may be there already, and a readiness
         * report is only a hint - the read decides. */
        result = read(fd, buf, cap);
        if (result >= 0)
            break;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            result = -errno;
            break;
        }
        /* Nothing yet: sleep in the kernel until the fd is readable.  This
         * thread uses no CPU at all while it waits. */
        struct epoll_event ev;
        int n = epoll_wait(ep, &ev, 1, timeout_ms);
        wait_count++;
        if (n == 0) {
            result = -ETIMEDOUT;
            break;
        }
        if (n < 0 && errno != EINTR) {
            result = -errno;
            break;
        }
    }
out:
    close(ep);
    (void)wait_count;
    (void)waits;
    return result;
}
