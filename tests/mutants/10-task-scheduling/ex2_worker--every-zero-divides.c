/* Mutant of exercise 2: done % every is computed before every is checked for
 * 0, a division by zero. Caught by worker_with_every_zero_never_yields (a
 * crash, reported by UBSan). */
#include "lesson.h"

ac_poll worker_poll(ac_future *self, ac_context *cx)
{
    worker *w = (worker *)self;
    AC_BEGIN(&w->co);
    while (w->done < w->work) {
        worker_do_unit(w);
        if (w->done % w->every == 0 && w->every != 0) {
            /* Step aside: Pending once, with our own wake already queued
             * behind everyone else's.  The loop resumes right here. */
            w->yield = ac_yield_now();
            AC_AWAIT(&w->co, cx, &w->yield.base);
        }
    }
    AC_END(&w->co);
}
