/*
 * Exercise 2: epoll_read - the same wait, asleep in the kernel.
 *
 *   bytes already there     read them at once           *waits = 0
 *   none yet                sleep until fd is readable, then read them
 *   none within timeout_ms  -ETIMEDOUT                   *waits = 1
 *   end of file / error     0 / -errno
 *
 * Results as in exercise 1 (bytes, 0 at end of file, -errno), plus
 * -ETIMEDOUT.  If `waits` is not NULL store how many epoll_wait calls
 * were made.
 *
 * Check it:  ./course check 08/ex2   (or: ctest --preset learner -R 08-async-io/ex2)
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
    /* TODO: read like exercise 1, but sleep in epoll_wait (at most
     * timeout_ms each time) whenever read() says EAGAIN.
     * - Readiness is only a hint: the read decides; try it before the
     *   first wait, so bytes already there cost no wait.
     * - The epoll instance is yours alone: every way out closes it.
     * Explained in docs/08-async-io.md, "Readiness: epoll". */
    AC_TODO();
}
