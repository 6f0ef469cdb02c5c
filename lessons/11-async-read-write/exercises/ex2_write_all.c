/*
 * Exercise 2: write_all_poll - write the whole buffer.
 *
 *   write_all_new(&io, buf, 300000)   (the socket's send buffer holds ~200 KiB)
 *   poll 1: write -> 212992, write -> EAGAIN       Pending  (done 212992)
 *           (the peer reads; the reactor wakes us)
 *   poll 2: write -> 87008                         Ready, result 300000
 *   ...or, if the peer has gone:                   Ready, result -EPIPE
 *
 * Check it:  ctest --preset learner -R 11-async-read-write/ex2
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll write_all_poll(ac_future *self, ac_context *cx)
{
    write_all *f = (write_all *)self;
    (void)f;
    (void)cx;
    /* TODO: exercise 1's loop with ac_io_poll_write: clear armed; while
     * done < len, write from buf + done; Pending -> armed, pendings++,
     * AC_PENDING; n < 0 -> result = n, Ready; else writes++, done += n.
     * Finally result = len, Ready. */
    AC_TODO();
}
