/* Mutant of exercise 1: it awaits only the slowest job, then takes all three
 * outputs, so it misses two awaits (and would miss a job that finishes
 * last). Caught by sum_three_spawns_and_sums_as_a_task (the poll count). */
#include "lesson.h"

ac_poll sum_three_poll(ac_future *self, ac_context *cx)
{
    sum_three *s = (sum_three *)self;
    AC_BEGIN(&s->co);

    /* Spawn all three before awaiting any: they run side by side while we
     * wait.  Spawning one and awaiting it before the next would be a
     * sequential program with extra steps. */
    for (int k = 0; k < 3; k++) {
        job j = job_new(s->values[k], (unsigned)k + 1); /* job k takes k + 1 turns */
        s->handles[k] = AC_SPAWN(ac_executor_current(), j);
    }

    /* `next` lives in the struct: a local would not survive the await. */
    AC_AWAIT(&s->co, cx, &s->handles[2].base);
    for (s->next = 0; s->next < 3; s->next++) {
        int value = 0;
        ac_join_take(&s->handles[s->next], &value, sizeof value); /* copies, then releases */
        s->output += value;
    }

    AC_END(&s->co);
}
