/* Mutant of exercise 2: makes the value first and then waits for room,
 * so a value is made that cannot be sent yet.  Caught by
 * nothing_is_made_before_a_slot_is_free (made) and
 * a_gone_receiver_stops_the_work. */
#include "lesson.h"

ac_poll maker_poll(ac_future *self, ac_context *cx)
{
    maker *m = (maker *)self;
    AC_BEGIN(&m->co);
    for (m->i = 0; m->i < m->count; m->i++) {
        m->value = make_value(m, m->i); /* the mistake: the work before the slot */
        m->reserve = ac_mpsc_reserve(&m->tx);
        AC_AWAIT(&m->co, cx, &m->reserve.base); /* a slot first... */
        if (m->reserve.result != 0) {
            m->errors++;
            break; /* the receiver is gone: making more would be waste */
        }
        if (ac_mpsc_permit_send(&m->reserve.permit, &m->value) != 0)
            m->errors++;
    }
    ac_mpsc_tx_close(&m->tx);
    AC_END(&m->co);
}
