/*
 * Exercise 3: run_tasks - the life of a task.
 *
 *   spawn --> [queue] --pop--> poll --Pending--> wait for a wake --+
 *                ^                |                                 |
 *                |                +--Ready--> done, wake the joiner |
 *                +------------- the waker pushes it back ----------+
 *
 * With countdown(2) spawned as "c":
 *   poll 1: c -> Pending   queue [c]   (it woke itself: it is back)
 *   poll 2: c -> Pending   queue [c]
 *   poll 3: c -> Ready     queue []    (done: it is gone)
 *   returns 3
 *
 * Check it:  ctest --preset learner -R 04-tasks/ex3
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

unsigned run_tasks(task_queue *q, task_observer observe, void *arg)
{
    (void)q;
    (void)observe;
    (void)arg;
    /* TODO: loop while task_queue_pop(q) gives you a task (you then own
     * the queue entry's reference):
     *   - make a waker with task_waker(t) (exercise 2), put it in an
     *     ac_context, poll t->future, then drop the waker;
     *   - count the poll (t->polls and your total);
     *   - on AC_READY: under q->lock set t->done and take t->joiner out
     *     (leave {0} behind); after unlocking, ac_waker_wake() it if set;
     *   - call observe(t, result, arg) if observe is not NULL;
     *   - task_unref(t): give the queue entry's reference back.
     * Return the number of polls. */
    AC_TODO();
}
