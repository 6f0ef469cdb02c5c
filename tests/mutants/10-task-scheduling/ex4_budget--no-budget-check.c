/* Mutant of exercise 4: events are checked only when the FIFO is empty,
 * never on a budget, so a busy task keeps every event waiting. Caught by
 * mini_run_checks_events_every_budget_polls and
 * mini_run_budget_bounds_how_long_events_wait. */
#include "lesson.h"

unsigned long mini_run(mini_executor *m)
{
    for (;;) {
        size_t index;
        while (mini_pop(m, &index)) {
            mini_task *t = &m->tasks[index];
            ac_waker waker = mini_waker(t);
            ac_context cx = {.waker = &waker};
            m->polls++;
            if (ac_future_poll(t->future, &cx) == AC_READY)
                t->done = true;
            /* The budget: however busy we are, look outside every
             * `budget` polls.  Without it, a task that is always ready
             * keeps the FIFO non-empty and events wait forever. */
        }
        /* Nothing runnable: a real executor would sleep in epoll_wait
         * here.  We look once; if that woke nobody, we are finished. */
        m->event_checks++;
        m->check_events(m, m->arg);
        if (m->len == 0)
            return m->polls;
    }
}
