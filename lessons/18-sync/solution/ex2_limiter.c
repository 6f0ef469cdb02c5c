/* Exercise 2, reference solution: job_poll. */
#include "lesson.h"

ac_poll job_poll(ac_future *self, ac_context *cx)
{
    job *j = (job *)self;
    limiter *l = j->l;
    AC_BEGIN(&j->co);
    j->permit = ac_semaphore_acquire(&l->sem, 1);
    AC_AWAIT(&j->co, cx, &j->permit.base); /* the sixth job waits here */
    if (++l->running > l->max_running)
        l->max_running = l->running;
    for (j->step = 0; j->step < j->work; j->step++) {
        j->nap = ac_yield_now();
        AC_AWAIT(&j->co, cx, &j->nap.base);
    }
    l->running--;
    l->done++;
    ac_semaphore_release(&l->sem, 1); /* lets the next waiting job start */
    AC_END(&j->co);
}
