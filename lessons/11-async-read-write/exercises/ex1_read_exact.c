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
 * Check it:  ctest --preset learner -R 11-async-read-write/ex1
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll read_exact_poll(ac_future *self, ac_context *cx)
{
    read_exact *f = (read_exact *)self;
    (void)f;
    (void)cx;
    /* TODO: clear f->armed.  While f->done < f->len: ac_io_poll_read(f->io,
     * cx, f->buf + f->done, f->len - f->done, &n).  Pending: set armed,
     * count it in pendings, return AC_PENDING.  n == 0: result =
     * UNEXPECTED_EOF, Ready.  n < 0: result = n, Ready.  Otherwise count
     * the read and add n to done.  Out of the loop: result = len, Ready. */
    AC_TODO();
}
