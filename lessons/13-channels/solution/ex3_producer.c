/* Exercise 3, reference solution: producer_poll. */
#include "lesson.h"

ac_poll producer_poll(ac_future *self, ac_context *cx)
{
    producer *p = (producer *)self;
    AC_BEGIN(&p->co);
    for (p->i = 0; p->i < p->count; p->i++) {
        p->value = p->id * 100 + p->i;
        p->send = ac_mpsc_send(&p->tx, &p->value); /* reads p->value when it completes */
        AC_AWAIT(&p->co, cx, &p->send.base);
        if (p->send.result == 0)
            p->sent++;
        else
            p->errors++;
    }
    /* The consumer ends only when EVERY sender is closed: forget this and
     * it waits forever. */
    ac_mpsc_tx_close(&p->tx);
    AC_END(&p->co);
}
