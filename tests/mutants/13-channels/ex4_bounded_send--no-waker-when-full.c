/* Mutant of exercise 4: Pending on a full queue without leaving a waker,
 * so the receive that makes room wakes nobody.  Caught by
 * third_send_into_capacity_two_waits_for_a_receive (wakes). */
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
        (void)cx;              /* the mistake: nobody will wake us */
        return AC_PENDING;
    }
    q->items[(q->head + q->len) % q->capacity] = f->value;
    q->len++;
    if (q->len > q->max_len)
        q->max_len = q->len;
    if (q->recv_waker.vtable != NULL)
        ac_waker_wake(&q->recv_waker); /* a value for a waiting receiver */
    q->recv_waker.vtable = NULL;
    return AC_READY;
}
