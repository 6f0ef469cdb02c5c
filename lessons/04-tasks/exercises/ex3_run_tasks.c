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
 * Check it:  ./course check 04/ex3   (or: ctest --preset learner -R 04-tasks/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include "course/exercise.h"
#include "lesson.h"

unsigned run_tasks(task_queue *q, task_observer observe, void *arg)
{
    (void)q;
    (void)observe;
    (void)arg;
    /* TODO: run until the queue is empty, polling each task it hands you
     * with that task's own waker (exercise 2), and return how many polls
     * you made (count each task's polls in t->polls too).  What it keeps:
     *   - a popped task comes with the queue entry's reference: it is yours
     *     to give back once you are done with the task, and every other
     *     reference you take for the poll goes back too;
     *   - Pending needs nothing from you: the future arranged its own wake;
     *   - Ready: the task becomes done (under q->lock) and whoever waits in
     *     t->joiner is woken, once, and no longer stored; a wake can take
     *     q->lock, so never wake while you hold it;
     *   - observe (if not NULL) sees every poll's result while the task is
     *     still alive, even one nobody else holds.
     * The idea: docs/04-tasks.md, "The waker closes the loop". */
    AC_TODO();
}
