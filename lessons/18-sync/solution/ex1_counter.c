/* Exercise 1, reference solution: incrementer_poll. */
#include "lesson.h"

ac_poll incrementer_poll(ac_future *self, ac_context *cx)
{
    incrementer *t = (incrementer *)self;
    counter *c = t->c;
    AC_BEGIN(&t->co);
    for (t->i = 0; t->i < t->rounds; t->i++) {
        t->lock = ac_mutex_lock(&c->lock);
        AC_AWAIT(&t->co, cx, &t->lock.base); /* Pending while another task holds it */
        if (++c->inside > c->max_inside)
            c->max_inside = c->inside;
        t->seen = c->value;
        t->nap = ac_yield_now();
        AC_AWAIT(&t->co, cx, &t->nap.base); /* others run now, but not in here */
        c->value = t->seen + 1;
        c->inside--;
        ac_mutex_unlock(&c->lock); /* hands the lock to the next in line */
    }
    AC_END(&t->co);
}
