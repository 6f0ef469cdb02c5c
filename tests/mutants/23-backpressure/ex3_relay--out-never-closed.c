/* Mutant of exercise 3: does not close `out` at the end, so the sink
 * never sees the end.  Caught by a_full_downstream_stops_the_relay and
 * values_arrive_in_order_through_the_relay. */
#include "lesson.h"

ac_poll relay_poll(ac_future *self, ac_context *cx)
{
    relay *r = (relay *)self;
    AC_BEGIN(&r->co);
    for (;;) {
        r->recv = ac_mpsc_recv(&r->in, &r->value);
        AC_AWAIT(&r->co, cx, &r->recv.base);
        if (r->recv.result != 0)
            break; /* upstream closed and drained */
        r->send = ac_mpsc_send(&r->out, &r->value);
        AC_AWAIT(&r->co, cx, &r->send.base); /* a full downstream holds us here */
        if (r->send.result != 0) {
            r->errors++;
            break; /* downstream gone */
        }
        r->moved++;
    }
    /* the mistake: out is never closed */
    ac_mpsc_rx_close(&r->in);
    AC_END(&r->co);
}
