/* Mutant of exercise 2: a finished job keeps its permit, so after five
 * jobs nobody else can start.  Caught by twenty_jobs_never_more_than_five
 * (tasks left waiting) and a_job_waits_for_a_permit. */
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
    /* the mistake: the permit is never given back */
    AC_END(&j->co);
}
