/*
 * Exercise 1: task_new - put a future in an envelope.
 *
 * The executor cannot hold "a countdown" or "an answer": each has its own
 * size and type.  It holds tasks.  A task is one malloc'd block: the task
 * header, then a byte-for-byte copy of the future in t->storage, and
 * t->future pointing at that copy (so only its vtable knows its type).
 *
 *   countdown c = countdown_new(3);
 *   task *t = task_new(&q, "countdown", &c, sizeof c);
 *   t->future->vtable == c.base.vtable      (same kind of future)
 *   t->future is inside t, not &c           (the task owns its copy)
 *   refs 1, not queued, not done, no joiner, 0 polls
 *
 * Check it:  ./course check 04/ex1   (or: ctest --preset learner -R 04-tasks/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

task *task_new(task_queue *q, const char *name, const void *future, size_t size)
{
    (void)q;
    (void)name;
    (void)future;
    (void)size;
    /* TODO: return a task that owns its own copy of the `size` bytes at
     * `future`, in ONE allocation with the header, with t->future pointing
     * at that copy (never at the caller's, which may be a local about to
     * die).  Every field gets a defined value: the queue and name given,
     * exactly one reference (the caller's), not queued, not done, no
     * joiner ({0}), no polls.  NULL when out of memory.
     * The idea: docs/04-tasks.md, "A task is one allocation". */
    AC_TODO();
}
