/* Mutant of exercise 2: records what is in the buffer before looking at the
 * result, so the short read at end of file becomes a seventh record. Caught by
 * a_kept_read_exact_loses_nothing (six records). */
#include "lesson.h"

ac_poll kept_reader_poll(ac_future *self, ac_context *cx)
{
    kept_reader *r = (kept_reader *)self;
    AC_BEGIN(&r->co);
    r->read = ac_read_exact_into(r->io, r->buf, RECORD_LEN);
    for (;;) {
        /* the read is kept: a timeout that wins leaves it half-done and
         * alive, and the next round polls the same read again */
        r->idle = ac_sleep_for(AC_MSEC(IDLE_MS));
        AC_AWAIT_SELECT(&r->co, cx, &r->sel, AC_KEEP(&r->read.base), &r->idle.base);
        if (r->sel.result == 1) {
            r->out.timeouts++;
            continue;
        }
        records_add(&r->out, r->buf); /* the mistake: before the end-of-file check */
        if (r->read.result < RECORD_LEN)
            break;
        r->read = ac_read_exact_into(r->io, r->buf, RECORD_LEN); /* the next record */
    }
    AC_END(&r->co);
}
