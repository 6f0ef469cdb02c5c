/*
 * Exercise 2: write_all_poll - write the whole buffer.
 *
 *   write_all_new(&io, buf, 300000)   (the socket's send buffer holds ~200 KiB)
 *   poll 1: write -> 212992, write -> EAGAIN       Pending  (done 212992)
 *           (the peer reads; the reactor wakes us)
 *   poll 2: write -> 87008                         Ready, result 300000
 *   ...or, if the peer has gone:                   Ready, result -EPIPE
 *
 * Check it:  ./course check 11/ex2   (or: ctest --preset learner -R 11-async-read-write/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll write_all_poll(ac_future *self, ac_context *cx)
{
    write_all *f = (write_all *)self;
    (void)f;
    (void)cx;
    /* TODO: write f->buf[0..len) completely, however little each write takes.
     * - Ready only when done: result = len (nothing to write: 0), or the
     *   write's -errno (a peer that left: -EPIPE).
     * - A short write is normal, not an error; every byte goes out exactly
     *   once and in order, and nothing past buf + len is offered.
     * - Pending: the waker waits in io's write slot; say so in `armed`.
     * - Count `writes` (calls that took bytes) and `pendings`.
     * Explained in docs/11-async-read-write.md, "The same thing in C". */
    AC_TODO();
}
