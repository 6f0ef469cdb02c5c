/*
 * Exercise 3: request_poll - a client that half-closes.
 *
 *   write "hello" (maybe in pieces)  ->  peer reads "hello"
 *   shutdown(fd, SHUT_WR)            ->  peer reads 0: the request is whole
 *   read "HELLO"                     <-  peer writes the reply
 *   read 0                           <-  peer closes: Ready, result 5
 *
 * Check it:  ./course check 17/ex3   (or: ctest --preset learner -R 17-io-driver/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll request_poll(ac_future *self, ac_context *cx)
{
    request *f = (request *)self;
    (void)f;
    (void)cx;
    /* TODO: send all of f->req (f->sent says how much is gone; a write
     * may take only part), then shut our write side once (`shut`), then
     * read the reply into f->reply until the end of file (f->got).
     * Ready with the reply's length; -EMSGSIZE if more than f->cap would
     * arrive; -errno when a write or a read fails (-EPIPE: the peer
     * stopped reading - write-closed).  Use ac_io_poll_write and
     * ac_io_poll_read; whenever one is Pending, keep your progress, say in
     * f->armed which way you wait (AC_WRITABLE or AC_READABLE) and return
     * Pending.  A Ready leaves f->armed 0.
     * docs/17-io-driver.md, "Read-closed and write-closed". */
    AC_TODO();
}
