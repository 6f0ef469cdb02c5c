/*
 * Exercise 3: line_reader_next - the lines of an fd, with a length cap.
 *
 *   fd: "ab\ncd\nxxxxxxxx...(no newline)"     max = 8
 *   -> ITEM "ab"   ITEM "cd"   -EMSGSIZE   END      (read: 6 + 9 bytes, no more)
 *
 * Check it:  ./course check 26/ex3   (or: ctest --preset learner -R 26-streams/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include <errno.h>
#include <string.h>

#include "course/exercise.h"
#include "lesson.h"

int line_reader_next(ac_stream *self, ac_context *cx, void *item)
{
    (void)self;
    (void)cx;
    (void)item;
    /* TODO: the next line (an ac_line pointing into buf, without its '\n')
     * as soon as a '\n' is among the unread bytes.  Otherwise read more,
     * with ac_io_poll_read, into the free room of buf only: buf holds max
     * + 1 bytes, and a line longer than max is -EMSGSIZE (then END), so a
     * peer that never sends '\n' can make you hold, and read, no more than
     * that.  Pending while the fd has nothing (set `armed`, clear it after
     * a read completes).  At end of file, what is unread is a last line;
     * then END.  A read error is -errno, then END.  docs/26-streams.md,
     * "Lines, capped". */
    AC_TODO();
}
