/* Exercise 3, reference solution: relay_poll. */
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
    ac_mpsc_tx_close(&r->out); /* tell the sink we are done */
    ac_mpsc_rx_close(&r->in);
    AC_END(&r->co);
}
