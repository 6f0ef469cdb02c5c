/* Mutant of exercise 1: each job is spawned only after the previous one was
 * awaited, so the jobs run one after the other instead of side by side.
 * Caught by sum_three_spawns_and_sums_as_a_task (live tasks after the first
 * poll). */
#include "lesson.h"

ac_poll sum_three_poll(ac_future *self, ac_context *cx)
{
    sum_three *s = (sum_three *)self;
    AC_BEGIN(&s->co);

    /* Spawn all three before awaiting any: they run side by side while we
     * wait.  Spawning one and awaiting it before the next would be a
     * sequential program with extra steps. */

    /* `next` lives in the struct: a local would not survive the await. */
    for (s->next = 0; s->next < 3; s->next++) {
        job j = job_new(s->values[s->next], (unsigned)s->next + 1);
        s->handles[s->next] = AC_SPAWN(ac_executor_current(), j);
        AC_AWAIT(&s->co, cx, &s->handles[s->next].base);
        int value = 0;
        ac_join_take(&s->handles[s->next], &value, sizeof value); /* copies, then releases */
        s->output += value;
    }

    AC_END(&s->co);
}
