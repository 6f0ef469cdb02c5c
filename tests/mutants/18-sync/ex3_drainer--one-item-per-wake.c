/* Mutant of exercise 3: takes one item per wake, so puts that shared a
 * notify are left behind.  Caught by one_wake_for_two_puts_takes_both. */
#include "lesson.h"

ac_poll drainer_poll(ac_future *self, ac_context *cx)
{
    drainer *d = (drainer *)self;
    AC_BEGIN(&d->co);
    for (;;) {
        /* One wake may stand for many puts: take everything there is. */
        if (mailbox_take(d->m, &d->value)) { /* the mistake: one wake, one item */
            d->got++;
            d->sum += d->value;
        }
        if (d->m->closed)
            break; /* closed AND empty: done */
        d->wait = ac_notify_notified(&d->m->notify);
        AC_AWAIT(&d->co, cx, &d->wait.base); /* then look again: a loop, not an if */
    }
    AC_END(&d->co);
}
