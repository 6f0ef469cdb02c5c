/* Mutant of exercise 2: one yield future is made before the loop and awaited
 * again and again; once used it is Ready at once, so the worker yields only
 * the first time. Caught by worker_yields_after_every_n_units. */
#include "lesson.h"

ac_poll worker_poll(ac_future *self, ac_context *cx)
{
    worker *w = (worker *)self;
    AC_BEGIN(&w->co);
    w->yield = ac_yield_now();
    while (w->done < w->work) {
        worker_do_unit(w);
        if (w->every != 0 && w->done % w->every == 0) {
            /* Step aside: Pending once, with our own wake already queued
             * behind everyone else's.  The loop resumes right here. */
            AC_AWAIT(&w->co, cx, &w->yield.base);
        }
    }
    AC_END(&w->co);
}
