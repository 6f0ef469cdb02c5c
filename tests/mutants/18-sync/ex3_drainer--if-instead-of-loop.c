/* Mutant of exercise 3: waits once and then takes it that the mailbox is
 * done, the classic `if` where a condition wait needs a loop.  Caught by
 * a_wake_with_nothing_there_waits_again and one_wake_for_two_puts_takes_both. */
#include "lesson.h"

ac_poll drainer_poll(ac_future *self, ac_context *cx)
{
    drainer *d = (drainer *)self;
    AC_BEGIN(&d->co);
    while (mailbox_take(d->m, &d->value)) {
        d->got++;
        d->sum += d->value;
    }
    if (!d->m->closed) { /* the mistake: one wait, no second look */
        d->wait = ac_notify_notified(&d->m->notify);
        AC_AWAIT(&d->co, cx, &d->wait.base);
        while (mailbox_take(d->m, &d->value)) {
            d->got++;
            d->sum += d->value;
        }
    }
    AC_END(&d->co);
}
