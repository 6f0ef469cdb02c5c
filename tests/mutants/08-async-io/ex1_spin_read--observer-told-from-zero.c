/* Mutant of exercise 1: the observer is told the count before it is counted up (0, 1, 2 ...), not the EAGAINs
 * so far. Caught by spin_read_counts_each_eagain_until_the_observer_gives_up (calls and in_order). */
#include <errno.h>
#include <unistd.h>

#include "lesson.h"

ssize_t spin_read(int fd, void *buf, size_t cap, eagain_observer on_eagain, void *arg)
{
    unsigned long eagains = 0;
    for (;;) {
        ssize_t n = read(fd, buf, cap);
        if (n >= 0)
            return n; /* bytes, or 0: the peer hung up */
        if (errno == EINTR)
            continue; /* a signal interrupted us; nothing happened to the socket */
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return -errno;
        /* "Nothing yet" is not an error, just a question asked too early.
         * Asking again at once is what makes this loop burn a whole core. */
        if (on_eagain == NULL || !on_eagain(eagains++, arg))
            return -EAGAIN;
    }
}
