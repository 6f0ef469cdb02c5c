/* Mutant of exercise 1: looks at sender_open before has_value, so a value
 * sent (which closes the sender) reads as -EPIPE.  Caught by
 * recv_waits_then_gets_the_value and recv_of_a_value_already_sent_is_ready_at_once. */
#include "lesson.h"

ac_poll oneshot_recv_poll(ac_future *self, ac_context *cx)
{
    oneshot_recv *f = (oneshot_recv *)self;
    oneshot *o = f->o;
    if (!o->sender_open) { /* the mistake: a sent value closes the sender too */
        f->result = -EPIPE;
        return AC_READY;
    }
    if (o->has_value) {
        o->has_value = false;
        f->value = o->value;
        f->result = 0;
        return AC_READY;
    }
    /* Keep ONE clone: a second poll (woken by someone else) replaces the
     * first, or the old clone's reference would leak. */
    if (o->waker.vtable == NULL || !ac_waker_will_wake(&o->waker, cx->waker)) {
        if (o->waker.vtable != NULL)
            ac_waker_drop(&o->waker);
        o->waker = ac_waker_clone(cx->waker);
    }
    return AC_PENDING;
}
