/* Mutant of exercise 1: unlocks before the await instead of after the
 * write, so the critical section does not cover the await.  Caught by
 * hundred_tasks_lose_no_update and the_mutex_is_held_across_the_await. */
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
        ac_mutex_unlock(&c->lock); /* the mistake: released too early */
        t->nap = ac_yield_now();
        AC_AWAIT(&t->co, cx, &t->nap.base); /* others run now, but not in here */
        c->value = t->seen + 1;
        c->inside--;
    }
    AC_END(&t->co);
}
