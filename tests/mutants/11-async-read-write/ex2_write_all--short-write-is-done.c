/* Mutant of exercise 2: the first write that takes some bytes ends the
 * future, as if a short write were all of it. Caught by
 * write_all_survives_short_writes (result). */
#include "lesson.h"

ac_poll write_all_poll(ac_future *self, ac_context *cx)
{
    write_all *f = (write_all *)self;
    f->armed = false;
    while (f->done < f->len) {
        ssize_t n;
        if (ac_io_poll_write(f->io, cx, f->buf + f->done, f->len - f->done, &n) == AC_PENDING) {
            /* the send buffer is full: the reactor wakes us when it drains */
            f->armed = true;
            f->pendings++;
            return AC_PENDING;
        }
        if (n < 0) {
            f->result = n; /* -EPIPE, -ECONNRESET, ... */
            return AC_READY;
        }
        f->writes++;
        f->done += (size_t)n;
        f->result = n;
        return AC_READY;
    }
    f->result = (ssize_t)f->len;
    return AC_READY;
}
