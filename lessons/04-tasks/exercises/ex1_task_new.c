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
 * Check it:  ctest --preset learner -R 04-tasks/ex1
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
    /* TODO: malloc room for the header AND the future (sizeof(task) + size);
     * return NULL if that fails.  Copy the future's bytes into t->storage
     * and point t->future at them.  Fill in the rest: queue, name, one
     * reference (atomic_init), not queued, not done, no joiner, no polls. */
    AC_TODO();
}
