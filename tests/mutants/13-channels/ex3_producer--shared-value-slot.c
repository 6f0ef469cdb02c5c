/* Mutant of exercise 3: the value sent lives in one slot shared by every
 * producer, so a send that waits reads another producer's value when it
 * completes.  Caught by producers_wait_on_a_bounded_channel (order). */
#include "lesson.h"

ac_poll producer_poll(ac_future *self, ac_context *cx)
{
    producer *p = (producer *)self;
    AC_BEGIN(&p->co);
    for (p->i = 0; p->i < p->count; p->i++) {
        p->value = p->id * 100 + p->i;
        static int scratch; /* the mistake: one slot shared by every producer */
        scratch = p->value;
        p->send = ac_mpsc_send(&p->tx, &scratch);
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
