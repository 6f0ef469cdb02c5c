/* Mutant of exercise 2: every write starts at buf instead of buf + done, so
 * the reader gets the start of the buffer again. Caught by
 * write_all_survives_short_writes (the bytes received). */
#include "lesson.h"

ac_poll write_all_poll(ac_future *self, ac_context *cx)
{
    write_all *f = (write_all *)self;
    f->armed = false;
    while (f->done < f->len) {
        ssize_t n;
        if (ac_io_poll_write(f->io, cx, f->buf, f->len - f->done, &n) == AC_PENDING) {
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
        f->done += (size_t)n; /* it took what fitted; offer it the rest */
    }
    f->result = (ssize_t)f->len;
    return AC_READY;
}
