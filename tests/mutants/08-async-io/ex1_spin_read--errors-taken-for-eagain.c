/* Mutant of exercise 1: every error is treated as EAGAIN (the observer is
 * asked), so a broken fd is retried. Caught by
 * spin_read_reports_end_of_file_and_errors (-EBADF, the observer not asked). */
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
        /* "Nothing yet" is not an error, just a question asked too early.
         * Asking again at once is what makes this loop burn a whole core. */
        eagains++;
        if (on_eagain == NULL || !on_eagain(eagains, arg))
            return -EAGAIN;
    }
}
