/*
 * Exercise 1: read_exact_poll - fill the whole buffer.
 *
 *   read_exact_new(&io, buf, 10)
 *   poll 1: read -> EAGAIN                         Pending  (done 0)
 *           (the peer writes 3 bytes)
 *   poll 2: read -> 3, read -> EAGAIN              Pending  (done 3)
 *           (the peer writes 7 bytes)
 *   poll 3: read -> 7                              Ready, result 10
 *   ...or, if the peer closes after 3 bytes:       Ready, result UNEXPECTED_EOF
 *
 * Check it:  ./course check 11/ex1   (or: ctest --preset learner -R 11-async-read-write/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll read_exact_poll(ac_future *self, ac_context *cx)
{
    read_exact *f = (read_exact *)self;
    (void)f;
    (void)cx;
    /* TODO: fill f->buf[0..len) completely, however the bytes arrive.
     * - Ready only when done: result = len (a len of 0 is full already),
     *   UNEXPECTED_EOF if the stream ends first, or the read's -errno.
     * - The bytes already read are the future's only memory of them: they
     *   stay in buf and in `done` across every Pending, and no read may
     *   bring more than is still missing (the next message is not yours).
     * - Pending: the waker waits in io's read slot (or the I/O budget woke
     *   the task); say so in `armed`, the given drop relies on it.
     * - Count `reads` (calls that brought bytes) and `pendings`.
     * Explained in docs/11-async-read-write.md, "The same thing in C". */
    AC_TODO();
}
