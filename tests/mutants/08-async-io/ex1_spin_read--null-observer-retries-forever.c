/* Mutant of exercise 1: a NULL observer is taken as retry forever instead of
 * give up at once, so the loop never ends. Caught by
 * spin_read_without_observer_gives_up_at_once (the hang watchdog). */
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
        eagains++;
        if (on_eagain != NULL && !on_eagain(eagains, arg))
            return -EAGAIN;
    }
}
