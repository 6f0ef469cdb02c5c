/* Mutant of exercise 4: a write error ends the copy as if it were end of
 * file, reporting the total. Caught by io_copy_reports_a_dead_destination
 * (-EPIPE). */
#include "lesson.h"

ac_poll io_copy_poll(ac_future *self, ac_context *cx)
{
    io_copy *f = (io_copy *)self;
    f->armed = COPY_IDLE;
    for (;;) {
        /* 1. empty the buffer into `to` */
        while (f->written < f->filled) {
            ssize_t n;
            if (ac_io_poll_write(f->to, cx, f->buf + f->written, f->filled - f->written, &n) == AC_PENDING) {
                f->armed = COPY_ARMED_WRITE;
                f->pendings++;
                return AC_PENDING;
            }
            if (n < 0) {
                f->result = f->total;
                return AC_READY;
            }
            f->writes++;
            f->written += (size_t)n;
            f->total += n;
        }
        /* 2. refill it from `from` */
        f->filled = f->written = 0;
        ssize_t n;
        if (ac_io_poll_read(f->from, cx, f->buf, f->cap, &n) == AC_PENDING) {
            f->armed = COPY_ARMED_READ;
            f->pendings++;
            return AC_PENDING;
        }
        if (n <= 0) {
            f->result = n < 0 ? n : f->total; /* end of file: all copied */
            return AC_READY;
        }
        f->reads++;
        f->filled = (size_t)n;
    }
}
