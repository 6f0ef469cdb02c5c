/* Mutant of exercise 1: uses read_exact for a whole record, remade every round: the
 * loss of the naive reader. Caught by records_survive_timeouts_with_read_some. */
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
        r->read = ac_read_some(r->io, r->buf + r->have, RECORD_LEN - r->have);
        r->have = 0; /* the mistake: what the last round read is forgotten */
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
        memmove(r->buf, r->buf + used, r->have - used); /* keep the partial one */
        r->have -= used;
    }
    AC_END(&r->co);
}
