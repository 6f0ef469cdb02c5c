/* Mutant of exercise 4: after the idle look it returns even when that look
 * woke a task, leaving the task unpolled. Caught by
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
            if (m->polls % m->budget == 0) {
                m->event_checks++;
                m->check_events(m, m->arg);
            }
        }
        /* Nothing runnable: a real executor would sleep in epoll_wait
         * here.  We look once; if that woke nobody, we are finished. */
        m->event_checks++;
        m->check_events(m, m->arg);
        return m->polls;
    }
}
