/* Exercise 2, reference solution: maker_poll. */
#include "lesson.h"

ac_poll maker_poll(ac_future *self, ac_context *cx)
{
    maker *m = (maker *)self;
    AC_BEGIN(&m->co);
    for (m->i = 0; m->i < m->count; m->i++) {
        m->reserve = ac_mpsc_reserve(&m->tx);
        AC_AWAIT(&m->co, cx, &m->reserve.base); /* a slot first... */
        if (m->reserve.result != 0) {
            m->errors++;
            break; /* the receiver is gone: making more would be waste */
        }
        m->value = make_value(m, m->i); /* ...then the work, which now cannot be wasted */
        if (ac_mpsc_permit_send(&m->reserve.permit, &m->value) != 0)
            m->errors++;
    }
    ac_mpsc_tx_close(&m->tx);
    AC_END(&m->co);
}
