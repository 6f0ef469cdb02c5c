/* Exercise 3, reference solution: drainer_poll. */
#include "lesson.h"

ac_poll drainer_poll(ac_future *self, ac_context *cx)
{
    drainer *d = (drainer *)self;
    AC_BEGIN(&d->co);
    for (;;) {
        /* One wake may stand for many puts: take everything there is. */
        while (mailbox_take(d->m, &d->value)) {
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
