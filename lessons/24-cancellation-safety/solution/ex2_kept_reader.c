/* Exercise 2, reference solution: kept_reader_poll (cure 3). */
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
        if (r->read.result < RECORD_LEN)
            break; /* end of file (or an error): the read finished, nothing to drop */
        records_add(&r->out, r->buf);
        r->read = ac_read_exact_into(r->io, r->buf, RECORD_LEN); /* the next record */
    }
    AC_END(&r->co);
}
