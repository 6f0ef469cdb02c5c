/*
 * Exercise 2: retry_read_poll - a read that treats a wake as a hint.
 *
 *   poll 1: read -> EAGAIN         arm the read slot, Pending
 *   (woken, but by somebody else)
 *   poll 2: read -> EAGAIN         spurious: count it, arm again, Pending
 *   (woken by the reactor: data)
 *   poll 3: read -> 5 bytes        Ready, result 5
 *
 * Check it:  ./course check 17/ex2   (or: ctest --preset learner -R 17-io-driver/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll retry_read_poll(ac_future *self, ac_context *cx)
{
    retry_read *f = (retry_read *)self;
    (void)f;
    (void)cx;
    /* TODO: read once from f->io->fd with read(2) yourself (count every
     * call in f->reads) into f->buf (up to f->cap).  Ready with the bytes
     * (> 0), with 0 only at the end of file, or with -errno of an error
     * (a reset connection is -ECONNRESET); an interrupted read is simply
     * tried again.  EAGAIN means wait: leave cx's waker in io's read slot
     * with ac_io_arm (an error from it is the result) and return Pending
     * with `armed` set.  A poll that finds EAGAIN after an earlier Pending
     * was a spurious wake: count it in f->spurious.  A Ready leaves
     * `armed` false.  docs/17-io-driver.md, "Spurious wakes". */
    AC_TODO();
}
