/*
 * Mutant of ex2_retry_read.c: trusts the wake: a poll after a Pending that finds EAGAIN returns Ready with 0,
 * which the caller takes for the end of file.  Caught by poked_wakes_are_counted_and_retried.
 */
#include <errno.h>
#include <unistd.h>

#include "lesson.h"

ac_poll retry_read_poll(ac_future *self, ac_context *cx)
{
    retry_read *f = (retry_read *)self;
    for (;;) {
        ssize_t n = read(f->io->fd, f->buf, f->cap);
        f->reads++;
        if (n >= 0) { /* bytes, or 0: the end of file */
            f->result = n;
            f->armed = false; /* the reactor's slot holds no wait of ours now */
            return AC_READY;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            f->result = -errno; /* -ECONNRESET: the peer reset the connection */
            f->armed = false;
            return AC_READY;
        }
        if (f->armed) {
            f->spurious++;
            f->armed = false;
            f->result = 0; /* woken, so the peer must be done */
            return AC_READY;
        }
        int err = ac_io_arm(f->io, AC_READABLE, cx);
        if (err) {
            f->result = err;
            return AC_READY;
        }
        f->armed = true;
        return AC_PENDING;
    }
}
