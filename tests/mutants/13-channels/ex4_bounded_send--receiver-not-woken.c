/* Mutant of exercise 4: pushes the value but does not wake a receiver
 * that waits.  Caught by send_wakes_a_waiting_receiver. */
#include "lesson.h"

ac_poll bounded_send_poll(ac_future *self, ac_context *cx)
{
    bounded_send *f = (bounded_send *)self;
    bounded *q = f->q;
    if (q->len == q->capacity) {
        /* Full: the next receive makes room and wakes every waiting
         * sender; we try again then.  Not waking anyone here: the
         * receiver is the one who can help. */
        if (q->n_waiting == BOUNDED_WAITING)
            return AC_PENDING; /* cannot happen within the checks' limits */
        q->send_wakers[q->n_waiting++] = ac_waker_clone(cx->waker);
        return AC_PENDING;
    }
    q->items[(q->head + q->len) % q->capacity] = f->value;
    q->len++;
    if (q->len > q->max_len)
        q->max_len = q->len;
    /* the mistake: a waiting receiver is not woken */
    return AC_READY;
}
