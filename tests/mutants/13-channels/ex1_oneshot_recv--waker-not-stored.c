/* Mutant of exercise 1: Pending without storing the waker, so the send
 * wakes nobody.  Caught by recv_waits_then_gets_the_value (wakes). */
#include "lesson.h"

ac_poll oneshot_recv_poll(ac_future *self, ac_context *cx)
{
    oneshot_recv *f = (oneshot_recv *)self;
    oneshot *o = f->o;
    if (o->has_value) {
        o->has_value = false; /* one value, received once */
        f->value = o->value;
        f->result = 0;
        return AC_READY;
    }
    if (!o->sender_open) {
        f->result = -EPIPE; /* the sender is gone and left nothing: it never will */
        return AC_READY;
    }
    /* Keep ONE clone: a second poll (woken by someone else) replaces the
     * first, or the old clone's reference would leak. */
    (void)cx; /* the mistake: nothing is stored */
    return AC_PENDING;
}
