/* Mutant of exercise 1: a Pending never sets armed, so the given drop leaves
 * the waker in the reactor. Caught by
 * read_exact_keeps_what_it_has_across_pendings and
 * read_exact_reports_errors_and_drop_disarms. */
#include "lesson.h"

ac_poll read_exact_poll(ac_future *self, ac_context *cx)
{
    read_exact *f = (read_exact *)self;
    f->armed = false; /* a wake emptied the slot; we arm again below if needed */
    while (f->done < f->len) {
        ssize_t n;
        if (ac_io_poll_read(f->io, cx, f->buf + f->done, f->len - f->done, &n) == AC_PENDING) {
            /* EAGAIN: the read slot holds our waker; what we have so far stays in buf */
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
