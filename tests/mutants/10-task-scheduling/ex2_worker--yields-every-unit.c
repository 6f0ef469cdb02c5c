/* Mutant of exercise 2: it yields after every unit, whatever every says.
 * Caught by worker_yields_after_every_n_units (done after the first poll). */
#include "lesson.h"

ac_poll worker_poll(ac_future *self, ac_context *cx)
{
    worker *w = (worker *)self;
    AC_BEGIN(&w->co);
    while (w->done < w->work) {
        worker_do_unit(w);
        if (w->every != 0) {
            /* Step aside: Pending once, with our own wake already queued
             * behind everyone else's.  The loop resumes right here. */
            w->yield = ac_yield_now();
            AC_AWAIT(&w->co, cx, &w->yield.base);
        }
    }
    AC_END(&w->co);
}
