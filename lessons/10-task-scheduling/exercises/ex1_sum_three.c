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
 * Check it:  ./course check 10/ex1   (or: ctest --preset learner -R 10-task-scheduling/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll sum_three_poll(ac_future *self, ac_context *cx)
{
    sum_three *s = (sum_three *)self;
    (void)s;
    (void)cx;
    /* TODO: run the three jobs job_new(values[k], k + 1) side by side as
     * tasks of the executor polling you, and be Ready with the sum of
     * their outputs (an int each) in s->output.
     * - Side by side: all three exist before you wait for any.
     * - You own the three join handles: each is given back once its
     *   value is out, or its task is never freed.
     * - A coroutine (ac/coro.h): what must survive an await lives in the
     *   struct (the handles, the one being awaited: s->next).
     * Explained in docs/10-task-scheduling.md, "Spawn, join handles, and
     * a parent that waits". */
    AC_TODO();
}
