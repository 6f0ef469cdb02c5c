/*
 * Exercise 4: io_copy_poll - pipe `from` into `to` until end of file.
 *
 *   cap 4096; the source sends 10000 bytes, then end of file
 *   read 4096 -> write 4096 -> read 4096 -> write 4096 -> read 1808 ->
 *   write 1808 -> read EAGAIN (Pending, armed READ) ... -> read 0 -> Ready 10000
 *   a write that says EAGAIN: Pending, armed WRITE; the bytes wait in buf
 *
 * Check it:  ./course check 11/ex4   (or: ctest --preset learner -R 11-async-read-write/ex4)
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll io_copy_poll(ac_future *self, ac_context *cx)
{
    io_copy *f = (io_copy *)self;
    (void)f;
    (void)cx;
    /* TODO: copy everything `from` sends into `to`, until `from` ends.
     * - Ready: result = total (bytes written to `to`) at end of file, or
     *   the -errno of a read or a write.
     * - Bytes read are written out, all of them and in order, before the
     *   buffer is filled again; across a Pending they wait in buf, with
     *   `filled` and `written` saying which.  `total` counts only bytes
     *   that were written.
     * - Pending: record in `armed` which slot the waker waits in
     *   (COPY_ARMED_READ on `from`, COPY_ARMED_WRITE on `to`) - the given
     *   drop disarms exactly that one; nothing armed: COPY_IDLE.
     * - Count `reads`, `writes` and `pendings`.
     * Explained in docs/11-async-read-write.md, "The same thing in C". */
    AC_TODO();
}
