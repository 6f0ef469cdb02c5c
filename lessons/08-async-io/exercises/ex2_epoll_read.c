/*
 * Exercise 2: epoll_read - the same wait, asleep in the kernel.
 *
 *   ep = epoll_create1(EPOLL_CLOEXEC)
 *   epoll_ctl(ep, EPOLL_CTL_ADD, fd, {EPOLLIN})      "tell me when readable"
 *   loop:
 *     read -> bytes / 0 / error     -> done
 *     read -> EAGAIN                -> epoll_wait(ep, .., timeout_ms)   (waits++)
 *                                        0 events -> -ETIMEDOUT
 *   close(ep)                        always, whatever the result
 *
 * Results as in exercise 1 (bytes, 0 at end of file, -errno), plus
 * -ETIMEDOUT.  If `waits` is not NULL store how many epoll_wait calls
 * were made (0 when the bytes were already there).
 *
 * Check it:  ctest --preset learner -R 08-async-io/ex2
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ssize_t epoll_read(int fd, void *buf, size_t cap, int timeout_ms, unsigned *waits)
{
    (void)fd;
    (void)buf;
    (void)cap;
    (void)timeout_ms;
    (void)waits;
    /* TODO: make a private epoll instance, register fd for EPOLLIN, then
     * loop: try read(); on EAGAIN sleep in epoll_wait() and count it.
     * Close the epoll fd on every way out. */
    AC_TODO();
}
