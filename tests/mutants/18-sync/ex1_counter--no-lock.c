/* Mutant of exercise 1: no mutex at all, so tasks read the same value
 * across the await and updates are lost.  Caught by
 * hundred_tasks_lose_no_update (value, max_inside). */
#include "lesson.h"

ac_poll incrementer_poll(ac_future *self, ac_context *cx)
{
    incrementer *t = (incrementer *)self;
    counter *c = t->c;
    AC_BEGIN(&t->co);
    for (t->i = 0; t->i < t->rounds; t->i++) {
        /* the mistake: no lock */
        if (++c->inside > c->max_inside)
            c->max_inside = c->inside;
        t->seen = c->value;
        t->nap = ac_yield_now();
        AC_AWAIT(&t->co, cx, &t->nap.base); /* others run now, but not in here */
        c->value = t->seen + 1;
        c->inside--;
    }
    AC_END(&t->co);
}
