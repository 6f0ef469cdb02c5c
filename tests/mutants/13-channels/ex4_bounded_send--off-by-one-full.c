/* Mutant of exercise 4: treats a queue as full only past capacity, so
 * it holds one item too many.  Caught by
 * third_send_into_capacity_two_waits_for_a_receive. */
#include "lesson.h"

ac_poll bounded_send_poll(ac_future *self, ac_context *cx)
{
    bounded_send *f = (bounded_send *)self;
    bounded *q = f->q;
    if (q->len > q->capacity) { /* the mistake: capacity + 1 items fit */
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
    if (q->recv_waker.vtable != NULL)
        ac_waker_wake(&q->recv_waker); /* a value for a waiting receiver */
    q->recv_waker.vtable = NULL;
    return AC_READY;
}
