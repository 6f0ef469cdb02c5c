/*
 * given_mini.c - the given half of exercise 4's tiny executor: its FIFO and its
 * waker.  You write the run loop (mini_run) in exercises/ex4_budget.c.
 *
 *   fifo (ring of task indexes, at most MINI_MAX_TASKS):
 *
 *        head                 head + len
 *         v                       v
 *   [ . | 2 | 0 | 1 | . | . | . | . ]      pop from head, push at head+len
 *
 * A task is in the FIFO at most once (`queued`), so the ring never
 * overflows: that is the same "waking twice queues once" rule the real
 * task state machine keeps with its SCHEDULED bit.
 */
#include <assert.h>

#include "lesson.h"

void mini_init(mini_executor *m, unsigned budget, void (*check_events)(mini_executor *m, void *arg),
               void *arg)
{
    assert(budget >= 1);
    *m = (mini_executor){.budget = budget, .check_events = check_events, .arg = arg};
}

static void push(mini_executor *m, size_t index)
{
    mini_task *t = &m->tasks[index];
    if (t->queued || t->done)
        return; /* already waiting for its turn, or finished: nothing to do */
    assert(m->len < MINI_MAX_TASKS);
    m->fifo[(m->head + m->len) % MINI_MAX_TASKS] = index;
    m->len++;
    t->queued = true;
}

size_t mini_spawn(mini_executor *m, ac_future *f)
{
    assert(m->ntasks < MINI_MAX_TASKS);
    size_t index = m->ntasks++;
    m->tasks[index] = (mini_task){.future = f, .owner = m};
    push(m, index);
    return index;
}

bool mini_pop(mini_executor *m, size_t *index)
{
    if (m->len == 0)
        return false;
    *index = m->fifo[m->head];
    m->head = (m->head + 1) % MINI_MAX_TASKS;
    m->len--;
    m->tasks[*index].queued = false;
    return true;
}

void mini_wake(mini_executor *m, size_t index) { push(m, index); }

/* The waker: data is the mini_task; no reference counting because the
 * tasks live in the executor itself, which outlives every poll. */
static const ac_waker_vtable mini_waker_vtable;

static ac_waker mini_clone(void *data) { return (ac_waker){.data = data, .vtable = &mini_waker_vtable}; }

static void mini_wake_task(void *data)
{
    mini_task *t = data;
    push(t->owner, (size_t)(t - t->owner->tasks));
}

static void mini_nothing(void *data) { (void)data; }

static const ac_waker_vtable mini_waker_vtable = {
    .clone = mini_clone, .wake = mini_wake_task, .wake_by_ref = mini_wake_task, .drop = mini_nothing};

ac_waker mini_waker(mini_task *t) { return mini_clone(t); }
