/* Mutant of exercise 2: it steps aside by returning Pending without waking
 * itself (AC_YIELD without its wake), so nothing ever polls it again. Caught
 * by worker_yields_after_every_n_units (wakes) and, on the executor, by the
 * hang watchdog. */
#include "lesson.h"

ac_poll worker_poll(ac_future *self, ac_context *cx)
{
    worker *w = (worker *)self;
    AC_BEGIN(&w->co);
    while (w->done < w->work) {
        worker_do_unit(w);
        if (w->every != 0 && w->done % w->every == 0) {
            (void)cx;
            w->co.line = 1000; /* resume below on the next poll... */
            return AC_PENDING; /* ...but nobody was asked to make one */
        case 1000:;
        }
    }
    AC_END(&w->co);
}
