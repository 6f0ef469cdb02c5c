/*
 * Exercise 1: sum_three_poll - spawn three tasks, await their handles.
 *
 * sum_three_new(10, 20, 30) run as a task must:
 *
 *   poll 1: spawn job(10, 1 turn), job(20, 2 turns), job(30, 3 turns),
 *           await handle 0 -> Pending          (the jobs have not run yet)
 *   ...     each time the awaited job finishes, its handle wakes us:
 *           take its value, add it to `output`, await the next handle
 *   last:   output == 60 -> Ready
 *
 * This is a coroutine (common/include/ac/coro.h): AC_BEGIN, AC_AWAIT and
 * AC_END, with every value that must survive an await kept in the struct.
 *
 * Check it:  ctest --preset learner -R 10-task-scheduling/ex1
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll sum_three_poll(ac_future *self, ac_context *cx)
{
    sum_three *s = (sum_three *)self;
    (void)s;
    (void)cx;
    /* TODO: AC_BEGIN(&s->co);
     *   spawn job_new(s->values[k], k + 1) for k = 0..2 on
     *   ac_executor_current() with AC_SPAWN, keeping s->handles[k];
     *   for s->next = 0..2: AC_AWAIT the handle's `base`, copy the job's
     *   int output out with ac_join_take() (which also releases the
     *   handle), and add it to s->output;
     * AC_END(&s->co); */
    AC_TODO();
}
