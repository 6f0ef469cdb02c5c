/*
 * Exercise 1: safe_reader_poll - cure 1, a cancellation-safe read.
 *
 *   select(read_some(buf + have), sleep 10 ms)   each round
 *   peer: "rec0" ... "0ok!" ...  ->  records "rec00ok!", "rec01ok!", ... intact
 *
 * Check it:  ./course check 24/ex1   (or: ctest --preset learner -R 24-cancellation-safety/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include <string.h>

#include "course/exercise.h"
#include "lesson.h"

ac_poll safe_reader_poll(ac_future *self, ac_context *cx)
{
    (void)self;
    (void)cx;
    /* TODO: a coroutine loop that, each round, waits for whichever comes
     * first: bytes from r->io or IDLE_MS of quiet (count it in
     * out.timeouts).  Use a read that loses nothing when the timeout wins
     * and it is dropped, and keep every byte read in r->buf, which
     * outlives the rounds: hand out each whole RECORD_LEN-byte record with
     * records_add, keep a partial one for the next round.  End at end of
     * file.  docs/24-cancellation-safety.md, "Cure 1". */
    AC_TODO();
}
