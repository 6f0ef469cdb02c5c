/* Mutant of exercise 2: it does not yield after the last unit even when done
 * % every == 0, so its polls do not follow the contract. Caught by
 * worker_yields_after_the_last_full_chunk_too. */
#include "lesson.h"

ac_poll worker_poll(ac_future *self, ac_context *cx)
{
    worker *w = (worker *)self;
    AC_BEGIN(&w->co);
    while (w->done < w->work) {
        worker_do_unit(w);
        if (w->every != 0 && w->done % w->every == 0 && w->done < w->work) {
            /* Step aside: Pending once, with our own wake already queued
             * behind everyone else's.  The loop resumes right here. */
            w->yield = ac_yield_now();
            AC_AWAIT(&w->co, cx, &w->yield.base);
        }
    }
    AC_END(&w->co);
}
