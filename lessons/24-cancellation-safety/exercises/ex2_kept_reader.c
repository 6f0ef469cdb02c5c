/*
 * Exercise 2: kept_reader_poll - cure 3, keep the future across rounds.
 *
 *   read = read_exact(buf, 8)                   once per record
 *   select(KEEP(read), sleep 10 ms)             each round
 *   a timeout wins: the read stays, half-done, and goes on next round
 *
 * Check it:  ./course check 24/ex2   (or: ctest --preset learner -R 24-cancellation-safety/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll kept_reader_poll(ac_future *self, ac_context *cx)
{
    (void)self;
    (void)cx;
    /* TODO: a coroutine loop over r->read (an ac_read_exact of RECORD_LEN
     * bytes into r->buf) and a fresh IDLE_MS sleep each round (a timeout
     * counts in out.timeouts).  The read must survive a round the sleep
     * wins - the select must not drop it - and is remade only after it
     * finished: a whole record goes to records_add; a short result is the
     * end of file.  docs/24-cancellation-safety.md, "Cure 3". */
    AC_TODO();
}
