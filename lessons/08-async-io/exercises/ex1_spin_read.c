/*
 * Exercise 1: spin_read - wait for bytes by asking over and over.
 *
 * The fd is nonblocking, so read() never sleeps: when no bytes have
 * arrived it fails at once with errno == EAGAIN.  Keep asking:
 *
 *   read -> -1 EAGAIN   on_eagain(1, arg) -> true, ask again
 *   read -> -1 EAGAIN   on_eagain(2, arg) -> true, ask again
 *   read ->  5          return 5            ("hello" is in buf)
 *
 *   on_eagain(k, arg) -> false   return -EAGAIN   (the caller's bound)
 *   on_eagain == NULL            return -EAGAIN at the first EAGAIN
 *   read ->  0                   return 0         (peer hung up)
 *   read -> -1 EBADF etc.        return -errno
 *   read -> -1 EINTR             just try again, not an EAGAIN
 *
 * Check it:  ./course check 08/ex1   (or: ctest --preset learner -R 08-async-io/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ssize_t spin_read(int fd, void *buf, size_t cap, eagain_observer on_eagain, void *arg)
{
    (void)fd;
    (void)buf;
    (void)cap;
    (void)on_eagain;
    (void)arg;
    /* TODO: read from fd until read() says something other than "nothing
     * yet", with the results of the table above.
     * - Every EAGAIN is counted (the first is 1) and the count is passed
     *   to on_eagain, whose answer decides: retry at once, or -EAGAIN.
     * - End of file and real errors end it at once; EINTR is not an
     *   EAGAIN.
     * Explained in docs/08-async-io.md, "Nonblocking reads and EAGAIN". */
    AC_TODO();
}
