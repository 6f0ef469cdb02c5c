/* Mutant of exercise 1: every read asks for len bytes instead of the len -
 * done still missing, so it over-reads past the buffer into the next
 * message. Caught by read_exact_never_reads_past_its_buffer (done, the guard
 * bytes, the next message left in the socket). */
#include "lesson.h"

ac_poll read_exact_poll(ac_future *self, ac_context *cx)
{
    read_exact *f = (read_exact *)self;
    f->armed = false; /* a wake emptied the slot; we arm again below if needed */
    while (f->done < f->len) {
        ssize_t n;
        if (ac_io_poll_read(f->io, cx, f->buf + f->done, f->len, &n) == AC_PENDING) {
            /* EAGAIN: the read slot holds our waker; what we have so far stays in buf */
            f->armed = true;
            f->pendings++;
            return AC_PENDING;
        }
        if (n == 0) {
            f->result = UNEXPECTED_EOF; /* the peer finished before we had len bytes */
            return AC_READY;
        }
        if (n < 0) {
            f->result = n;
            return AC_READY;
        }
        f->reads++;
        f->done += (size_t)n; /* a short read is normal: loop for the rest */
    }
    f->result = (ssize_t)f->len;
    return AC_READY;
}
