/* Mutant of exercise 2: a write error stops the loop but reports the whole
 * length as written. Caught by write_all_reports_a_peer_that_left (-EPIPE). */
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
            break;
        }
        f->writes++;
        f->done += (size_t)n; /* it took what fitted; offer it the rest */
    }
    f->result = (ssize_t)f->len;
    return AC_READY;
}
