/*
 * Exercise 4: mini_run - a run loop with a fairness budget.
 *
 * mini_executor (lesson.h, mini.c) gives you a FIFO of task indexes
 * (mini_pop), a waker per task (mini_waker) and check_events, the
 * stand-in for "ask the OS what happened".  Write the loop:
 *
 *   pop -> poll -> (Ready? mark done) -> polls % budget == 0? check_events
 *    ^                                                          |
 *    +----------------------------------------------------------+
 *   FIFO empty -> check_events once -> still empty? return m->polls
 *
 * With budget 10, a busy task that yields 100 times and a task waiting
 * for an event that is already there: the waiting task runs at poll 12.
 * Without a budget it would wait until the busy one is finished.
 *
 * Check it:  ./course check 10/ex4   (or: ctest --preset learner -R 10-task-scheduling/ex4)
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

unsigned long mini_run(mini_executor *m)
{
    (void)m;
    /* TODO: run the tasks in FIFO order until there is nothing left to
     * do; return m->polls.
     * - Poll each popped task with its waker (mini_waker); a Ready task
     *   is marked done and never polled again.  Count every poll.
     * - The budget: right after every poll that makes m->polls a
     *   multiple of m->budget, look outside (check_events) once, busy
     *   or not.
     * - Idle (FIFO empty): look outside once more; only if that queued
     *   nothing are you finished.
     * - Count every check_events call in m->event_checks.
     * Explained in docs/10-task-scheduling.md, "The fairness budget". */
    AC_TODO();
}
