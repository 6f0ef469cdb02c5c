/* Mutant of exercise 2: counts itself running before it has a permit.
 * Caught by twenty_jobs_never_more_than_five (max_running) and
 * a_job_waits_for_a_permit. */
#include "lesson.h"

ac_poll job_poll(ac_future *self, ac_context *cx)
{
    job *j = (job *)self;
    limiter *l = j->l;
    AC_BEGIN(&j->co);
    if (++l->running > l->max_running) /* the mistake: counted in before the wait */
        l->max_running = l->running;
    j->permit = ac_semaphore_acquire(&l->sem, 1);
    AC_AWAIT(&j->co, cx, &j->permit.base);
    for (j->step = 0; j->step < j->work; j->step++) {
        j->nap = ac_yield_now();
        AC_AWAIT(&j->co, cx, &j->nap.base);
    }
    l->running--;
    l->done++;
    ac_semaphore_release(&l->sem, 1); /* lets the next waiting job start */
    AC_END(&j->co);
}
