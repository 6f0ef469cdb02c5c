/* Mutant of exercise 3: never closes its sender, so the consumer waits
 * forever for the channel to close.  Caught by three_producers_ten_values_each
 * (fan_in reports -EPIPE) and producer_counts_and_closes. */
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
    /* the mistake: ac_mpsc_tx_close(&p->tx) is missing */
    AC_END(&p->co);
}
