/*
 * Exercise 4: io_copy_poll - pipe `from` into `to` until end of file.
 *
 *   cap 4096; the source sends 10000 bytes, then end of file
 *   read 4096 -> write 4096 -> read 4096 -> write 4096 -> read 1808 ->
 *   write 1808 -> read EAGAIN (Pending, armed READ) ... -> read 0 -> Ready 10000
 *   a write that says EAGAIN: Pending, armed WRITE; the bytes wait in buf
 *
 * Check it:  ctest --preset learner -R 11-async-read-write/ex4
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll io_copy_poll(ac_future *self, ac_context *cx)
{
    io_copy *f = (io_copy *)self;
    (void)f;
    (void)cx;
    /* TODO: armed = COPY_IDLE, then loop forever:
     *   while written < filled: ac_io_poll_write(to, buf + written, ...);
     *     Pending -> armed = COPY_ARMED_WRITE, pendings++, AC_PENDING;
     *     n < 0 -> result = n, Ready; else writes++, written += n, total += n.
     *   filled = written = 0; ac_io_poll_read(from, buf, cap);
     *     Pending -> armed = COPY_ARMED_READ, pendings++, AC_PENDING;
     *     n == 0 -> result = total, Ready; n < 0 -> result = n, Ready;
     *     else reads++, filled = n. */
    AC_TODO();
}
