/* Mutant of exercise 3: tries the send, and when out is full keeps going
 * - taking more from in and dropping what does not fit.  Values are lost
 * and in never pushes back.  Caught by a_full_downstream_stops_the_relay. */
#include <errno.h>

#include "lesson.h"

ac_poll relay_poll(ac_future *self, ac_context *cx)
{
    relay *r = (relay *)self;
    AC_BEGIN(&r->co);
    for (;;) {
        r->recv = ac_mpsc_recv(&r->in, &r->value);
        AC_AWAIT(&r->co, cx, &r->recv.base);
        if (r->recv.result != 0)
            break;                                           /* upstream closed and drained */
        if (ac_mpsc_try_send(&r->out, &r->value) == -EAGAIN) /* the mistake: never waits */
            continue;
        if (0) {
            r->errors++;
            break; /* downstream gone */
        }
        r->moved++;
    }
    ac_mpsc_tx_close(&r->out); /* tell the sink we are done */
    ac_mpsc_rx_close(&r->in);
    AC_END(&r->co);
}
