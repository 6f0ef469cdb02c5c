/* Mutant of exercise 4: a task that returns Ready is not marked done, so a
 * later wake could poll it again. Caught by
 * mini_run_checks_events_every_budget_polls (tasks[0].done). */
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
            (void)ac_future_poll(t->future, &cx);
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
        if (m->len == 0)
            return m->polls;
    }
}
