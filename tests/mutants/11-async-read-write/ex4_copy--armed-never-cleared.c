/* Mutant of exercise 4: armed is set on a Pending but never cleared, so a
 * finished copy still claims a waker in a slot. Caught by
 * io_copy_pipes_everything_until_end_of_file (armed after Ready). */
#include "lesson.h"

ac_poll io_copy_poll(ac_future *self, ac_context *cx)
{
    io_copy *f = (io_copy *)self;
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
                f->result = n;
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
