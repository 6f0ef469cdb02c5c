/* Mutant of exercise 4: the budget is tested before the poll is counted and
 * made, so the first check comes before any poll and every later one a poll
 * early. Caught by mini_run_checks_events_every_budget_polls (when each
 * check ran). */
#include "lesson.h"

unsigned long mini_run(mini_executor *m)
{
    for (;;) {
        size_t index;
        while (mini_pop(m, &index)) {
            mini_task *t = &m->tasks[index];
            ac_waker waker = mini_waker(t);
            ac_context cx = {.waker = &waker};
            if (m->polls % m->budget == 0) {
                m->event_checks++;
                m->check_events(m, m->arg);
            }
            m->polls++;
            if (ac_future_poll(t->future, &cx) == AC_READY)
                t->done = true;
        }
        /* Nothing runnable: a real executor would sleep in epoll_wait
         * here.  We look once; if that woke nobody, we are finished. */
        m->event_checks++;
        m->check_events(m, m->arg);
        if (m->len == 0)
            return m->polls;
    }
}
