/* Mutant of exercise 1: the spawns are written before AC_BEGIN, so they run
 * again on every poll: each resume starts three new jobs and awaits those,
 * and the sum never completes.  Caught by
 * sum_three_spawns_and_sums_as_a_task (the hang watchdog). */
#include "lesson.h"

ac_poll sum_three_poll(ac_future *self, ac_context *cx)
{
    sum_three *s = (sum_three *)self;
    for (int k = 0; k < 3; k++) {
        ac_join_release(&s->handles[k]);
        job j = job_new(s->values[k], (unsigned)k + 1);
        s->handles[k] = AC_SPAWN(ac_executor_current(), j);
    }
    AC_BEGIN(&s->co);

    /* `next` lives in the struct: a local would not survive the await. */
    for (s->next = 0; s->next < 3; s->next++) {
        AC_AWAIT(&s->co, cx, &s->handles[s->next].base);
        int value = 0;
        ac_join_take(&s->handles[s->next], &value, sizeof value); /* copies, then releases */
        s->output += value;
    }

    AC_END(&s->co);
}
