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
 * Check it:  ctest --preset learner -R 10-task-scheduling/ex4
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

unsigned long mini_run(mini_executor *m)
{
    (void)m;
    /* TODO: loop { while mini_pop() gives an index: make the task's
     * waker and a context, count the poll in m->polls, poll it, mark it
     * done on Ready, and after every m->budget-th poll call
     * m->check_events(m, m->arg) (count it in m->event_checks).
     * Queue empty: call check_events once more (count it too); if the
     * FIFO is still empty, return m->polls. } */
    AC_TODO();
}
