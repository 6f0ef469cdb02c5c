/* Mutant of exercise 2: never closes its sender, so the receiver never
 * learns the maker is done.  Caught by nothing_is_made_before_a_slot_is_free. */
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
    /* the mistake: the sender is left open */
    AC_END(&m->co);
}
