/* Mutant of exercise 3: leaves the kept tick pending when the loop ends (its timer
 * stays in the heap). Caught by ticks_between_five_messages_until_the_channel_closes
 * (timers left). */
#include <errno.h>
#include <stdio.h>

#include "lesson.h"

ac_poll ticker_poll(ac_future *self, ac_context *cx)
{
    ticker *t = (ticker *)self;
    AC_BEGIN(&t->co);
    t->tick = ac_tick_of(&t->every);
    for (;;) {
        /* A receive is cancellation-safe: remaking it each round loses no
         * value.  The tick is kept: the select polls it, never drops it. */
        t->recv = ac_mpsc_recv(&t->rx, &t->msg);
        AC_AWAIT_SELECT(&t->co, cx, &t->sel, &t->recv.base, AC_KEEP(&t->tick.base));
        if (t->sel.result == 0) {
            if (t->recv.result == -EPIPE)
                break;
            if (t->msgs < TICKER_MAX)
                t->got[t->msgs] = t->msg;
            t->msgs++;
            if (lesson_trace)
                printf("  %6.1f ms  ticker: message %d\n", lesson_ms(), t->msg);
        } else {
            t->ticks++;
            if (lesson_trace)
                printf("  %6.1f ms  ticker: tick %d\n", lesson_ms(), t->ticks);
            t->tick = ac_tick_of(&t->every); /* that one finished: the next */
        }
    }
    ac_mpsc_rx_close(&t->rx);
    AC_END(&t->co);
}
