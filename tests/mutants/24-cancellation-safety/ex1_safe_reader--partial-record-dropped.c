/* Mutant of exercise 1: throws away the bytes after the last whole record instead of
 * keeping them. Caught by records_survive_timeouts_with_read_some. */
#include <string.h>

#include "lesson.h"

ac_poll safe_reader_poll(ac_future *self, ac_context *cx)
{
    safe_reader *r = (safe_reader *)self;
    AC_BEGIN(&r->co);
    for (;;) {
        /* read_some either read bytes and says so in the same poll, or
         * read nothing: dropping it loses nothing.  The bytes it read live
         * in r->buf, which outlives every round. */
        r->read = ac_read_some(r->io, r->buf + r->have, sizeof r->buf - r->have);
        r->idle = ac_sleep_for(AC_MSEC(IDLE_MS));
        AC_AWAIT_SELECT(&r->co, cx, &r->sel, &r->read.base, &r->idle.base);
        if (r->sel.result == 1) {
            r->out.timeouts++;
            continue;
        }
        if (r->read.result <= 0)
            break; /* end of file (a partial record left is the peer's fault) */
        r->have += (size_t)r->read.result;
        size_t used = 0;
        while (r->have - used >= RECORD_LEN) {
            records_add(&r->out, r->buf + used);
            used += RECORD_LEN;
        }
        (void)used;
        r->have = 0; /* the mistake: the partial record is dropped */
    }
    AC_END(&r->co);
}
